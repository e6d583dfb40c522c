"""Request-scoped upstream stats and the per-attempt observers."""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

import httpx

from gateway.flatchr import FlatchrClient, FlatchrPool, stats
from tests.flatchr.helpers import Sim, fast_settings, integration_for


async def test_stats_count_calls_by_endpoint(client: FlatchrClient, company: Any) -> None:
    request_stats = stats.begin()

    await client.list_columns()
    await client.careers_feed(company.slug)
    await client.list_columns()

    assert stats.current() is request_stats
    assert request_stats.calls == 3
    assert request_stats.by_endpoint == {"S1": 2, "V4": 1}
    assert request_stats.wait_seconds > 0


async def test_stats_count_every_retry_attempt(client: FlatchrClient, sim: Sim) -> None:
    await sim.fault("C1", status=503, times=2)
    request_stats = stats.begin()

    await client.search_applicants()

    assert request_stats.by_endpoint == {"C1": 3}


async def test_stats_wait_counts_concurrent_calls_once(world: Any, company: Any) -> None:
    from simulator.app import create_app

    transport = httpx.ASGITransport(app=create_app(world, latency_ms=100.0))
    async with httpx.AsyncClient(transport=transport) as http:
        client = FlatchrPool(http, fast_settings()).client(integration_for(company))
        request_stats = stats.begin()
        loop = asyncio.get_running_loop()
        started = loop.time()

        await asyncio.gather(*(client.list_columns() for _ in range(4)))

        elapsed = loop.time() - started
    assert request_stats.calls == 4
    # Four overlapping 100 ms calls: the wait is the union (~0.1 s), not the sum (~0.4 s).
    assert 0.09 <= request_stats.wait_seconds <= elapsed


async def test_stats_absent_outside_a_request(client: FlatchrClient) -> None:
    fresh = contextvars.Context()

    assert fresh.run(stats.current) is None
    # Calls made outside a request do not fail for lack of an accumulator.
    await asyncio.create_task(client.list_columns(), context=fresh)


async def test_observer_sees_every_attempt_with_status(
    pool: FlatchrPool, client: FlatchrClient, sim: Sim, integration: Any
) -> None:
    seen: list[tuple[str, int | None, float, str]] = []
    pool.add_observer(lambda *args: seen.append(args))
    await sim.fault("S1", status=503, times=1)

    await client.list_columns()
    await client.list_tags()

    assert [(e, s, i) for e, s, _, i in seen] == [
        ("S1", 503, integration.id),
        ("S1", 200, integration.id),
        ("T1", 200, integration.id),
    ]
    assert all(seconds >= 0 for _, _, seconds, _ in seen)


async def test_observer_failure_does_not_break_the_call(
    pool: FlatchrPool, client: FlatchrClient
) -> None:
    def broken(endpoint: str, status: int | None, seconds: float, integration_id: str) -> None:
        raise RuntimeError("metrics backend down")

    pool.add_observer(broken)

    assert await client.list_columns()
