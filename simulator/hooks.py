"""Test and benchmark hooks under `/_sim` (no authentication, never logged): the request log,
fault injection, the seeded companies and their keys, world mutations, received C4 payloads."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from simulator.ops import mutate as apply_mutation
from simulator.state import Fault, SimState
from simulator.web import ApiError, JSONResponse, json_body


def _sim(request: Request) -> SimState:
    state: SimState = request.app.state.sim
    return state


async def get_log(request: Request) -> Response:
    return JSONResponse(_sim(request).log.snapshot())


async def reset_log(request: Request) -> Response:
    _sim(request).log.reset()
    return JSONResponse({"total": 0})


def _number(body: dict[str, Any], name: str, default: float | None) -> float | None:
    value = body.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ApiError(400, f'"{name}" must be a non-negative number')
    return float(value)


def parse_fault(body: dict[str, Any]) -> Fault:
    endpoint = body.get("endpoint", "*")
    status = body.get("status")
    times = body.get("times")
    hang = body.get("hang", False)
    if not isinstance(endpoint, str) or not endpoint:
        raise ApiError(400, '"endpoint" must be an endpoint id such as "C1", or "*"')
    if status is not None and (
        not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599
    ):
        raise ApiError(400, '"status" must be an HTTP status code')
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise ApiError(400, '"times" must be a positive integer or null')
    if not isinstance(hang, bool):
        raise ApiError(400, '"hang" must be a boolean')
    after_write = body.get("after_write", False)
    if not isinstance(after_write, bool):
        raise ApiError(400, '"after_write" must be a boolean')
    rate = _number(body, "rate", 1.0)
    if rate is None or rate > 1:
        raise ApiError(400, '"rate" must be between 0 and 1')
    return Fault(
        endpoint=endpoint,
        latency_ms=_number(body, "latency_ms", 0.0) or 0.0,
        status=status,
        rate=rate,
        retry_after=_number(body, "retry_after", None),
        hang=hang,
        times=times,
        after_write=after_write,
    )


async def list_faults(request: Request) -> Response:
    return JSONResponse({"faults": [f.to_json() for f in _sim(request).faults]})


async def add_fault(request: Request) -> Response:
    try:
        fault = parse_fault(await json_body(request))
    except ApiError as error:
        return error.response()
    sim = _sim(request)
    sim.add_fault(fault)
    return JSONResponse({"fault": fault.to_json(), "faults": [f.to_json() for f in sim.faults]})


async def clear_faults(request: Request) -> Response:
    _sim(request).clear_faults()
    return JSONResponse({"faults": []})


async def companies(request: Request) -> Response:
    return JSONResponse(
        [
            {
                "slug": c.slug,
                "hashid": c.hashid,
                "numeric_id": c.numeric_id,
                "name": c.name,
                "api_key": c.api_key,
                "expired_api_key": c.expired_api_key,
            }
            for c in _sim(request).world.companies
        ]
    )


async def mutate(request: Request) -> Response:
    try:
        return JSONResponse(apply_mutation(_sim(request), await json_body(request)))
    except ApiError as error:
        return error.response()


async def submissions(request: Request) -> Response:
    return JSONResponse({"submissions": list(_sim(request).submissions)})


def routes() -> list[BaseRoute]:
    return [
        Route("/log", get_log, methods=["GET"]),
        Route("/log", reset_log, methods=["DELETE"]),
        Route("/faults", list_faults, methods=["GET"]),
        Route("/faults", add_fault, methods=["POST"]),
        Route("/faults", clear_faults, methods=["DELETE"]),
        Route("/companies", companies, methods=["GET"]),
        Route("/mutate", mutate, methods=["POST"]),
        Route("/submissions", submissions, methods=["GET"]),
    ]
