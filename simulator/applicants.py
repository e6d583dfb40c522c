"""Api-host applicant routes: C1 search, C2 move, C3 archive, T2 traits, T3 add a trait."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from simulator.api import int_param
from simulator.model import Applicant, Candidate, Company
from simulator.people import set_trait
from simulator.render_applicant import applicant_record_json, search_row_json, trait_json
from simulator.web import ApiError, Ctx, JSONResponse, authorize, endpoint, json_body

_TEXT_FILTERS = ("firstname", "lastname", "email", "phone")
_DATE_FILTERS = ("start", "end", "start_update", "end_update")
_NON_DIGITS = re.compile(r"\D+")


def _bool_param(value: Any, name: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ApiError(400, f'"{name}" must be a boolean')


def _mdy(value: Any, name: str) -> date | None:
    """C1 date filters are `MM/DD/YY` (a 4-digit year is tolerated)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        for pattern in ("%m/%d/%y", "%m/%d/%Y"):
            try:
                return datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    raise ApiError(400, f'"{name}" must be a valid date (MM/DD/YY)')


@endpoint("C1")
async def search_applicants(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    body = await json_body(request)
    texts = {
        name: str(body[name]).strip().casefold()
        for name in _TEXT_FILTERS
        if body.get(name) not in (None, "")
    }
    # The phone filter compares digits only; one without any digit ("n/a") matches no row
    # (rather than every row, which the empty "contains" would).
    matches_nothing = False
    if "phone" in texts:
        texts["phone"] = _NON_DIGITS.sub("", texts["phone"])
        matches_nothing = not texts["phone"]
    hired = _bool_param(body.get("hired"), "hired")
    status = int_param(body.get("status"), "status")
    column_title = body.get("column")
    wanted_column = str(column_title).strip().casefold() if column_title not in (None, "") else None
    vacancy_filter = body.get("vacancy")
    wanted_vacancy = str(vacancy_filter) if vacancy_filter not in (None, "") else None
    dates = {name: _mdy(body.get(name), name) for name in _DATE_FILTERS}
    columns = {column.id: column for column in company.columns}
    rows: list[dict[str, Any]] = []
    if matches_nothing:  # after every filter was validated (a bad date is still a 400)
        return JSONResponse(rows)
    for applicant in company.applicants.values():
        if wanted_vacancy is not None and applicant.vacancy != wanted_vacancy:
            continue
        if status is not None and applicant.status != status:
            continue
        column = columns[applicant.column_id]
        if hired is not None and column.hired != hired:
            continue
        if wanted_column is not None and column.title.strip().casefold() != wanted_column:
            continue
        if not _in_window(applicant.created_at.date(), dates["start"], dates["end"]):
            continue
        if not _in_window(applicant.updated_at.date(), dates["start_update"], dates["end_update"]):
            continue
        candidate = company.candidates[applicant.candidate]
        if texts and not _texts_match(texts, candidate):
            continue
        vacancy = company.vacancies[applicant.vacancy]
        rows.append(search_row_json(applicant, vacancy, candidate, column))
    return JSONResponse(rows)


def _in_window(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _texts_match(texts: dict[str, str], candidate: Candidate) -> bool:
    """Case-insensitive "contains" on names and e-mail; digits-only "contains" on the phone
    (`texts["phone"]` is never empty here)."""
    values = {
        "firstname": candidate.firstname.casefold(),
        "lastname": candidate.lastname.casefold(),
        "email": (candidate.email or "").strip().casefold(),
        "phone": _NON_DIGITS.sub("", candidate.phone or ""),
    }
    return all(wanted in values[name] for name, wanted in texts.items())


def _applicant(company: Company, request: Request, *, check_vacancy: bool) -> Applicant:
    if check_vacancy and request.path_params["vacancy"] not in company.vacancies:
        raise ApiError(404, "Vacancy not found")
    applicant = company.applicants.get(request.path_params["applicant"])
    if applicant is None or (check_vacancy and applicant.vacancy != request.path_params["vacancy"]):
        raise ApiError(404, "Applicant not found")
    return applicant


@endpoint("C2")
async def move_applicant(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    body = await json_body(request)
    column_id = body.get("column_id")
    if column_id is None:
        raise ApiError(400, '"column_id" is required')
    if not isinstance(column_id, int) or isinstance(column_id, bool):
        raise ApiError(400, '"column_id" must be a number')
    status = int_param(body.get("status"), "status")
    score = int_param(body.get("score"), "score")
    if status not in (None, 0, 1):
        raise ApiError(400, '"status" must be one of [0, 1]')
    applicant = _applicant(company, request, check_vacancy=True)
    if company.column(column_id) is None:
        raise ApiError(400, f"Column {column_id} does not exist")
    applicant.column_id = column_id
    if status is not None:
        applicant.status = status
    if score is not None:
        applicant.score = score
    now = ctx.sim.now()
    applicant.updated_at = now
    return JSONResponse(applicant_record_json(ctx.sim.world, company, applicant, now))


@endpoint("C3")
async def archive_applicant(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    applicant = _applicant(company, request, check_vacancy=True)
    now = ctx.sim.now()
    applicant.status = 0
    applicant.updated_at = now
    record = applicant_record_json(ctx.sim.world, company, applicant, now, archived=True)
    return JSONResponse(record)


@endpoint("T2")
async def list_traits(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    applicant = _applicant(company, request, check_vacancy=False)
    return JSONResponse([trait_json(t) for t in company.traits.get(applicant.hashid, [])])


@endpoint("T3")
async def add_trait(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    body = await json_body(request)
    tag, value = body.get("tag"), body.get("value")
    if not isinstance(tag, str) or not tag:
        raise ApiError(400, '"tag" is required')
    if value is None or isinstance(value, dict | list):
        raise ApiError(400, '"value" is required')
    applicant = _applicant(company, request, check_vacancy=False)
    if company.tag(tag) is None:
        raise ApiError(404, "Tag not found")
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    trait = set_trait(ctx.sim.world, company, applicant, tag, text)
    return JSONResponse(trait_json(trait))


def routes() -> list[BaseRoute]:
    applicant = "/company/{company}/vacancy/{vacancy}/applicant/{applicant}"
    return [
        Route("/company/{company}/search/applicants", search_applicants, methods=["POST"]),
        Route(applicant, move_applicant, methods=["PUT"]),
        Route(applicant, archive_applicant, methods=["DELETE"]),
        Route("/company/{company}/applicant/{applicant}/traits", list_traits, methods=["GET"]),
        Route("/company/{company}/applicant/{applicant}/trait", add_trait, methods=["POST"]),
    ]
