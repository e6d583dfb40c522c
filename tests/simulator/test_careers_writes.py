"""What C4 stores, as `/_sim/submissions` shows it, and the after-write faults that
reconciliation tests need (the write applied, then a failure or a hang)."""

from __future__ import annotations

import base64
import time
from typing import Any

import httpx
import pytest

from simulator.app import create_app
from simulator.data import generate_world
from simulator.model import Company, Vacancy
from simulator.server import serve_in_thread
from simulator.state import SimState

from .helpers import assert_error, search

PDF = b"%PDF-1.4\n% stored CV\n"
C4 = "/careers/vacancy/candidate/json"


def _vacancy(company: Company) -> Vacancy:
    return next(v for v in company.vacancies.values() if v.status == 1 and v.questions)


def _payload(company: Company, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vacancy": _vacancy(company).slug,
        "firstname": "Inès",
        "lastname": "Écrite",
        "email": "ines.ecrite@example.org",
        "phone": "+33612345678",
        "token": company.api_key,
        "type": "document",
        "resume": {
            "data": base64.b64encode(PDF).decode(),
            "fileName": "cv-ines.pdf",
            "contentType": "application/pdf",
        },
    }
    body.update(extra)
    return body


async def _last(client: httpx.AsyncClient) -> dict[str, Any]:
    entries = (await client.get("/_sim/submissions")).json()["submissions"]
    entry: dict[str, Any] = entries[-1]
    return entry


async def test_submission_shows_what_was_stored(client: httpx.AsyncClient, acme: Company) -> None:
    question = _vacancy(acme).questions[0]
    source = acme.sources[0]
    body = _payload(
        acme,
        answers=[{"question": question.hashid, "value": "Oui"}],
        offerer_id=12,
        source_id=source.hashid,
        source="Salon de l'emploi",
    )
    assert (await client.post(C4, json=body)).status_code == 200
    stored = (await _last(client))["stored"]
    applicant = acme.applicants[stored["applicant"]]
    assert stored["answers"] == [{"question": question.hashid, "value": "Oui"}]
    assert stored["column_id"] == acme.first_column().id
    assert stored["vacancy"] == _vacancy(acme).hashid
    assert (stored["offerer_id"], stored["source_id"], stored["source_name"]) == (
        12,
        source.hashid,
        "Salon de l'emploi",
    )
    assert stored["source"] == "Salon de l'emploi"  # the C1 label: the free name wins
    assert stored["offerer"] == source.hashid == applicant.offerer
    assert stored["candidate_applications"] == 1
    assert (stored["firstname"], stored["email"], stored["phone"]) == (
        "Inès",
        "ines.ecrite@example.org",
        "+33612345678",
    )
    resume = stored["resume"]
    assert (resume["kind"], resume["url"], resume["file_name"]) == ("document", None, "cv-ines.pdf")
    assert (resume["content_type"], resume["size"], resume["extension"]) == (
        "application/pdf",
        len(PDF),
        "pdf",
    )
    assert acme.files[resume["key"]].data == PDF


async def test_stored_link_resume_and_reused_candidate(
    client: httpx.AsyncClient, acme: Company
) -> None:
    assert (await client.post(C4, json=_payload(acme))).status_code == 200
    first = (await _last(client))["stored"]
    link = "https://files.example.org/cv-ines.pdf"
    again = _payload(acme, email="  INES.Ecrite@example.org ", type="link", resume=link)
    assert (await client.post(C4, json=again)).status_code == 200
    second = (await _last(client))["stored"]
    assert second["candidate"] == first["candidate"]
    assert second["candidate_applications"] == 2
    assert second["applicant"] != first["applicant"]
    assert (second["resume"]["kind"], second["resume"]["url"]) == ("link", link)
    assert (second["offerer_id"], second["source_id"], second["source"]) == (None, None, "API")


async def test_test_route_stores_nothing_shown(client: httpx.AsyncClient, acme: Company) -> None:
    before = len(acme.applicants)
    response = await client.post("/careers/vacancy/candidate/test", json=_payload(acme))
    assert response.json() == {"status": 200, "response": "applicant created"}
    entry = await _last(client)
    assert (entry["route"], entry["valid"], entry["applicant"], entry["stored"]) == (
        "test",
        True,
        None,
        None,
    )
    assert len(acme.applicants) == before


async def test_fault_after_write_stores_then_fails(
    client: httpx.AsyncClient, acme: Company, sim: SimState
) -> None:
    response = await client.post(
        "/_sim/faults", json={"endpoint": "C4", "status": 503, "after_write": True, "times": 1}
    )
    assert response.json()["fault"]["after_write"] is True
    assert_error(await client.post(C4, json=_payload(acme)), 503)
    rows = await search(client, acme, {"email": "ines.ecrite@example.org"})
    assert len(rows) == 1  # the write happened before the failure
    assert (await _last(client))["stored"]["applicant"] == rows[0]["applicant"]
    assert sim.log.snapshot()["requests"][0]["status"] == 503
    assert (await client.post(C4, json=_payload(acme))).status_code == 200  # times: 1


async def test_fault_before_write_stores_nothing(client: httpx.AsyncClient, acme: Company) -> None:
    await client.post("/_sim/faults", json={"endpoint": "C4", "status": 503})
    assert_error(await client.post(C4, json=_payload(acme)), 503)
    assert await search(client, acme, {"email": "ines.ecrite@example.org"}) == []


async def test_fault_after_write_not_applied_to_refused_write(
    client: httpx.AsyncClient, acme: Company
) -> None:
    await client.post("/_sim/faults", json={"endpoint": "C4", "status": 503, "after_write": True})
    body = _payload(acme)
    del body["firstname"]
    assert '"firstname"' in assert_error(await client.post(C4, json=body), 400)["message"]


async def test_fault_after_write_must_be_boolean(client: httpx.AsyncClient) -> None:
    response = await client.post("/_sim/faults", json={"endpoint": "C4", "after_write": "yes"})
    assert '"after_write"' in assert_error(response, 400)["message"]


def _real_server_call(fault: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """C4 with a hang fault over real HTTP; the client gives up after 0.3 s."""
    world = generate_world()
    acme = world.companies[0]
    app = create_app(world)
    with serve_in_thread(app) as base, httpx.Client(base_url=base) as client:
        client.post("/_sim/faults", json={"endpoint": "C4", "hang": True, **fault})
        with pytest.raises(httpx.ReadTimeout):
            client.post(C4, json=_payload(acme), timeout=0.3)
        deadline = time.monotonic() + 5
        log: list[dict[str, Any]] = []
        while time.monotonic() < deadline and not log:  # logged once the hang notices
            log = [e for e in client.get("/_sim/log").json()["requests"] if e["endpoint"] == "C4"]
            time.sleep(0.02)
        ines = {c.hashid for c in acme.candidates.values() if c.email == "ines.ecrite@example.org"}
        stored = [a for a in acme.applicants.values() if a.candidate in ines]
        return log, len(stored)


def test_hang_after_write_times_out_the_client_but_stores() -> None:
    log, stored = _real_server_call({"after_write": True})
    assert stored == 1
    assert [e["status"] for e in log] == [499]


def test_hang_before_write_stores_nothing_when_client_gives_up() -> None:
    log, stored = _real_server_call({})
    assert stored == 0
    assert [e["status"] for e in log] == [499]
