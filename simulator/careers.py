"""Careers-host routes (mounted under `/careers`): V4 public job feed, C4 candidate creation."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from simulator.corpus import ACTIVITIES
from simulator.model import Applicant, Vacancy
from simulator.render import METIERS, careers_item_json
from simulator.seed_vacancies import CAREERS_OFFER
from simulator.stored import stored_view
from simulator.submission import Resume, Submission, read_payload, store, validate
from simulator.web import ApiError, Ctx, JSONResponse, endpoint


@endpoint("V4")
async def careers_feed(request: Request, ctx: Ctx) -> Response:
    """Published careers-site distributions of the active vacancies, no authentication.
    `affiliated` (comma list of company hashids) appends those companies' items, after the
    slug's own, filtered the same way; unknown hashids and the slug's own company are skipped."""
    world = ctx.sim.world
    slug = request.path_params["slug"]
    company = world.company_by_slug(slug)
    if company is None:
        raise ApiError(404, "", body={"message": f"Not available for slug {slug}"})
    ctx.company = company.hashid
    query = request.query_params
    text = query.get("filter")
    companies = [company]
    for hashid in query.get("affiliated", "").split(","):
        affiliate = world.company_by_hashid(hashid.strip())
        if affiliate is not None and affiliate not in companies:
            companies.append(affiliate)
    items = []
    for owner in companies:
        for vacancy in owner.vacancies.values():
            if vacancy.status != 1 or not _feed_match(vacancy, query.get, text):
                continue
            for distribution in vacancy.distributions:
                if distribution.offer_id == CAREERS_OFFER and distribution.published:
                    items.append(careers_item_json(owner, vacancy, distribution))
    body: dict[str, Any] = {"items": items}
    if text is not None:
        body["filter"] = text
    return JSONResponse(body)


def _feed_match(vacancy: Vacancy, get: Any, text: str | None) -> bool:
    if get("id") and vacancy.hashid != get("id"):
        return False
    if text:
        wanted = text.casefold()
        if wanted not in vacancy.title.casefold() and wanted not in vacancy.reference.casefold():
            return False
    address = vacancy.address
    for name in ("locality", "administrative_area_level_1"):
        wanted_place = get(name)
        if wanted_place:
            actual = getattr(address, name) if address else ""
            if actual.casefold() != wanted_place.casefold():
                return False
    labels = {
        "activity": (vacancy.activity_id, ACTIVITIES.get(vacancy.activity_id, "")),
        "metier": (vacancy.metier_id, METIERS.get(vacancy.metier_id, "")),
    }
    for name, (number, label) in labels.items():
        wanted_label = get(name)
        if wanted_label and wanted_label not in (str(number), label):
            return False
    return True


async def _create(request: Request, ctx: Ctx, route: str, default_source: str | None) -> Response:
    """Validate a C4 payload; store it unless `default_source` is None (the test route)."""
    payload = await read_payload(request)
    try:
        submission = validate(ctx.sim, request, payload)
    except ApiError:
        _remember(ctx, route, payload, None, None)
        raise
    ctx.company = submission.company.hashid
    applicant = None
    if default_source is not None:
        applicant = store(ctx.sim, submission, default_source)
    _remember(ctx, route, payload, submission, applicant)
    return JSONResponse({"status": 200, "response": "applicant created"})


def _remember(
    ctx: Ctx, route: str, payload: dict[str, Any], sub: Submission | None, stored: Applicant | None
) -> None:
    """Keep what clients sent (without the token or the file bytes) for /_sim/submissions."""
    resume = payload.get("resume")
    if isinstance(resume, dict):
        resume = {k: v for k, v in resume.items() if k != "data"}
        resume["data_length"] = len(str(payload["resume"].get("data") or ""))
    elif isinstance(resume, Resume):
        resume = _plain(resume)
    entry = {k: _plain(v) for k, v in payload.items() if k not in ("token", "api_key", "resume")}
    entry.update(
        route=route,
        resume=resume,
        applicant=stored.hashid if stored else None,
        valid=sub is not None,
        stored=stored_view(sub.company, stored) if sub and stored else None,
    )
    ctx.sim.submissions.append(entry)


def _plain(value: Any) -> Any:
    if isinstance(value, Resume):
        return {"fileName": value.file_name, "size": len(value.data or b""), "upload": True}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@endpoint("C4")
async def create_json(request: Request, ctx: Ctx) -> Response:
    return await _create(request, ctx, "json", default_source="API")


@endpoint("C4")
async def create_custom(request: Request, ctx: Ctx) -> Response:
    return await _create(request, ctx, "custom", default_source="Site carrière")


@endpoint("C4T")
async def create_test(request: Request, ctx: Ctx) -> Response:
    """Validates exactly like the other two routes and stores nothing."""
    return await _create(request, ctx, "test", default_source=None)


def routes() -> list[BaseRoute]:
    return [
        Route("/company/{slug}.json", careers_feed, methods=["GET"]),
        Route("/vacancy/candidate/json", create_json, methods=["POST"]),
        Route("/vacancy/candidate/custom", create_custom, methods=["POST"]),
        Route("/vacancy/candidate/test", create_test, methods=["POST"]),
    ]
