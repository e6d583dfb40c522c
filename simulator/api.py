"""Api-host routes about the company and its vacancies: A1 login, V1 vacancies, V2 one vacancy,
S1 columns, T1 tags, U1 members, C6 CV download. (Applicant routes are in `applicants.py`.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from simulator.files import cv_bytes
from simulator.ids import make_jwt
from simulator.render import column_json, member_json, tag_json, vacancy_json
from simulator.web import (
    ApiError,
    Ctx,
    JSONResponse,
    api_key,
    authorize,
    endpoint,
    json_body,
    key_company,
    query_fields,
    retry_after_header,
)


def int_param(value: Any, name: str) -> int | None:
    """An optional integer from a query string or a JSON body (numeric strings accepted)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ApiError(400, f'"{name}" must be a number')
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ApiError(400, f'"{name}" must be a number')


@endpoint("A1")
async def login(request: Request, ctx: Ctx) -> Response:
    body = await json_body(request)
    email, password = body.get("email"), body.get("password")
    for name, value in (("email", email), ("password", password)):
        if not isinstance(value, str) or not value:
            raise ApiError(400, f'"{name}" is required')
    assert isinstance(email, str)
    for company in ctx.sim.world.companies:
        for member in company.members:
            user = member.user
            if user.email.lower() == email.strip().lower() and user.password == password:
                ctx.company = company.hashid
                issued = ctx.sim.now()
                token = make_jwt(
                    {
                        "id": user.numeric_id,
                        "iat": int(issued.timestamp()),
                        "exp": int((issued + timedelta(days=1)).timestamp()),
                    },
                    f"{ctx.sim.world.salt}:users",
                )
                return JSONResponse({"statusCode": 200, "token": token})
    raise ApiError(401, "Invalid email or password")


@endpoint("V1")
async def list_vacancies(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    # Questions are only served by V2 (the list call never embeds them).
    fields = query_fields(request) & {"address", "tags", "items"}
    status = int_param(request.query_params.get("status"), "status")
    offer_id = int_param(request.query_params.get("offer_id"), "offer_id")
    result = []
    for vacancy in company.vacancies.values():
        if status is not None and vacancy.status != status:
            continue
        if offer_id is not None and not any(d.offer_id == offer_id for d in vacancy.distributions):
            continue
        result.append(vacancy_json(company, vacancy, fields))
    return JSONResponse(result)


@endpoint("V2")
async def get_vacancy(request: Request, ctx: Ctx) -> Response:
    key_owner = key_company(ctx.sim, api_key(request))
    found = ctx.sim.world.find_vacancy(request.path_params["vacancy"])
    if found is None:
        raise ApiError(404, "Vacancy not found")
    company, vacancy = found
    ctx.company = company.hashid
    if key_owner is not company:
        raise ApiError(403, "You are not allowed to access this vacancy")
    data = vacancy_json(company, vacancy, query_fields(request))
    # §2.3: V2 gives `salary` as a string, while V1/V4 keep the seeded type drift (a number on
    # some vacancies).
    data["salary"] = str(data["salary"])
    return JSONResponse(data)


@endpoint("S1")
async def list_columns(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    columns = sorted(company.columns, key=lambda c: (c.position, c.id))
    return JSONResponse([column_json(company, column) for column in columns])


@endpoint("T1")
async def list_tags(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    return JSONResponse([tag_json(company, tag) for tag in company.tags])


@endpoint("U1")
async def list_members(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    with_user = "user" in query_fields(request)
    return JSONResponse([member_json(company, m, with_user) for m in company.members])


@endpoint("C6")
async def download_file(request: Request, ctx: Ctx) -> Response:
    company = authorize(ctx)
    wait = ctx.sim.c6_allowed(company.hashid)
    if wait > 0:
        raise ApiError(429, "Too many requests", headers=retry_after_header(wait))
    key = request.query_params.get("key", "")
    extension = request.query_params.get("extension", "")
    for name, value in (("key", key), ("extension", extension)):
        if not value:
            raise ApiError(400, f'"{name}" is required')
    file = company.files.get(key)
    if file is None or file.extension.lower() != extension.lower().lstrip("."):
        raise ApiError(404, "File not found")
    return Response(
        cv_bytes(file),
        media_type=file.content_type,
        headers={"Content-Disposition": f'inline; filename="{file.file_name}"'},
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/user/login", login, methods=["POST"]),
        Route("/company/{company}/vacancies", list_vacancies, methods=["GET"]),
        Route("/vacancy/{vacancy}", get_vacancy, methods=["GET"]),
        Route("/company/{company}/columns", list_columns, methods=["GET"]),
        Route("/company/{company}/tags", list_tags, methods=["GET"]),
        Route("/company/{company}/members", list_members, methods=["GET"]),
        Route("/company/{company}/files/expire", download_file, methods=["GET"]),
    ]
