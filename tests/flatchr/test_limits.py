"""Per-company limits: the CV-download throttle and the concurrency cap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from gateway.flatchr import FlatchrClient, FlatchrPool
from simulator.app import create_app
from simulator.model import World
from tests.flatchr.helpers import Sim, fast_settings, integration_for


async def _cv_keys(client: FlatchrClient, count: int) -> list[tuple[str, str]]:
    """CV keys as the gateway finds them: the applicant record of a same-column move (C2)."""
    vacancies = {v.vacancy_id: v.id for v in await client.list_vacancies(fields=())}
    columns: dict[str, int] = {}
    for column in sorted(await client.list_columns(), key=lambda c: (c.position, c.id)):
        if column.title is not None:
            columns.setdefault(column.title, column.id)
    keys: list[tuple[str, str]] = []
    for row in await client.search_applicants():
        if row.column is None or row.vacancy_id not in vacancies:
            continue
        record = await client.move_applicant(
            vacancies[row.vacancy_id], row.applicant, columns[row.column]
        )
        candidate = record.candidate
        if candidate and candidate.cv_key and candidate.cv_extension:
            keys.append((candidate.cv_key, candidate.cv_extension))
        if len(keys) == count:
            return keys
    raise AssertionError("the seeded world has too few CVs")


async def test_download_file_returns_bytes_and_content_type(
    client: FlatchrClient, sim: Sim
) -> None:
    [(key, extension)] = await _cv_keys(client, 1)
    await sim.clear_log()

    content, content_type = await client.download_file(key, extension)

    assert content
    assert content_type
    assert await sim.counts() == {"C6": 1}


async def test_download_file_twice_is_spaced_by_the_throttle(
    pool: FlatchrPool, client: FlatchrClient, sim: Sim, integration: Any
) -> None:
    keys = await _cv_keys(client, 2)
    await sim.clear_log()

    results = await asyncio.gather(*(client.download_file(k, e) for k, e in keys))

    assert all(content for content, _ in results)
    # Exactly two upstream calls: a 429 from the simulator would have caused a retry.
    assert await sim.counts() == {"C6": 2}
    first, second = list(pool.cv_throttle(integration).starts)[-2:]
    assert second - first >= pool.settings.cv_download_interval


async def test_download_file_without_throttle_hits_429_and_honours_retry_after(
    http: httpx.AsyncClient, sim: Sim, company: Any
) -> None:
    # Control for the test above: with the throttle off, the simulator's own 1/s limit answers
    # 429, and the client waits as told before the retry succeeds.
    client = FlatchrPool(http, fast_settings(cv_download_interval=0.0)).client(
        integration_for(company)
    )
    keys = await _cv_keys(client, 2)
    await sim.clear_log()

    for key, extension in keys:
        content, _ = await client.download_file(key, extension)
        assert content

    assert await sim.counts() == {"C6": 3}


async def test_cv_throttle_is_shared_by_integrations_of_one_company(
    pool: FlatchrPool, company: Any, other_company: Any
) -> None:
    first = integration_for(company, id="first")
    second = integration_for(company, id="second")
    elsewhere = integration_for(other_company)

    assert pool.client(first) is pool.client(first)
    assert pool.client(first) is not pool.client(second)
    assert pool.cv_throttle(first) is pool.cv_throttle(second)
    assert pool.cv_throttle(first) is not pool.cv_throttle(elsewhere)


async def _max_in_flight(world: World, company: Any, concurrency: int, calls: int) -> int:
    """Run `calls` concurrent reads against a slow simulator; return the peak of requests
    in flight, counted by httpx event hooks on the shared client."""
    in_flight = 0
    peak = 0

    async def sent(request: httpx.Request) -> None:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)

    async def answered(response: httpx.Response) -> None:
        nonlocal in_flight
        in_flight -= 1

    transport = httpx.ASGITransport(app=create_app(world, latency_ms=50.0))
    hooks: dict[str, list[Callable[..., Any]]] = {"request": [sent], "response": [answered]}
    async with httpx.AsyncClient(transport=transport, event_hooks=hooks) as http:
        pool = FlatchrPool(http, fast_settings(per_company_concurrency=concurrency))
        client = pool.client(integration_for(company))
        await asyncio.gather(*(client.list_columns() for _ in range(calls)))
    return peak


@pytest.mark.parametrize(("concurrency", "expected_peak"), [(2, 2), (8, 6)])
async def test_per_company_concurrency_caps_calls_in_flight(
    world: World, company: Any, concurrency: int, expected_peak: int
) -> None:
    assert await _max_in_flight(world, company, concurrency, calls=6) == expected_peak
