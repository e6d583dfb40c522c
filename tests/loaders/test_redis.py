"""The Redis backend, on a real redis-server on loopback: two caches stand for two processes
of one deployment sharing it (skipped where no redis-server is installed)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from loaders.cache import ResourceCache

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server")


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(5)


@pytest.fixture
def t() -> str:
    """A tenant of its own for each test (the server is shared by the module)."""
    return uuid.uuid4().hex


@pytest.fixture
async def pair(redis_url: str) -> AsyncIterator[tuple[ResourceCache, ResourceCache]]:
    caches = [
        ResourceCache(ttls={"r": 60.0}, max_stale=60.0, backend="redis", redis_url=redis_url)
        for _ in range(2)
    ]
    yield caches[0], caches[1]
    for cache in caches:
        await cache.close()


def fetcher(value: Any, calls: list[int], delay: float = 0.0) -> Any:
    async def fetch() -> tuple[Any, Any]:
        calls.append(1)
        await asyncio.sleep(delay)
        return value, value

    return fetch


async def test_a_cold_document_is_fetched_once_across_processes(
    pair: tuple[ResourceCache, ResourceCache], t: str
) -> None:
    a, b = pair
    calls: list[int] = []
    docs = await asyncio.gather(
        a.get(t, "r", "*", fetcher([1], calls, 0.1), list),
        b.get(t, "r", "*", fetcher([2], calls, 0.1), list),
    )
    assert len(calls) == 1
    assert docs[0].version == docs[1].version and docs[0].value == docs[1].value


async def test_an_eviction_in_one_process_holds_in_every_process(
    pair: tuple[ResourceCache, ResourceCache], t: str
) -> None:
    a, b = pair
    calls: list[int] = []
    doc = await a.get(t, "r", "*", fetcher([1], calls), list)
    assert (await b.get(t, "r", "*", fetcher([9], calls), list)).value == [1]  # shared
    deps: dict[tuple[str, str], str | None] = {("r", "*"): doc.version}
    assert await b.still_current(t, deps)
    await a.evict_documents(t, "r")
    assert not await b.still_current(t, deps)
    assert (await b.get(t, "r", "*", fetcher([2], calls), list)).value == [2]
    assert len(calls) == 2


async def test_the_lock_is_held_across_processes(
    pair: tuple[ResourceCache, ResourceCache], t: str
) -> None:
    a, b = pair
    order: list[str] = []

    async def hold(cache: ResourceCache, name: str) -> None:
        async with cache.lock(t, "applicant_record"):
            order.append(f"in {name}")
            await asyncio.sleep(0.05)
            order.append(f"out {name}")

    await asyncio.gather(hold(a, "a"), hold(b, "b"))
    assert order in (["in a", "out a", "in b", "out b"], ["in b", "out b", "in a", "out a"])
