"""Idempotency records: the same contract on the memory and the Redis backend."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from gateway.core.errors import ErrorCode, StoreUnavailable
from gateway.store.idempotency import (
    Claimed,
    Existing,
    Idempotency,
    InProgress,
    MemoryIdempotency,
    Mismatch,
)
from gateway.store.idempotency_redis import RedisIdempotency
from gateway.store.redis_client import connect
from tests.redis_harness import RedisServer

OUTCOME = b'{"application":{"id":"a1"}}'


def make(client: Redis | None, **ttls: float) -> Idempotency:
    return MemoryIdempotency(**ttls) if client is None else RedisIdempotency(client, **ttls)


@pytest.fixture
def store(redis_if_needed: Redis | None) -> Idempotency:
    return make(redis_if_needed)


async def test_idempotency_first_claim_wins_then_outcome_is_replayed(store: Idempotency) -> None:
    assert await store.claim("acme", "k1", "fp") == Claimed()
    assert await store.claim("acme", "k1", "fp") == InProgress()
    assert await store.complete("acme", "k1", OUTCOME) is True
    assert await store.claim("acme", "k1", "fp") == Existing(OUTCOME)
    assert await store.complete("acme", "k1", b"{}") is False  # an outcome is final


async def test_idempotency_same_key_other_fingerprint_is_a_mismatch(store: Idempotency) -> None:
    assert await store.claim("acme", "k1", "fp-a") == Claimed()
    assert await store.claim("acme", "k1", "fp-b") == Mismatch()  # while in progress
    await store.complete("acme", "k1", OUTCOME)
    assert await store.claim("acme", "k1", "fp-b") == Mismatch()  # and once done


async def test_idempotency_keys_are_per_tenant(store: Idempotency) -> None:
    assert await store.claim("acme", "k1", "fp") == Claimed()
    assert await store.claim("globex", "k1", "other") == Claimed()


async def test_idempotency_concurrent_claims_exactly_one_wins(store: Idempotency) -> None:
    results = await asyncio.gather(*(store.claim("acme", "k1", "fp") for _ in range(20)))
    assert results.count(Claimed()) == 1
    assert results.count(InProgress()) == 19


async def test_idempotency_release_lets_a_retry_claim_again(store: Idempotency) -> None:
    assert await store.claim("acme", "k1", "fp") == Claimed()
    await store.release("acme", "k1")
    assert await store.claim("acme", "k1", "other") == Claimed()
    await store.complete("acme", "k1", OUTCOME)
    await store.release("acme", "k1")  # a finished outcome is not released
    assert await store.claim("acme", "k1", "other") == Existing(OUTCOME)


async def test_idempotency_waiter_gets_the_outcome(store: Idempotency) -> None:
    assert await store.claim("acme", "k1", "fp") == Claimed()

    async def finish_later() -> None:
        await asyncio.sleep(0.1)
        await store.complete("acme", "k1", OUTCOME)

    finisher = asyncio.create_task(finish_later())
    assert await store.wait_for("acme", "k1", timeout=5) == Existing(OUTCOME)
    await finisher


async def test_idempotency_waiter_learns_of_release_and_timeout(store: Idempotency) -> None:
    assert await store.claim("acme", "k1", "fp") == Claimed()
    assert await store.wait_for("acme", "k1", timeout=0.1) is None  # still running
    assert await store.claim("acme", "k1", "fp") == InProgress()

    async def fail_later() -> None:
        await asyncio.sleep(0.1)
        await store.release("acme", "k1")

    failer = asyncio.create_task(fail_later())
    assert await store.wait_for("acme", "k1", timeout=5) is None
    await failer
    assert await store.claim("acme", "k1", "fp") == Claimed()


async def test_idempotency_outcome_expires_after_ttl(redis_if_needed: Redis | None) -> None:
    store = make(redis_if_needed, ttl=1.0)  # 1 s: room for three round trips on a loaded host
    assert await store.claim("acme", "k1", "fp") == Claimed()
    await store.complete("acme", "k1", OUTCOME)
    assert await store.claim("acme", "k1", "fp") == Existing(OUTCOME)
    await asyncio.sleep(1.1)
    assert await store.claim("acme", "k1", "fp") == Claimed()


async def test_idempotency_abandoned_claim_lapses(redis_if_needed: Redis | None) -> None:
    store = make(redis_if_needed, claim_ttl=1.0)
    assert await store.claim("acme", "k1", "fp") == Claimed()  # the claimer "crashes"
    assert await store.claim("acme", "k1", "fp") == InProgress()
    await asyncio.sleep(1.1)
    assert await store.claim("acme", "k1", "fp") == Claimed()


async def test_idempotency_completed_outcome_outlives_the_claim_ttl(
    redis_if_needed: Redis | None,
) -> None:
    store = make(redis_if_needed, claim_ttl=1.0, ttl=60)
    assert await store.claim("acme", "k1", "fp") == Claimed()
    await store.complete("acme", "k1", OUTCOME)
    await asyncio.sleep(1.1)
    assert await store.claim("acme", "k1", "fp") == Existing(OUTCOME)


async def test_redis_idempotency_two_clients_race_one_wins(redis_server: RedisServer) -> None:
    clients = [connect(redis_server.url) for _ in range(4)]  # four "processes"
    try:
        stores = [RedisIdempotency(c) for c in clients]
        results = await asyncio.gather(*(s.claim("acme", "k1", "fp") for s in stores * 5))
        assert results.count(Claimed()) == 1
        await stores[2].complete("acme", "k1", OUTCOME)
        assert await stores[3].claim("acme", "k1", "fp") == Existing(OUTCOME)
    finally:
        for c in clients:
            await c.aclose()


async def test_redis_idempotency_down_raises_store_unavailable(
    redis_server: RedisServer, redis_client: Redis
) -> None:
    store = RedisIdempotency(redis_client)
    assert await store.claim("acme", "k1", "fp") == Claimed()
    redis_server.kill()
    for attempt in (
        store.claim("acme", "k2", "fp"),
        store.complete("acme", "k1", OUTCOME),
        store.release("acme", "k1"),
        store.wait_for("acme", "k1", timeout=1),
    ):
        with pytest.raises(StoreUnavailable) as raised:
            await attempt
        assert raised.value.code is ErrorCode.PLATFORM_UNAVAILABLE
        assert raised.value.http_status == 503
    redis_server.restart()
    assert await store.claim("acme", "k2", "fp") == Claimed()  # back once Redis is
