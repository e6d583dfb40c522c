"""ResourceCache, its derived memo and ResponseStore: single-flight, versions, eviction,
locks, budgets."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from loaders.cache import ResourceCache
from loaders.memo import DerivedMemo
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
    assert {d.version for d in docs} == {docs[0].version}


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
        await asyncio.sleep(0.01)  # the background refresh
    assert len(calls) == 5
    assert len(cache.memo) == 1


def test_derived_values_keep_only_the_current_versions() -> None:
    memo = DerivedMemo()
    assert memo.derive(("t", "snap"), ("v1",), lambda: "a") == "a"
    assert memo.derive(("t", "snap"), ("v1",), lambda: "b") == "a"  # same versions: reused
    assert memo.derive(("t", "snap"), ("v2",), lambda: "c") == "c"
    assert memo.derive(("t", "snap"), ("v1",), lambda: "d") == "d"  # the old copy is gone
    assert len(memo) == 1


def test_the_derived_memo_is_bounded() -> None:
    memo = DerivedMemo(max_entries=3)
    for n in range(5):
        memo.derive(n, ("v",), lambda: "x")
    assert len(memo) == 3
    assert memo.get(0, ("v",)) is None and memo.get(4, ("v",)) == "x"


async def test_caching_off_stores_nothing() -> None:
    cache = ResourceCache(ttls={"r": 0.0}, max_stale=0.0, clock=Clock())
    calls: list[int] = []
    for _ in range(3):
        await cache.get("t", "r", "k", fetcher([1], calls), list)
    assert len(calls) == 3
    assert await cache.peek("t", "r", "k") == (None, None)


async def test_still_current_follows_the_documents() -> None:
    clock = Clock()
    cache, calls = make(clock), []
    doc = await cache.get("t", "r", "*", fetcher([1], calls), list)
    deps: dict[tuple[str, str], str | None] = {("r", "*"): doc.version}
    assert await cache.still_current("t", deps)
    assert not await cache.still_current("t", {("r", "*"): "another"})
    assert not await cache.still_current("t", {("r", "*"): None})
    clock.now += 11
    assert not await cache.still_current("t", deps)  # older than its TTL


async def test_eviction_makes_the_document_and_everything_built_from_it_unreachable() -> None:
    cache, calls = make(), []
    doc = await cache.get("t", "r", "*", fetcher([1], calls), list)
    deps: dict[tuple[str, str], str | None] = {("r", "*"): doc.version}
    built = cache.memo.derive(("t", "snap"), (doc.version,), lambda: "from v1")
    await cache.evict_documents("t", "r", ("other", "k"))
    assert not await cache.still_current("t", deps)
    again = await cache.get("t", "r", "*", fetcher([2], calls), list)
    assert len(calls) == 2 and again.value == [2] and again.version != doc.version
    rebuilt = cache.memo.derive(("t", "snap"), (again.version,), lambda: "from v2")
    assert (built, rebuilt) == ("from v1", "from v2")
    assert (await cache.get("t", "r", "*", fetcher([3], calls), list)).value == [2]  # cached


async def test_a_fetch_in_flight_when_evicted_is_not_stored() -> None:
    cache, calls = make(), []
    early = asyncio.ensure_future(cache.get("t", "r", "*", fetcher(["old"], calls, 0.05), list))
    await asyncio.sleep(0.01)
    await cache.evict_documents("t", "r")
    assert (await early).value == ["old"]  # its caller still gets an answer
    assert await cache.peek("t", "r", "*") == (None, None)
    assert (await cache.get("t", "r", "*", fetcher(["new"], calls), list)).value == ["new"]


async def test_documents_written_without_expiry_stay_current() -> None:
    clock = Clock()
    cache = make(clock)
    await cache.put("t", "record", "Ap1", {"id": 1})
    version, data = await cache.peek("t", "record", "Ap1")
    assert data == {"id": 1} and version is not None
    clock.now += 10_000
    assert await cache.still_current("t", {("record", "Ap1"): version})


async def test_the_memory_lock_lets_one_holder_in_at_a_time() -> None:
    cache, order = make(), []

    async def hold(n: int) -> None:
        async with cache.lock("t", "applicant_record"):
            order.append(("in", n))
            await asyncio.sleep(0.01)
            order.append(("out", n))

    await asyncio.gather(hold(1), hold(2))
    assert order == [("in", 1), ("out", 1), ("in", 2), ("out", 2)]


@pytest.mark.parametrize("budget", [0, 100])
def test_response_store_keeps_within_its_byte_budget(budget: int) -> None:
    store = ResponseStore(budget)
    for n in range(10):
        store.put(n, CachedResponse(b"x" * 10, {}))
    assert store.used <= budget
    store.put("big", CachedResponse(b"x" * 50, {}))  # over an eighth of the budget
    assert store.get("big") is None
    assert store.used == sum(len(store.get(k).data) for k in range(10) if store.get(k))
