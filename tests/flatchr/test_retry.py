"""Retry policy, counted in the simulator's request log."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from gateway.core.errors import RemoteInputInvalid, RemoteRateLimited, RemoteUnavailable
from gateway.flatchr import FlatchrClient, FlatchrPool
from tests.flatchr.helpers import Sim, fast_settings, integration_for


async def test_search_applicants_two_503_then_success_makes_three_calls(
    client: FlatchrClient, sim: Sim
) -> None:
    await sim.fault("C1", status=503, times=2)

    rows = await client.search_applicants()

    assert rows
    assert await sim.counts() == {"C1": 3}


async def test_get_retry_honours_retry_after(client: FlatchrClient, sim: Sim) -> None:
    # Backoff alone would wait ~0.01 s; the answer asks for 1 s.
    await sim.fault("S1", status=503, retry_after=1, times=1)
    started = time.monotonic()

    columns = await client.list_columns()

    assert columns
    assert time.monotonic() - started >= 0.95
    assert await sim.counts() == {"S1": 2}


async def test_retry_after_beyond_the_deadline_stops_retrying(
    http: httpx.AsyncClient, sim: Sim, company: Any
) -> None:
    client = FlatchrPool(http, fast_settings(upstream_deadline=1.0)).client(
        integration_for(company)
    )
    await sim.fault("C1", status=429, retry_after=30)

    with pytest.raises(RemoteRateLimited) as caught:
        await client.search_applicants()

    assert caught.value.retry_after == 30
    assert await sim.counts() == {"C1": 1}


async def test_create_candidate_is_never_retried_on_503(client: FlatchrClient, sim: Sim) -> None:
    await sim.fault("C4", status=503)

    with pytest.raises(RemoteUnavailable):
        await client.create_candidate({"vacancy": "x", "firstname": "A", "lastname": "B"})

    assert await sim.counts() == {"C4": 1}


async def test_create_candidate_is_never_retried_on_timeout(
    http: httpx.AsyncClient, sim: Sim, company: Any
) -> None:
    # The simulator logs a request when it answers, so attempts are counted by an observer.
    attempts: list[str] = []
    pool = FlatchrPool(http, fast_settings(upstream_deadline=0.3))
    pool.add_observer(lambda endpoint, status, seconds, integ: attempts.append(endpoint))
    await sim.fault("C4", hang=True)

    with pytest.raises(RemoteUnavailable, match="timed out"):
        await pool.client(integration_for(company)).create_candidate(
            {"vacancy": "x", "firstname": "A", "lastname": "B"}
        )

    assert attempts == ["C4"]


async def test_move_applicant_is_not_retried_on_500(client: FlatchrClient, sim: Sim) -> None:
    rows = await client.search_applicants()
    vacancies = {v.vacancy_id: v.id for v in await client.list_vacancies(fields=())}
    await sim.clear_log()
    await sim.fault("C2", status=500)

    with pytest.raises(RemoteUnavailable):
        await client.move_applicant(vacancies[rows[0].vacancy_id], rows[0].applicant, 1)

    assert await sim.counts() == {"C2": 1}


async def test_client_errors_other_than_429_are_not_retried(
    client: FlatchrClient, sim: Sim
) -> None:
    await sim.fault("T1", status=422)

    with pytest.raises(RemoteInputInvalid):
        await client.list_tags()

    assert await sim.counts() == {"T1": 1}


async def test_max_retries_zero_makes_one_attempt(
    http: httpx.AsyncClient, sim: Sim, company: Any
) -> None:
    client = FlatchrPool(http, fast_settings(max_retries=0)).client(integration_for(company))
    await sim.fault("T1", status=502)

    with pytest.raises(RemoteUnavailable):
        await client.list_tags()

    assert await sim.counts() == {"T1": 1}
