"""The aiocache backend behind the document cache, and what happens when it cannot answer.

Memory (default) keeps everything in this process; Redis is shared by every process of a
deployment. Values go through a JSON serializer (never pickle), so an entry written by one
backend reads the same in the other. With Redis, aiocache runs on the process's one shared
client (`gateway.store.redis_client.connect`: bounded timeouts), so a Redis that hangs costs a
request two seconds at most, not forever.

`GuardedBackend` is how the cache talks to it: when Redis fails, the cache goes on without it
(a read misses, a write is skipped: every process then reads Flatchr for itself, with local
single-flight) for `retry` seconds, then tries again; one log line when Redis goes and one
when it comes back, and `observers` hear both (a metric). Serving from a private in-process
copy instead would miss the evictions other processes make: no caching is the safe fallback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import orjson
from aiocache import Cache
from aiocache.base import BaseCache
from aiocache.serializers import BaseSerializer
from redis.asyncio import Redis
from redis.exceptions import RedisError

from gateway.core.errors import StoreUnavailable

logger = logging.getLogger("gateway.cache")

#: what "the backend cannot answer" looks like
BACKEND_DOWN = (RedisError, OSError, TimeoutError, StoreUnavailable)


class OrjsonSerializer(BaseSerializer):  # type: ignore[misc]
    """JSON (not pickle) for every backend; orjson for speed."""

    DEFAULT_ENCODING = None

    def dumps(self, value: Any) -> bytes:
        return orjson.dumps(value)

    def loads(self, value: bytes | str | None) -> Any:
        if value is None:
            return None
        return orjson.loads(value)


def open_backend(backend: str, client: Redis | None = None, *, prefix: str = "gw:") -> BaseCache:
    """An aiocache cache: "memory", or "redis" on `client` (keys `<prefix>doc:...`)."""
    if backend == "redis":
        assert client is not None, "the redis backend needs a client"
        cache = Cache(
            Cache.REDIS, serializer=OrjsonSerializer(), timeout=None, namespace=f"{prefix}doc:"
        )
        # aiocache 0.12 builds a pool of its own (no timeouts); use the process's client.
        cache.client = client
        return cache
    return Cache(Cache.MEMORY, serializer=OrjsonSerializer(), timeout=None)


class GuardedBackend:
    """The cache backend, skipped for `retry` seconds after it fails (module docstring)."""

    def __init__(
        self, cache: BaseCache, *, retry: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.cache = cache
        self.retry = retry
        self._clock = clock
        self.up = True
        self._skip_until = 0.0
        #: called with False when the backend fails, True when it answers again
        self.observers: list[Callable[[bool], None]] = []

    @property
    def usable(self) -> bool:
        return self.up or self._clock() >= self._skip_until

    async def get(self, key: str) -> Any:
        if not self.usable:
            return None
        try:
            value = await self.cache.get(key)
        except BACKEND_DOWN as exc:
            self.failed(exc)
            return None
        self.answered()
        return value

    async def get_many(self, keys: list[str]) -> list[Any]:
        """Several values in one round trip (MGET on Redis); None for each when unusable."""
        if not self.usable:
            return [None] * len(keys)
        cache = self.cache
        try:
            # The backend's own MGET, without aiocache's per-call wrappers (an environment
            # lookup, plugins, a timeout: about 10 us a call, on the reuse check of every
            # request); keys and values go through the same namespace and serializer.
            raw = await cache._multi_get(
                [cache.build_key(key) for key in keys], encoding=cache.serializer.encoding
            )
        except BACKEND_DOWN as exc:
            self.failed(exc)
            return [None] * len(keys)
        self.answered()
        loads = cache.serializer.loads
        return [loads(value) for value in raw]

    async def set(self, key: str, value: Any, ttl: float | None) -> None:
        if self.usable:
            try:
                await self.cache.set(key, value, ttl=ttl)
            except BACKEND_DOWN as exc:
                self.failed(exc)
            else:
                self.answered()

    async def delete(self, *keys: str) -> bool:
        """Delete (tried even while skipped: an eviction matters more than a read); False when
        the backend could not, so the caller can say so."""
        try:
            for key in keys:
                await self.cache.delete(key)
        except BACKEND_DOWN as exc:
            self.failed(exc)
            return False
        self.answered()
        return True

    async def ping(self) -> bool:
        try:
            await self.cache.exists("__ping__")
        except BACKEND_DOWN as exc:
            self.failed(exc)
            return False
        self.answered()
        return True

    def failed(self, exc: BaseException) -> None:
        self._skip_until = self._clock() + self.retry
        if self.up:
            self.up = False
            logger.warning(
                "cache backend unavailable (%s); serving without the shared cache",
                type(exc).__name__,
            )
            self._notify(False)

    def answered(self) -> None:
        if not self.up:
            self.up = True
            logger.warning("cache backend answers again; shared cache back in use")
            self._notify(True)

    def _notify(self, up: bool) -> None:
        for observer in self.observers:
            observer(up)
