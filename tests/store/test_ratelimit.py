"""Token buckets in memory and in Redis; Redis budgets are shared across processes."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from gateway.core.errors import StoreUnavailable
from gateway.store.ratelimit import MemoryRateLimiter, RateLimit, RedisRateLimiter
from gateway.store.redis_client import connect
from tests.redis_harness import RedisServer


def make(client: Redis | None, rate: float, burst: int) -> RateLimit:
    if client is None:
        return MemoryRateLimiter(rate, burst)
    return RedisRateLimiter(client, rate, burst)


async def test_ratelimit_burst_then_wait(redis_if_needed: Redis | None) -> None:
    limiter = make(redis_if_needed, rate=2, burst=3)
    assert [await limiter.acquire("key-a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await limiter.acquire("key-a")
    assert 0 < wait <= 0.5  # at most one token's time: 1/rate seconds
    assert await limiter.acquire("key-b") == 0.0  # another key has its own bucket


async def test_ratelimit_refills_over_time(redis_if_needed: Redis | None) -> None:
    limiter = make(redis_if_needed, rate=5, burst=1)
    assert await limiter.acquire("k") == 0.0
    wait = await limiter.acquire("k")
    assert 0 < wait <= 0.2
    await asyncio.sleep(wait + 0.02)
    assert await limiter.acquire("k") == 0.0


async def test_ratelimit_refused_calls_do_not_spend_tokens(redis_if_needed: Redis | None) -> None:
    limiter = make(redis_if_needed, rate=2, burst=1)
    assert await limiter.acquire("k") == 0.0
    for _ in range(5):
        assert await limiter.acquire("k") > 0
    await asyncio.sleep(0.55)  # one token's worth, not six
    assert await limiter.acquire("k") == 0.0


async def test_ratelimit_zero_rate_turns_it_off(redis_if_needed: Redis | None) -> None:
    limiter = make(redis_if_needed, rate=0, burst=1)
    assert [await limiter.acquire("k") for _ in range(50)] == [0.0] * 50


async def test_memory_ratelimit_take_gives_the_verdicts_of_acquire() -> None:
    """`take` (the hot path's call, no await) and `acquire` spend from one bucket alike."""
    now = [0.0]
    new = MemoryRateLimiter(rate=0.5, burst=3, clock=lambda: now[0])
    old = MemoryRateLimiter(rate=0.5, burst=3, clock=lambda: now[0])
    old_verdicts = [old.take("k") for _ in range(5)]
    new_verdicts = [await new.acquire("k") for _ in range(5)]
    assert [v == 0.0 for v in new_verdicts] == [v == 0.0 for v in old_verdicts]
    assert new_verdicts[3] == pytest.approx(old_verdicts[3], abs=0.01)
    now[0] += 2.0  # one token back
    assert await new.acquire("k") == 0.0
    assert await new.acquire("k") > 0


async def test_redis_ratelimit_two_processes_share_one_budget(redis_server: RedisServer) -> None:
    a, b = connect(redis_server.url), connect(redis_server.url)
    try:
        first = RedisRateLimiter(a, rate=0.01, burst=5)  # as if in two processes
        second = RedisRateLimiter(b, rate=0.01, burst=5)
        verdicts = await asyncio.gather(
            *(limiter.acquire("client-1") for limiter in [first, second] * 6)
        )
        assert sum(v == 0.0 for v in verdicts) == 5  # not 5 each
        assert await first.acquire("client-2") == 0.0
    finally:
        await a.aclose()
        await b.aclose()


async def test_redis_ratelimit_down_raises_store_unavailable(
    redis_server: RedisServer, redis_client: Redis
) -> None:
    limiter = RedisRateLimiter(redis_client, rate=1, burst=1)
    assert await limiter.acquire("k") == 0.0
    redis_server.kill()
    with pytest.raises(StoreUnavailable):
        await limiter.acquire("k")
    redis_server.restart()
    assert await limiter.acquire("k") == 0.0  # a fresh Redis: a fresh bucket
