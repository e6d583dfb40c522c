"""Write methods against the simulator: effects visible in later reads, one call each."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.core.errors import RemoteInputInvalid
from gateway.flatchr import FlatchrClient
from gateway.flatchr.models import ApplicantRow, Column, Vacancy
from tests.flatchr.helpers import Sim


async def _row_with_ids(
    client: FlatchrClient, *, status: int = 1
) -> tuple[ApplicantRow, Vacancy, Column]:
    """An application with its vacancy and its current column resolved (as loaders do)."""
    vacancies = {v.vacancy_id: v for v in await client.list_vacancies(fields=())}
    columns = await client.list_columns()
    for row in await client.search_applicants():
        if row.status != status:
            continue
        column = min(
            (c for c in columns if c.title == row.column), key=lambda c: (c.position, c.id)
        )
        return row, vacancies[row.vacancy_id], column
    raise AssertionError("no matching applicant in the seeded world")


def _candidate_payload(vacancy: Vacancy, email: str) -> dict[str, Any]:
    return {
        "vacancy": vacancy.slug,
        "firstname": "Lea",
        "lastname": "Martin",
        "email": email,
        "phone": "+33 6 00 00 00 00",
        "type": "link",
        "resume": "https://example.org/cv.pdf",
    }


async def test_move_applicant_same_column_returns_the_full_record(
    client: FlatchrClient, sim: Sim
) -> None:
    row, vacancy, column = await _row_with_ids(client)
    await sim.clear_log()

    record = await client.move_applicant(vacancy.id, row.applicant, column.id)

    assert record.id == row.applicant
    assert record.vacancy_id == vacancy.id
    assert record.column_id == column.id
    assert record.candidate is not None
    assert (record.candidate.email or "").lower() == (row.email or "").lower()
    assert "signature" not in str(record.raw)
    assert await sim.counts() == {"C2": 1}


async def test_move_applicant_to_another_column_shows_in_search(client: FlatchrClient) -> None:
    row, vacancy, column = await _row_with_ids(client)
    target = next(c for c in await client.list_columns() if c.title != column.title)

    record = await client.move_applicant(vacancy.id, row.applicant, target.id)

    assert record.column_id == target.id
    again = await client.search_applicants(vacancy=vacancy.id)
    assert next(r for r in again if r.applicant == row.applicant).column == target.title


async def test_move_applicant_unknown_column_is_remote_input_invalid(
    client: FlatchrClient, sim: Sim
) -> None:
    row, vacancy, _ = await _row_with_ids(client)
    await sim.clear_log()

    with pytest.raises(RemoteInputInvalid) as caught:
        await client.move_applicant(vacancy.id, row.applicant, 987654321)

    assert caught.value.status == 400
    assert await sim.counts() == {"C2": 1}


async def test_create_candidate_adds_an_application(client: FlatchrClient, sim: Sim) -> None:
    vacancy = next(v for v in await client.list_vacancies(fields=()) if v.status == 1)
    email = "new.person@example.org"
    await sim.clear_log()

    result = await client.create_candidate(_candidate_payload(vacancy, email))

    assert result.get("response") == "applicant created"
    assert "token" not in result
    assert await sim.counts() == {"C4": 1}
    rows = await client.search_applicants(email=email)
    assert [r.vacancy_id for r in rows] == [vacancy.vacancy_id]


async def test_create_candidate_dry_run_stores_nothing(client: FlatchrClient, sim: Sim) -> None:
    vacancy = next(v for v in await client.list_vacancies(fields=()) if v.status == 1)
    email = "dry.run@example.org"
    await sim.clear_log()

    await client.create_candidate(_candidate_payload(vacancy, email), dry_run=True)

    assert await sim.counts() == {"C4T": 1}
    assert await client.search_applicants(email=email) == []


async def test_create_candidate_missing_lastname_is_remote_input_invalid(
    client: FlatchrClient, sim: Sim
) -> None:
    vacancy = next(v for v in await client.list_vacancies(fields=()) if v.status == 1)
    payload = _candidate_payload(vacancy, "no.name@example.org")
    del payload["lastname"]
    await sim.clear_log()

    with pytest.raises(RemoteInputInvalid):
        await client.create_candidate(payload)

    assert await sim.counts() == {"C4": 1}
