"""HTTP plumbing shared by the api and careers routes: JSON responses, the error envelope,
API-key authentication, body parsing and the `endpoint` wrapper (faults, latency, request log).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response

from simulator.ids import jwt_exp
from simulator.model import Company
from simulator.state import FaultEffect, SimState

#: A hanging request gives up after this long even if the client never does.
HANG_MAX_S = 120.0

REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class JSONResponse(Response):
    media_type = "application/json; charset=utf-8"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class ApiError(Exception):
    """Raised by handlers; becomes `{"statusCode", "error", "message"}` (hapi's envelope)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.body = body

    def response(self) -> Response:
        body = self.body or error_body(self.status, self.message)
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"statusCode": status, "error": REASONS.get(status, "Error"), "message": message}


def retry_after_header(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


@dataclass(slots=True)
class Ctx:
    request: Request
    sim: SimState
    company: str | None  # company hashid for the request log


Handler = Callable[[Request, Ctx], Awaitable[Response]]


def endpoint(eid: str) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Wrap a handler: apply latency and faults first, translate `ApiError` (and Starlette's
    `HTTPException`) into the error envelope, log the request with the status answered."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            sim: SimState = request.app.state.sim
            ctx = Ctx(request, sim, request.path_params.get("company"))
            outcome = sim.take_faults(eid)
            sim.log.started(eid)
            try:
                response = await _faulted(request, sim, outcome)
                if response is None:
                    response = await handler(request, ctx)
                    if response.status_code < 400:  # written: now the after-write faults
                        response = await _faulted(request, sim, outcome.after) or response
            except ApiError as error:
                response = error.response()
            except HTTPException as error:
                # Starlette's own 4xx (e.g. a malformed multipart body from `request.form()`):
                # the simulator's envelope instead of Starlette's text/plain answer.
                translated = ApiError(
                    error.status_code, str(error.detail), headers=dict(error.headers or {})
                )
                response = translated.response()
            except MultiPartException as error:  # what `request.form()` raises outside an app
                response = ApiError(400, error.message).response()
            except Exception:
                sim.log.record(eid, request.method, request.url.path, 500, ctx.company)
                raise
            finally:
                sim.log.ended(eid)
            sim.log.record(eid, request.method, request.url.path, response.status_code, ctx.company)
            return response

        run.__name__ = handler.__name__
        run.__doc__ = handler.__doc__
        return run

    return wrap


#: Logged (nginx's convention) when the client gave up during a hang.
CLIENT_GONE = 499


async def _faulted(request: Request, sim: SimState, outcome: FaultEffect) -> Response | None:
    """The fault's answer, or None to go on. A client that disconnects during a hang gets
    nothing more: before the handler, nothing is written."""
    if outcome.latency_s > 0:
        await asyncio.sleep(outcome.latency_s)
    if outcome.hang and await _hang(request, sim):
        return Response(status_code=CLIENT_GONE)
    fault = outcome.status
    if fault is None or fault.status is None:
        return None
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        headers = retry_after_header(fault.retry_after)
    elif fault.status == 429:
        headers = retry_after_header(1)
    message = "Simulated failure" if fault.status != 429 else "Rate limit exceeded"
    return JSONResponse(
        error_body(fault.status, message), status_code=fault.status, headers=headers
    )


async def _hang(request: Request, sim: SimState) -> bool:
    """Sleep until the client disconnects (True), the faults are cleared, or HANG_MAX_S
    passes."""
    with contextlib.suppress(RuntimeError):  # a form handler has consumed it already
        await request.body()  # consume the body so that only a disconnect can arrive next
    generation = sim.hang_generation
    deadline = sim.monotonic() + HANG_MAX_S
    while sim.hang_generation == generation and sim.monotonic() < deadline:
        if await request.is_disconnected():
            return True
        await asyncio.sleep(0.02)
    return False


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def api_key(request: Request) -> str | None:
    """The key from `Authorization: Bearer`, else `?token=`, else `?api_key=`."""
    return (
        bearer(request) or request.query_params.get("token") or request.query_params.get("api_key")
    )


def key_company(sim: SimState, key: str | None) -> Company:
    """The company of an API key: 401 when it is missing, unknown, or expired. A key's `exp`
    is compared with the world's fixed `now` (not the machine clock), so the seeded current keys
    stay valid forever and each company's `expired_api_key` is always refused."""
    if not key:
        raise ApiError(401, "Missing authentication")
    company = sim.world.company_by_key(key)
    if company is None:
        raise ApiError(401, "Invalid token")
    exp = jwt_exp(key)
    if exp is not None and exp <= sim.world.now.timestamp():
        raise ApiError(401, "Token expired")
    return company


def authorize(ctx: Ctx, company_hashid: str | None = None) -> Company:
    """The company of the request's key; 401 without a valid key, 403 when the key belongs to
    another company than the one in the path."""
    company = key_company(ctx.sim, api_key(ctx.request))
    wanted = company_hashid if company_hashid is not None else ctx.company
    if wanted is not None and wanted != company.hashid:
        raise ApiError(403, "You are not allowed to access this company")
    return company


async def json_body(request: Request) -> dict[str, Any]:
    """A JSON object body; an empty body is `{}`."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ApiError(400, "Invalid request payload JSON format") from None
    if not isinstance(data, dict):
        raise ApiError(400, '"value" must be of type object')
    return data


def query_fields(request: Request) -> set[str]:
    raw = request.query_params.get("fields", "")
    return {part.strip() for part in raw.split(",") if part.strip()}


async def not_found(request: Request) -> Response:
    sim: SimState = request.app.state.sim
    sim.log.record("?", request.method, request.url.path, 404, None)
    return JSONResponse(error_body(404, "Not Found"), status_code=404)
