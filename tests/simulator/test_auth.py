"""API keys: Bearer or query string, scoped to one company; the error envelope."""

from __future__ import annotations

import httpx

from simulator.model import Company

from .helpers import assert_error, auth


async def test_auth_bearer_accepted(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get(f"/company/{acme.hashid}/columns", headers=auth(acme))
    assert response.status_code == 200


async def test_auth_query_token_accepted(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get(f"/company/{acme.hashid}/columns", params={"token": acme.api_key})
    assert response.status_code == 200


async def test_auth_query_api_key_accepted(client: httpx.AsyncClient, acme: Company) -> None:
    params = {"api_key": acme.api_key}
    response = await client.get(f"/company/{acme.hashid}/columns", params=params)
    assert response.status_code == 200


async def test_auth_missing_key_401(client: httpx.AsyncClient, acme: Company) -> None:
    body = assert_error(await client.get(f"/company/{acme.hashid}/columns"), 401)
    assert body["error"] == "Unauthorized"


async def test_auth_unknown_key_401(client: httpx.AsyncClient, acme: Company) -> None:
    headers = {"Authorization": "Bearer not-a-key"}
    assert_error(await client.get(f"/company/{acme.hashid}/tags", headers=headers), 401)


async def test_auth_non_bearer_scheme_401(client: httpx.AsyncClient, acme: Company) -> None:
    headers = {"Authorization": f"Basic {acme.api_key}"}
    assert_error(await client.get(f"/company/{acme.hashid}/tags", headers=headers), 401)


async def test_auth_other_company_path_403(
    client: httpx.AsyncClient, acme: Company, globex: Company
) -> None:
    response = await client.get(f"/company/{globex.hashid}/vacancies", headers=auth(acme))
    body = assert_error(response, 403)
    assert body["error"] == "Forbidden"


async def test_auth_unknown_company_path_403(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get("/company/AAAAAAAAAAAAAAAA/columns", headers=auth(acme))
    assert_error(response, 403)


async def test_unknown_route_404_json(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/nope/nothing"), 404)


async def test_login_valid_user_token(client: httpx.AsyncClient, acme: Company) -> None:
    user = acme.members[0].user
    response = await client.post(
        "/user/login", json={"email": user.email, "password": user.password}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["statusCode"] == 200
    assert body["token"].count(".") == 2


async def test_login_wrong_password_401(client: httpx.AsyncClient, acme: Company) -> None:
    user = acme.members[0].user
    response = await client.post("/user/login", json={"email": user.email, "password": "nope"})
    assert_error(response, 401)


async def test_login_missing_fields_400(client: httpx.AsyncClient) -> None:
    assert_error(await client.post("/user/login", json={"email": "x@example.com"}), 400)
