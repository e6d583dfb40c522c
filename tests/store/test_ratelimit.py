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


async def test_ratelimit_takes_several_tokens_from_one_shared_budget(
    redis_if_needed: Redis | None, request: pytest.FixtureRequest
) -> None:
    """A batch takes one token per operation: callers taking 3 at a time share one budget
    (on Redis: two limiters on two clients, as two processes), and a take larger than what
    is left is refused without spending it."""
    second_client = None
    if redis_if_needed is None:
        shared = make(None, rate=0.01, burst=10)  # one process: one limiter, two callers
        limiters = [shared, shared]
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        second_client = connect(server.url)
        limiters = [make(redis_if_needed, 0.01, 10), make(second_client, 0.01, 10)]
    try:
        verdicts = await asyncio.gather(*(lim.acquire("c", tokens=3) for lim in limiters * 3))
        assert sorted(v == 0.0 for v in verdicts) == [False] * 3 + [True] * 3  # 9 of 10
        refused = [await lim.acquire("c", tokens=3) for lim in limiters]
        # 1 token left: the 2 missing come back at 0.01/s, whichever instance asks
        assert refused == [pytest.approx(200.0, rel=0.01)] * 2
        assert await limiters[1].acquire("c", tokens=1) == 0.0  # refusals spent nothing
        assert await limiters[0].acquire("c", tokens=1) > 0  # and now it is all gone
        assert await limiters[0].acquire("other", tokens=3) == 0.0  # a key of its own
    finally:
        if second_client is not None:
            await second_client.aclose()


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
