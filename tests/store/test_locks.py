"""Locks: one holder at a time, a crashed holder's lease expires, renewal keeps it alive."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from gateway.core.errors import StoreUnavailable
from gateway.store.locks import LocalLocks, Locks, RedisLocks
from gateway.store.redis_client import connect
from tests.redis_harness import RedisServer

TTL = 0.3


@pytest.fixture
def locks(redis_if_needed: Redis | None) -> Locks:
    return LocalLocks() if redis_if_needed is None else RedisLocks(redis_if_needed)


async def test_locks_second_holder_is_refused_until_release(locks: Locks) -> None:
    first = await locks.try_acquire("refresh:acme", TTL)
    assert first is not None
    assert await locks.try_acquire("refresh:acme", TTL) is None
    assert await locks.try_acquire("refresh:globex", TTL) is not None  # other names are free
    await first.release()
    assert await locks.try_acquire("refresh:acme", TTL) is not None


async def test_locks_crashed_holder_expires(locks: Locks) -> None:
    crashed = await locks.try_acquire("refresh:acme", TTL)  # never released nor renewed
    assert crashed is not None
    assert await locks.try_acquire("refresh:acme", TTL) is None
    await asyncio.sleep(TTL + 0.1)
    successor = await locks.try_acquire("refresh:acme", TTL)
    assert successor is not None
    # The late holder cannot renew nor release what is no longer its lock.
    assert await crashed.renew() is False
    await crashed.release()
    assert await locks.try_acquire("refresh:acme", TTL) is None
    assert await successor.renew() is True


async def test_locks_hold_renews_past_ttl_and_releases(locks: Locks) -> None:
    async with locks.hold("refresh:acme", TTL) as lease:
        await asyncio.sleep(TTL * 2.5)
        assert not lease.lost
        assert await locks.try_acquire("refresh:acme", TTL) is None
    assert await locks.try_acquire("refresh:acme", TTL) is not None


async def test_locks_hold_waits_for_the_holder(locks: Locks) -> None:
    order: list[str] = []

    async def worker(name: str) -> None:
        async with locks.hold("job", TTL, poll=0.01):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    await asyncio.gather(worker("a"), worker("b"))
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])


async def test_locks_hold_times_out(locks: Locks) -> None:
    assert await locks.try_acquire("job", 5.0) is not None
    with pytest.raises(TimeoutError):
        async with locks.hold("job", TTL, timeout=0.1, poll=0.01):
            pytest.fail("entered a held lock")


async def test_locks_lease_lost_when_taken_over(locks: Locks) -> None:
    lease = await locks.try_acquire("job", TTL)
    assert lease is not None
    await asyncio.sleep(TTL + 0.1)
    assert await locks.try_acquire("job", TTL) is not None
    assert await lease.renew() is False
    assert lease.lost


async def test_local_locks_expire_on_injected_clock() -> None:
    now = [100.0]
    locks = LocalLocks(clock=lambda: now[0])
    assert await locks.try_acquire("job", 10) is not None
    now[0] += 9.9
    assert await locks.try_acquire("job", 10) is None
    now[0] += 0.2
    assert await locks.try_acquire("job", 10) is not None


async def test_redis_locks_shared_between_clients(redis_server: RedisServer) -> None:
    a, b = connect(redis_server.url), connect(redis_server.url)  # two "processes"
    try:
        held = await RedisLocks(a).try_acquire("refresh:acme", 5)
        assert held is not None
        assert await RedisLocks(b).try_acquire("refresh:acme", 5) is None
        await held.release()
        assert await RedisLocks(b).try_acquire("refresh:acme", 5) is not None
    finally:
        await a.aclose()
        await b.aclose()


async def test_redis_locks_down_raises_store_unavailable(
    redis_server: RedisServer, redis_client: Redis
) -> None:
    locks = RedisLocks(redis_client)
    lease = await locks.try_acquire("job", 5)
    assert lease is not None
    redis_server.kill()
    with pytest.raises(StoreUnavailable):
        await locks.try_acquire("other", 5)
    redis_server.restart()  # an empty Redis: the lease is gone, the scripts are reloaded
    assert await lease.renew() is False
    assert await locks.try_acquire("job", 5) is not None
