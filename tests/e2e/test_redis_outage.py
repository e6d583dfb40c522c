"""Redis dies mid-run: reads keep answering (straight from Flatchr), /readyz says degraded,
/metrics says the store is down; Redis restarts: the shared cache is used again."""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import A_KEY, JOBS, Stack, start_stack
from tests.e2e.test_resilience import metric, v1_calls
from tests.redis_harness import RedisServer


async def readiness(stack: Stack) -> tuple[int, dict[str, object]]:
    response = await stack.client.get("/readyz")
    return response.status_code, response.json()


async def test_reads_survive_a_redis_outage_and_use_it_again_after(
    redis_server: RedisServer,
) -> None:
    async for stack in start_stack(
        cache_backend="redis", redis_url=redis_server.url, cache_backend_retry=0.05
    ):
        first = await stack.query(A_KEY, JOBS)
        await stack.query(A_KEY, JOBS)
        assert await v1_calls(stack) == 1  # cached in Redis
        assert await readiness(stack) == (200, {"status": "ready", "checks": {
            "config": True, "services": True, "capacity": True, "store": True}})  # fmt: skip

        redis_server.kill()
        answers = [await stack.query(A_KEY, JOBS) for _ in range(3)]
        assert all(a["data"] == first["data"] for a in answers)
        assert await v1_calls(stack) == 4  # no cache: each read went to Flatchr
        status, body = await readiness(stack)
        assert (status, body["status"], body["checks"]["store"]) == (200, "degraded", False)
        assert await metric(stack, "gateway_store_up") == 0
        assert await metric(stack, "gateway_store_outages_total") >= 1

        redis_server.restart()
        for _ in range(200):
            if (await readiness(stack))[1]["status"] == "ready":
                break
            await asyncio.sleep(0.02)
        assert await readiness(stack) == (200, {"status": "ready", "checks": {
            "config": True, "services": True, "capacity": True, "store": True}})  # fmt: skip
        await stack.query(A_KEY, JOBS)
        calls = await v1_calls(stack)
        await stack.query(A_KEY, JOBS)
        assert await v1_calls(stack) == calls  # cached in Redis again
        assert await metric(stack, "gateway_store_up") == 1


async def test_rate_limits_fall_back_to_the_process_when_redis_is_down(
    redis_server: RedisServer,
) -> None:
    async for stack in start_stack(
        cache_backend="redis",
        redis_url=redis_server.url,
        rate_limit_per_second=0.01,
        rate_limit_burst=2,
    ):
        redis_server.kill()
        statuses = [(await stack.post(A_KEY, "{ __typename }")).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]  # still limited, by this process's buckets
        assert await metric(stack, "gateway_ratelimit_fallbacks_total") == 3
