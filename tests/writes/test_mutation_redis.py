"""Idempotency shared through a real redis-server: two app instances (as two processes would)
over one simulator; concurrent calls with one key write once. Redis down: a write with a key
is refused as PLATFORM_UNAVAILABLE rather than risking a duplicate."""

from __future__ import annotations

import asyncio
import contextlib

from simulator.model import World
from tests.redis_harness import RedisServer

from .stack import APPLY, application, job_id, open_job, start_stack


async def test_two_instances_one_key_one_write(
    redis_server: RedisServer, sim: tuple[World, str]
) -> None:
    world, url = sim
    shared = {"cache_backend": "redis", "redis_url": redis_server.url}
    async with contextlib.AsyncExitStack() as stacks:
        first = await stacks.enter_async_context(start_stack(url, world, **shared))
        second = await stacks.enter_async_context(start_stack(url, world, **shared))
        job = open_job(world)
        await first.fault(endpoint="C4", latency_ms=300, times=1)
        payload = application(job_id(job), "shared@example.org", idempotencyKey="k-redis")
        results = await asyncio.gather(
            first.apply(payload), second.apply(payload), first.apply(payload),
            second.apply(payload),
        )  # fmt: skip
        assert results[0]["userErrors"] == []
        assert all(r == results[0] for r in results)
        assert (await first.counts())["C4"] == 1
        assert len(first.applicants_of("shared@example.org", job.hashid)) == 1
        # the other instance reads the write too (shared cache, one eviction)
        read = await second.gql(
            "query($id: ID!) { application(id: $id) { id } }",
            {"id": results[0]["application"]["id"]},
        )
        assert read["data"]["application"] == {"id": results[0]["application"]["id"]}


async def test_redis_down_refuses_a_keyed_write(
    redis_server: RedisServer, sim: tuple[World, str]
) -> None:
    world, url = sim
    shared = {"cache_backend": "redis", "redis_url": redis_server.url}
    async with start_stack(url, world, **shared) as stack:
        redis_server.kill()
        try:
            payload = application(job_id(open_job(world)), "nostore@example.org",
                                  idempotencyKey="k-down")  # fmt: skip
            body = await stack.gql(APPLY, {"input": payload})
            assert body["data"] is None
            assert [e["extensions"]["code"] for e in body["errors"]] == ["PLATFORM_UNAVAILABLE"]
            assert "C4" not in await stack.counts()
        finally:
            redis_server.restart()
