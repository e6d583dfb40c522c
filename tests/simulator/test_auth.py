"""API keys: Bearer or query string, scoped to one company; the error envelope."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest

from simulator.data import WORLD_NOW
from simulator.model import Company, World
from simulator.state import SimState

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


EXPIRED = {"statusCode": 401, "error": "Unauthorized", "message": "Token expired"}


def _claims(key: str) -> dict[str, Any]:
    payload = key.split(".")[1]
    claims: dict[str, Any] = orjson.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


def test_keys_last_365_days_checked_against_world_now(world: World) -> None:
    """Reference §1.2: keys are valid 365 days. The current keys expire after WORLD_NOW, the
    deliberately expired ones before it."""
    for company in world.companies:
        current, expired = _claims(company.api_key), _claims(company.expired_api_key)
        assert current["exp"] - current["iat"] == 365 * 86400 == expired["exp"] - expired["iat"]
        assert current["id"] == expired["id"] == company.numeric_id
        assert current["exp"] > WORLD_NOW.timestamp() > expired["exp"]
        assert company.expired_api_key != company.api_key


def _api_calls(company: Company) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """One request per authenticated api-host endpoint (method, endpoint id, path, JSON body)."""
    applicant = next(
        a for a in company.applicants.values() if company.candidates[a.candidate].cv_key
    )
    cv_key = company.candidates[applicant.candidate].cv_key
    assert cv_key is not None
    file = company.files[cv_key]
    base = f"/company/{company.hashid}"
    record = f"{base}/vacancy/{applicant.vacancy}/applicant/{applicant.hashid}"
    tag = company.tags[0].hashid
    files = f"{base}/files/expire?key={file.key}&extension={file.extension}"
    return [
        ("GET", "V1", f"{base}/vacancies", None),
        ("GET", "V2", f"/vacancy/{applicant.vacancy}", None),
        ("POST", "C1", f"{base}/search/applicants", {}),
        ("PUT", "C2", record, {"column_id": applicant.column_id}),
        ("DELETE", "C3", record, None),
        ("GET", "C6", files, None),
        ("GET", "S1", f"{base}/columns", None),
        ("GET", "T1", f"{base}/tags", None),
        ("GET", "T2", f"{base}/applicant/{applicant.hashid}/traits", None),
        ("POST", "T3", f"{base}/applicant/{applicant.hashid}/trait", {"tag": tag, "value": "x"}),
        ("GET", "U1", f"{base}/members?fields=user", None),
    ]


@pytest.mark.parametrize("how", ["bearer", "token", "api_key"])
async def test_expired_key_401_on_every_api_path(
    client: httpx.AsyncClient, acme: Company, sim: SimState, how: str
) -> None:
    calls = _api_calls(acme)
    # Every authenticated api-host route of the app is covered (A1 login takes no key).
    assert {eid for _, eid, _, _ in calls} == {"V1", "V2", "C1", "C2", "C3", "C6"} | {
        "S1",
        "T1",
        "T2",
        "T3",
        "U1",
    }
    before = (len(acme.traits), [a.updated_at for a in acme.applicants.values()])
    for method, eid, path, body in calls:
        headers, params = {}, {}
        if how == "bearer":
            headers = {"Authorization": f"Bearer {acme.expired_api_key}"}
        else:
            params = {how: acme.expired_api_key}
        response = await client.request(method, path, json=body, headers=headers, params=params)
        assert response.status_code == 401, (eid, response.text)
        assert response.json() == EXPIRED, eid
        assert sim.log.snapshot()["requests"][-1]["endpoint"] == eid
    assert (len(acme.traits), [a.updated_at for a in acme.applicants.values()]) == before
    # The same calls with the current key succeed.
    for method, eid, path, body in calls:
        response = await client.request(method, path, json=body, headers=auth(acme))
        assert response.status_code == 200, (eid, response.text)


async def test_expired_key_401_on_careers_create(client: httpx.AsyncClient, acme: Company) -> None:
    vacancy = next(v for v in acme.vacancies.values() if v.status == 1)
    body: dict[str, Any] = {
        "vacancy": vacancy.slug,
        "firstname": "Périmé",
        "lastname": "Clé",
        "type": "link",
        "resume": "https://files.example.com/cv/perime.pdf",
    }
    before = len(acme.applicants)
    for route in ("json", "custom", "test"):
        url = f"/careers/vacancy/candidate/{route}"
        for key_name in ("token", "api_key"):
            response = await client.post(url, json={**body, key_name: acme.expired_api_key})
            assert (response.status_code, response.json()) == (401, EXPIRED), route
        headers = {"Authorization": f"Bearer {acme.expired_api_key}"}
        response = await client.post(url, json=body, headers=headers)
        assert (response.status_code, response.json()) == (401, EXPIRED), route
        form = {**body, "token": acme.expired_api_key}
        response = await client.post(url, data=form)
        assert (response.status_code, response.json()) == (401, EXPIRED), route
    assert len(acme.applicants) == before
    response = await client.post(
        "/careers/vacancy/candidate/json", json={**body, "token": acme.api_key}
    )
    assert response.status_code == 200


async def test_key_expiry_ignores_machine_and_sim_clock(
    client: httpx.AsyncClient, acme: Company, sim: SimState
) -> None:
    """Expiry is judged against the world's fixed now: a far-future clock changes nothing."""
    sim.clock = lambda: datetime(2040, 1, 1, tzinfo=UTC)
    ok = await client.get(f"/company/{acme.hashid}/columns", headers=auth(acme))
    assert ok.status_code == 200
    headers = {"Authorization": f"Bearer {acme.expired_api_key}"}
    expired = await client.get(f"/company/{acme.hashid}/columns", headers=headers)
    assert (expired.status_code, expired.json()) == (401, EXPIRED)


async def test_expired_key_of_other_company_still_401(
    client: httpx.AsyncClient, acme: Company, globex: Company
) -> None:
    headers = {"Authorization": f"Bearer {globex.expired_api_key}"}
    response = await client.get(f"/company/{acme.hashid}/columns", headers=headers)
    assert (response.status_code, response.json()) == (401, EXPIRED)
