"""The aiocache backend behind the document cache, and the locks that come with it.

Memory (default) keeps everything in this process; Redis is shared by every process of a
deployment. Values go through a JSON serializer (never pickle), so an entry written by one
backend reads the same in the other. Locks follow the backend: asyncio locks for memory (one
process is the only one there is), and a lease in Redis (SET NX with expiry) otherwise, so a
cold document is fetched once per deployment and not once per process.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlparse

import orjson
from aiocache import Cache
from aiocache.base import BaseCache
from aiocache.serializers import BaseSerializer


class OrjsonSerializer(BaseSerializer):  # type: ignore[misc]
    """JSON (not pickle) for every backend; orjson for speed."""

    DEFAULT_ENCODING = None

    def dumps(self, value: Any) -> bytes:
        return orjson.dumps(value)

    def loads(self, value: bytes | str | None) -> Any:
        if value is None:
            return None
        return orjson.loads(value)


def open_backend(backend: str, redis_url: str | None = None) -> BaseCache:
    """An aiocache cache for `backend` ("memory" or "redis")."""
    if backend == "redis":
        url = urlparse(redis_url or "redis://127.0.0.1:6379/0")
        return Cache(
            Cache.REDIS,
            endpoint=url.hostname or "127.0.0.1",
            port=url.port or 6379,
            db=int((url.path or "/0").lstrip("/") or 0),
            serializer=OrjsonSerializer(),
            timeout=None,
        )
    return Cache(Cache.MEMORY, serializer=OrjsonSerializer(), timeout=None)


class MemoryLocks:
    """Named asyncio locks; a lock is forgotten once nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(name, (asyncio.Lock(), 0))
        self._locks[name] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[name]
            if users == 1:
                del self._locks[name]
            else:
                self._locks[name] = (lock, users - 1)


class BackendLocks:
    """Named leases in the shared backend: `add` is SET NX with an expiry, so one holder at a
    time across every process, and a holder that dies frees the name when its lease ends.
    A waiter that outlasts `wait` goes ahead without the lease (a stuck holder must not stop
    reads for good)."""

    def __init__(self, cache: BaseCache, *, lease: float = 30.0, wait: float = 30.0) -> None:
        self._cache = cache
        self.lease, self.wait, self.poll = lease, wait, 0.02

    @contextlib.asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[None]:
        key, token = f"{name}#lock", uuid.uuid4().hex
        held = await self._acquire(key, token)
        try:
            yield
        finally:
            if held:
                # Compare-and-delete (a Lua script on Redis): never frees a lease that expired
                # and was taken by someone else. aiocache's RedLock releases the same way.
                stored = self._cache.serializer.dumps(token)
                await self._cache._redlock_release(self._cache.build_key(key), stored)

    async def _acquire(self, key: str, token: str) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait
        while True:
            try:
                await self._cache.add(key, token, ttl=self.lease)
                return True
            except ValueError:  # held by another request or process
                if loop.time() >= deadline:
                    return False
                await asyncio.sleep(self.poll)
