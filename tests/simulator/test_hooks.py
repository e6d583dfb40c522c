"""The /_sim hooks: request log, fault injection, companies, world mutations."""

from __future__ import annotations

import time
from typing import Any

import httpx

from simulator.app import create_app
from simulator.model import Company, World

from .helpers import assert_error, auth, search


async def _fault(client: httpx.AsyncClient, **fault: Any) -> None:
    response = await client.post("/_sim/faults", json=fault)
    assert response.status_code == 200, response.text


async def _mutate(client: httpx.AsyncClient, company: Company, op: str, **args: Any) -> Any:
    response = await client.post("/_sim/mutate", json={"company": company.hashid, "op": op, **args})
    assert response.status_code == 200, response.text
    return response.json()


async def test_log_counts_and_entries(client: httpx.AsyncClient, acme: Company) -> None:
    await client.get(f"/company/{acme.hashid}/vacancies", headers=auth(acme))
    await client.get(f"/company/{acme.hashid}/vacancies", headers=auth(acme))
    await search(client, acme)
    await client.get(f"/company/{acme.hashid}/columns")  # 401, still logged
    log = (await client.get("/_sim/log")).json()
    assert log["counts"] == {"C1": 1, "S1": 1, "V1": 2}
    assert log["total"] == 4
    last = log["requests"][-1]
    assert last == {
        "endpoint": "S1",
        "method": "GET",
        "path": f"/company/{acme.hashid}/columns",
        "status": 401,
        "company": acme.hashid,
    }


async def test_log_reset(client: httpx.AsyncClient, acme: Company) -> None:
    await search(client, acme)
    assert (await client.delete("/_sim/log")).status_code == 200
    log = (await client.get("/_sim/log")).json()
    assert log == {"counts": {}, "total": 0, "requests": [], "in_flight": {}}


async def test_log_hides_query_token(client: httpx.AsyncClient, acme: Company) -> None:
    await client.get(f"/company/{acme.hashid}/tags", params={"token": acme.api_key})
    log = (await client.get("/_sim/log")).json()
    assert acme.api_key not in str(log)


async def test_log_careers_company(client: httpx.AsyncClient, acme: Company) -> None:
    await client.get("/careers/company/acme.json")
    entry = (await client.get("/_sim/log")).json()["requests"][-1]
    assert entry["endpoint"] == "V4" and entry["company"] == acme.hashid


async def test_fault_status_on_one_endpoint(client: httpx.AsyncClient, acme: Company) -> None:
    await _fault(client, endpoint="C1", status=503)
    response = await client.post(
        f"/company/{acme.hashid}/search/applicants", json={}, headers=auth(acme)
    )
    assert_error(response, 503)
    other = await client.get(f"/company/{acme.hashid}/columns", headers=auth(acme))
    assert other.status_code == 200
    assert (await client.get("/_sim/log")).json()["requests"][0]["status"] == 503


async def test_fault_429_retry_after(client: httpx.AsyncClient, acme: Company) -> None:
    await _fault(client, endpoint="*", status=429, retry_after=2)
    response = await client.get(f"/company/{acme.hashid}/tags", headers=auth(acme))
    assert_error(response, 429)
    assert response.headers["Retry-After"] == "2"


async def test_fault_times_expires(client: httpx.AsyncClient, acme: Company) -> None:
    await _fault(client, endpoint="S1", status=500, times=2)
    statuses = [
        (await client.get(f"/company/{acme.hashid}/columns", headers=auth(acme))).status_code
        for _ in range(3)
    ]
    assert statuses == [500, 500, 200]
    assert (await client.get("/_sim/faults")).json() == {"faults": []}


async def test_fault_latency_added(client: httpx.AsyncClient, acme: Company) -> None:
    await _fault(client, endpoint="T1", latency_ms=150)
    started = time.perf_counter()
    response = await client.get(f"/company/{acme.hashid}/tags", headers=auth(acme))
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.14


async def test_fault_rate_seeded(world: World) -> None:
    async def statuses() -> list[int]:
        app = create_app(world)
        acme = world.companies[0]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            await _fault(client, endpoint="S1", status=503, rate=0.5)
            path = f"/company/{acme.hashid}/columns"
            return [(await client.get(path, headers=auth(acme))).status_code for _ in range(40)]

    first = await statuses()
    assert set(first) == {200, 503}
    assert first == await statuses()


async def test_fault_clear(client: httpx.AsyncClient, acme: Company) -> None:
    await _fault(client, endpoint="*", status=500)
    assert (await client.delete("/_sim/faults")).status_code == 200
    response = await client.get(f"/company/{acme.hashid}/tags", headers=auth(acme))
    assert response.status_code == 200


async def test_fault_invalid_400(client: httpx.AsyncClient) -> None:
    assert_error(await client.post("/_sim/faults", json={"status": "boom"}), 400)
    assert_error(await client.post("/_sim/faults", json={"rate": 2}), 400)


async def test_global_latency_from_create_app(world: World) -> None:
    app = create_app(world, latency_ms=120)
    acme = world.companies[0]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        started = time.perf_counter()
        await client.get(f"/company/{acme.hashid}/tags", headers=auth(acme))
        assert time.perf_counter() - started >= 0.11


