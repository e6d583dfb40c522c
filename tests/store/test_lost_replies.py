"""A command that ran on Redis but whose reply came too late: redis-py retries it once (see
gateway/store/redis_client.py), and the store must take the retry's "already there" for its
own success, not for someone else's. Before this was handled, a lost reply to a lock's SET NX
made the gateway wait out its own 30 s lease, a lost reply to an idempotency claim answered
the write "in progress" while nothing was writing, and a lost reply to a rate-limit take
charged the caller twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from redis.asyncio import Redis

from gateway.store.idempotency import Claimed
from gateway.store.idempotency_redis import RedisIdempotency
from gateway.store.locks import RedisLocks
from gateway.store.ratelimit import RedisRateLimiter
from gateway.store.redis_client import connect
from tests.lost_reply_proxy import LostReplyProxy
from tests.redis_harness import RedisServer

TIMEOUT = 0.3


@dataclass
class Pair:
    proxy: LostReplyProxy
    client: Redis  # through the proxy: its first command with the trigger loses its reply
    other: Redis  # straight to Redis: another process


@asynccontextmanager
async def lossy(server: RedisServer, trigger: bytes) -> AsyncIterator[Pair]:
    proxy = LostReplyProxy(server.port, trigger=trigger, delay=1.0)
    async with proxy as url:
        client, other = connect(url, timeout=TIMEOUT), connect(server.url)
        try:
            yield Pair(proxy, client, other)
        finally:
            await client.aclose()
            await other.aclose()


async def test_a_lock_whose_reply_was_lost_is_held_by_its_taker(redis_server: RedisServer) -> None:
    async with lossy(redis_server, b"lock:job") as p:
        lease = await RedisLocks(p.client).try_acquire("job", 30)
        assert p.proxy.held == 1  # the reply to the first SET was late: redis-py retried
        assert lease is not None and not lease.lost
        assert await RedisLocks(p.other).try_acquire("job", 30) is None  # still exclusive
        await lease.release()
        assert await RedisLocks(p.other).try_acquire("job", 30) is not None


async def test_a_claim_whose_reply_was_lost_is_the_claimers(redis_server: RedisServer) -> None:
    async with lossy(redis_server, b"idem:") as p:
        await RedisIdempotency(p.other).claim("acme", "warm", "fp")  # the script is loaded
        assert await RedisIdempotency(p.client).claim("acme", "k", "fp") == Claimed()
        assert p.proxy.held == 1
        rival = await RedisIdempotency(p.other).claim("acme", "k", "fp")
        assert rival != Claimed()  # a second caller with the key still waits for this one
        assert await RedisIdempotency(p.client).complete("acme", "k", b"{}")


async def test_a_take_whose_reply_was_lost_is_charged_once(redis_server: RedisServer) -> None:
    async with lossy(redis_server, b"rl:") as p:
        await RedisRateLimiter(p.other, rate=0.001, burst=2).acquire("warm")  # script loaded
        limiter = RedisRateLimiter(p.client, rate=0.001, burst=2)
        assert await limiter.acquire("caller") == 0.0
        assert p.proxy.held == 1
        assert await limiter.acquire("caller") == 0.0  # the second of two tokens
        assert await limiter.acquire("caller") > 0
