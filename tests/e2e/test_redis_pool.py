"""Wide reads on Redis: a query that reads the traits of 250 candidates at once sends hundreds
of Redis commands together. They share the process's one client and wait for a pooled
connection (`redis_max_connections`) instead of failing with "Too many connections" — a
failure the gateway would take for a Redis outage: shared cache skipped, change tracking
unavailable, the store reported down, although Redis is fine."""

from __future__ import annotations

import logging

import pytest

from simulator.data import generate_world
from tests.e2e.conftest import A_KEY, Stack, start_stack
from tests.e2e.test_resilience import metric
from tests.redis_harness import RedisServer

TRAITS = "{ candidates(first: 250) { edges { node { candidateTags { tag { name } } } } } }"


async def upstream(stack: Stack) -> dict[str, int]:
    """Upstream calls so far, per endpoint (T2: one applicant's traits)."""
    counts: dict[str, int] = (await stack.sim.get("/_sim/log")).json()["counts"]
    return counts


@pytest.mark.parametrize("max_connections", [50, 4])  # the default; a pool far below the burst
async def test_traits_of_250_candidates_on_redis_need_no_outage(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture, max_connections: int
) -> None:
    caplog.set_level(logging.WARNING)
    world = generate_world(applicants=300)
    async for stack in start_stack(
        world, cache_backend="redis", redis_url=redis_server.url,
        redis_max_connections=max_connections,
    ):  # fmt: skip
        body = await stack.query(A_KEY, TRAITS)
        assert "errors" not in body, body["errors"]
        edges = body["data"]["candidates"]["edges"]
        assert len(edges) == 250
        assert any(edge["node"]["candidateTags"] for edge in edges)
        first = await upstream(stack)
        assert first.get("T2", 0) >= 250  # every candidate's traits were read once

        again = await stack.query(A_KEY, TRAITS)
        assert again["data"] == body["data"]
        assert await upstream(stack) == first  # all of it from Redis: nothing skipped
        assert await metric(stack, "gateway_store_outages_total") == 0
        assert await metric(stack, "gateway_store_up") == 1
        assert [r.getMessage() for r in caplog.records if "unavailable" in r.getMessage()] == []