async def test_companies_hook(client: httpx.AsyncClient, world: World) -> None:
    companies = (await client.get("/_sim/companies")).json()
    assert [c["slug"] for c in companies] == ["acme", "globex", "initech"]
    assert companies[0] == {
        "slug": "acme",
        "hashid": world.companies[0].hashid,
        "numeric_id": world.companies[0].numeric_id,
        "name": world.companies[0].name,
        "api_key": world.companies[0].api_key,
        "expired_api_key": world.companies[0].expired_api_key,
    }


async def test_mutate_rename_vacancy(client: httpx.AsyncClient, acme: Company) -> None:
    vacancy = next(iter(acme.vacancies.values()))
    old_slug = vacancy.slug
    result = await _mutate(
        client, acme, "rename_vacancy", vacancy=vacancy.hashid, title="Nouveau titre"
    )
    assert result["vacancy"] == vacancy.hashid and result["slug"] != old_slug
    rows = await search(client, acme, {"vacancy": vacancy.hashid})
    assert rows and {r["vacancy"] for r in rows} == {"Nouveau titre"}


async def test_mutate_close_and_delete_vacancy(client: httpx.AsyncClient, acme: Company) -> None:
    first, second = list(acme.vacancies)[:2]
    assert (await _mutate(client, acme, "close_vacancy", vacancy=first))["status"] == 0
    assert acme.vacancies[first].status == 0
    result = await _mutate(client, acme, "delete_vacancy", vacancy=second)
    assert second not in acme.vacancies
    rows = await search(client, acme)
    assert not set(result["applicants"]) & {r["applicant"] for r in rows}


async def test_mutate_add_vacancy_listed(client: httpx.AsyncClient, acme: Company) -> None:
    result = await _mutate(client, acme, "add_vacancy", title="Chef de rang H/F")
    vacancies = (await client.get(f"/company/{acme.hashid}/vacancies", headers=auth(acme))).json()
    added = next(v for v in vacancies if v["id"] == result["vacancy"])
    assert added["title"] == "Chef de rang H/F" and added["status"] == 1
    assert added["vacancy_id"] == result["vacancy_id"] and added["slug"] == result["slug"]


async def test_mutate_archive_and_delete_applicant(
    client: httpx.AsyncClient, acme: Company
) -> None:
    first, second = list(acme.applicants)[:2]
    await _mutate(client, acme, "archive_applicant", applicant=first)
    await _mutate(client, acme, "delete_applicant", applicant=second)
    rows = {r["applicant"]: r for r in await search(client, acme)}
    assert rows[first]["status"] == 0 and second not in rows


async def test_mutate_add_applicant_in_column(client: httpx.AsyncClient, acme: Company) -> None:
    vacancy = next(iter(acme.vacancies))
    result = await _mutate(
        client, acme, "add_applicant", vacancy=vacancy, column="Offre", email="new@example.com"
    )
    rows = await search(client, acme, {"email": "new@example.com"})
    assert [r["applicant"] for r in rows] == [result["applicant"]]
    assert rows[0]["column"] == "Offre"


async def test_mutate_rename_column(client: httpx.AsyncClient, acme: Company) -> None:
    column = acme.columns[1]
    await _mutate(client, acme, "rename_column", column_id=column.id, title="Qualifié")
    columns = (await client.get(f"/company/{acme.hashid}/columns", headers=auth(acme))).json()
    assert "Qualifié" in {c["title"] for c in columns}


async def test_mutate_set_trait(client: httpx.AsyncClient, acme: Company) -> None:
    applicant = next(iter(acme.applicants))
    tag = acme.tags[1]
    result = await _mutate(
        client, acme, "set_trait", applicant=applicant, tag=tag.hashid, value="1 mois"
    )
    traits = (
        await client.get(f"/company/{acme.hashid}/applicant/{applicant}/traits", headers=auth(acme))
    ).json()
    assert {"id": result["trait"], "tag_id": tag.hashid, "value": "1 mois"} in traits


async def test_mutate_unknown_op_400(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.post("/_sim/mutate", json={"company": acme.hashid, "op": "explode"})
    assert_error(response, 400)
    response = await client.post("/_sim/mutate", json={"company": "nobody", "op": "rename_column"})
    assert_error(response, 404)


async def test_companies_hook_expired_key_refused(client: httpx.AsyncClient) -> None:
    companies = (await client.get("/_sim/companies")).json()
    for company in companies:
        path = f"/company/{company['hashid']}/columns"
        expired = await client.get(path, params={"token": company["expired_api_key"]})
        assert expired.status_code == 401 and expired.json()["message"] == "Token expired"
        assert (await client.get(path, params={"token": company["api_key"]})).status_code == 200


async def test_hang_alone_fires_with_its_rate(world: World) -> None:
    from simulator.hooks import parse_fault

    sim = create_app(world).state.sim
    sim.add_fault(parse_fault({"endpoint": "C4", "hang": True, "rate": 0.3, "after_write": True}))
    outcomes = [sim.take_faults("C4") for _ in range(200)]
    hung = sum(o.after.hang for o in outcomes)
    assert 30 <= hung <= 90  # about 60 of 200, seeded
    assert not any(o.hang for o in outcomes)  # after the write only
    sim.clear_faults()
    sim.add_fault(parse_fault({"endpoint": "C4", "hang": True, "status": 503, "rate": 0.0}))
    assert sim.take_faults("C4").hang  # with a status, a hang always applies (as before)
