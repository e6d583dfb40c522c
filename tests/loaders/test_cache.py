"""ResourceCache and ResponseStore: single-flight, versions kept, expiry, budgets."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from loaders.cache import ResourceCache
from loaders.responses import CachedResponse, ResponseStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(clock: Clock | None = None, **ttls: float) -> ResourceCache:
    return ResourceCache(ttls={"r": 10.0, **ttls}, max_stale=100.0, clock=clock or Clock())


def fetcher(value: Any, calls: list[int], delay: float = 0.0) -> Any:
    async def fetch() -> tuple[Any, Any]:
        calls.append(1)
        await asyncio.sleep(delay)
        return value, value

    return fetch


async def test_concurrent_misses_share_one_fetch() -> None:
    cache, calls = make(), []
    docs = await asyncio.gather(
        *(cache.get("t", "r", "*", fetcher([1], calls, 0.01), list) for _ in range(5))
    )
    assert len(calls) == 1
    assert {d.at for d in docs} == {docs[0].at}


async def test_a_cancelled_caller_does_not_cancel_the_fetch_for_the_others() -> None:
    cache, calls = make(), []
    first = asyncio.ensure_future(cache.get("t", "r", "*", fetcher([1], calls, 0.05), list))
    await asyncio.sleep(0.01)
    second = asyncio.ensure_future(cache.get("t", "r", "*", fetcher([2], calls, 0.05), list))
    await asyncio.sleep(0.01)
    first.cancel()
    doc = await second
    assert doc.value == [1]
    assert len(calls) == 1
    await cache.close()


async def test_a_refresh_replaces_the_parsed_version_instead_of_adding_one() -> None:
    clock = Clock()
    cache, calls = make(clock), []
    for n in range(5):
        clock.now += 11  # past the TTL: the next read refreshes
        await cache.get("t", "r", "*", fetcher([n], calls), list)
        await asyncio.sleep(0)
        await asyncio.gather(*cache._tasks)
    assert len(cache._collections) == 1


async def test_derived_values_keep_only_the_current_inputs() -> None:
    cache = make()
    assert cache.derive(("t", "snap"), (1.0,), lambda: "a") == "a"
    assert cache.derive(("t", "snap"), (1.0,), lambda: "b") == "a"  # same inputs: reused
    assert cache.derive(("t", "snap"), (2.0,), lambda: "c") == "c"
    assert len(cache._derived) == 1


async def test_caching_off_stores_nothing() -> None:
    cache = ResourceCache(ttls={"r": 0.0}, max_stale=0.0, clock=Clock())
    calls: list[int] = []
    for _ in range(3):
        await cache.get("t", "r", "k", fetcher([1], calls), list)
    assert len(calls) == 3
    assert await cache.read_at("t", "r", "k") is None


async def test_expired_stamps_are_swept() -> None:
    clock = Clock()
    cache, calls = make(clock), []
    await cache.get("t", "r", "gone", fetcher([1], calls), list)
    clock.now += 1000  # past TTL + max stale
    for n in range(1024):
        await cache.get("t", "r", f"k{n}", fetcher([n], calls), list)
    assert cache._stamps is not None and "t:r:gone" not in cache._stamps


async def test_still_current_follows_the_documents() -> None:
    clock = Clock()
    cache, calls = make(clock), []
    doc = await cache.get("t", "r", "*", fetcher([1], calls), list)
    deps = {("r", "*"): doc.at}
    assert await cache.still_current("t", deps)
    clock.now += 11
    assert not await cache.still_current("t", deps)  # older than its TTL
    assert not await cache.still_current("t", {("r", "*"): doc.at - 1})  # another version


@pytest.mark.parametrize("budget", [0, 100])
def test_response_store_keeps_within_its_byte_budget(budget: int) -> None:
    store = ResponseStore(budget)
    for n in range(10):
        store.put(n, CachedResponse(b"x" * 10, {}))
    assert store.used <= budget
    store.put("big", CachedResponse(b"x" * 50, {}))  # over an eighth of the budget
    assert store.get("big") is None
    assert store.used == sum(len(store.get(k).data) for k in range(10) if store.get(k))
