"""The cross-request cache: aiocache inside the load functions, with single-flight and SWR.

Each upstream resource (a whole collection, or one per-entity record) is stored under
`<tenant>:<resource>:<key>` as a JSON document `{"at": <fetched epoch>, "data": <raw JSON>}`
with a JSON serializer (never pickle), so the same entries work in memory and in Redis.

Freshness, per resource TTL from settings:
- age < ttl: fresh, served as is;
- ttl <= age < ttl + max_stale: stale, served at once (the request is told so through
  `on_stale`) while one background refresh runs; when Flatchr fails, that refresh fails
  quietly (logged) and the stale copy keeps being served until max_stale: this is both
  stale-while-revalidate and stale-if-error;
- otherwise: fetched, concurrent misses for the same key sharing one upstream call
  (single-flight, per process). The fetch runs in its own task: a caller that gives up
  (deadline, disconnect) never cancels it for the others.

The parsed form of a document is memoised next to it: a warm request re-uses the parsed
records instead of decoding the JSON again. Only the current version of each document and of
each value derived from documents is kept (a refresh replaces it); per-entity documents live
in a bounded LRU so that they cannot push the collections out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

import orjson
from aiocache import Cache
from aiocache.serializers import BaseSerializer

logger = logging.getLogger("gateway.cache")

#: fetch() returns (JSON-able data to store, its parsed value)
Fetch = Callable[[], Awaitable[tuple[Any, Any]]]
CacheObserver = Callable[[str, bool], None]


class OrjsonSerializer(BaseSerializer):  # type: ignore[misc]
    """JSON (not pickle) for every backend; orjson for speed."""

    DEFAULT_ENCODING = None

    def dumps(self, value: Any) -> bytes:
        return orjson.dumps(value)

    def loads(self, value: bytes | str | None) -> Any:
        if value is None:
            return None
        return orjson.loads(value)


@dataclass(frozen=True, slots=True)
class Doc:
    """One cached upstream document, parsed: `at` is when it was fetched."""

    at: float
    value: Any


Parse = Callable[[Any], Any]


class ResourceCache:
    """Per-tenant TTL cache for upstream documents (see module docstring)."""

    def __init__(
        self,
        *,
        ttls: dict[str, float],
        max_stale: float,
        backend: str = "memory",
        redis_url: str | None = None,
        clock: Callable[[], float] = time.time,
        memo_size: int = 4096,
    ) -> None:
        self.ttls = ttls
        self.max_stale = max_stale
        self._clock = clock
        if backend == "redis":
            from urllib.parse import urlparse

            url = urlparse(redis_url or "redis://127.0.0.1:6379/0")
            self._cache = Cache(
                Cache.REDIS,
                endpoint=url.hostname or "127.0.0.1",
                port=url.port or 6379,
                db=int((url.path or "/0").lstrip("/") or 0),
                serializer=OrjsonSerializer(),
                timeout=None,
            )
        else:
            self._cache = Cache(Cache.MEMORY, serializer=OrjsonSerializer(), timeout=None)
        self._inflight: dict[str, asyncio.Task[Doc]] = {}
        self._refreshing: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        #: parsed collections (key "*"), one version per cache key
        self._collections: dict[str, Doc] = {}
        #: parsed per-entity documents (V2, T2...), bounded
        self._entities: OrderedDict[str, Doc] = OrderedDict()
        self._memo_size = memo_size
        #: values derived from documents: name -> (the `at` of its inputs, value)
        self._derived: dict[Hashable, tuple[tuple[float, ...], Any]] = {}
        self._writes = 0
        self.observers: list[CacheObserver] = []
        #: memory backend only: this process is the only writer, so the fetch stamps can be
        #: read without a round through aiocache (ckey -> (at, expires or None))
        self._stamps: dict[str, tuple[float, float | None]] | None = (
            None if backend == "redis" else {}
        )
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    @staticmethod
    def key(tenant: str, resource: str, key: str = "*") -> str:
        return f"{tenant}:{resource}:{key}"

    def now(self) -> float:
        return self._clock()

    def ttl(self, resource: str) -> float:
        return self.ttls.get(resource, 60.0)

    async def get(
        self,
        tenant: str,
        resource: str,
        key: str,
        fetch: Fetch,
        parse: Parse,
        *,
        on_stale: Callable[[str], None] | None = None,
        ttl: float | None = None,
    ) -> Doc:
        """The parsed document, fetched (single-flight) when missing or too old."""
        ckey = self.key(tenant, resource, key)
        ttl = self.ttl(resource) if ttl is None else ttl
        at = await self._read_at(ckey)
        now = self._clock()
        if at is not None:
            age = now - at
            if age < ttl + self.max_stale:
                doc = await self._load(ckey, at, parse)
                if doc is not None:
                    self.observe(resource, True)
                    if age >= ttl:
                        # Served stale while one refresh runs; the response says so.
                        if on_stale is not None:
                            on_stale(resource)
                        self._refresh_in_background(ckey, fetch, parse, ttl)
                    return doc
        self.observe(resource, False)
        return await self._single_flight(ckey, fetch, parse, ttl)

    def derive(self, name: Hashable, inputs: tuple[float, ...], build: Callable[[], Any]) -> Any:
        """A value computed from documents (named `name`, made from documents fetched at
        `inputs`), kept until one of its inputs changes: a warm request re-uses it."""
        found = self._derived.get(name)
        if found is not None and found[0] == inputs:
            return found[1]
        value = build()
        self._derived[name] = (inputs, value)
        return value

    async def read_at(self, tenant: str, resource: str, key: str) -> float | None:
        """When the document under that key was fetched, or None if there is none."""
        return await self._read_at(self.key(tenant, resource, key))

    async def still_current(self, tenant: str, deps: dict[tuple[str, str], float | None]) -> bool:
        """Whether every document a stored response was computed from is unchanged and fresh,
        so the response is exactly what executing the query again would give."""
        now = self._clock()
        for (resource, key), at in deps.items():
            ckey = self.key(tenant, resource, key)
            if self._stamps is not None:  # memory backend: no await needed
                stamp = self._stamps.get(ckey)
                current = None if stamp is None or (stamp[1] or now + 1) <= now else stamp[0]
            else:
                current = await self._read_at(ckey)
            if current != at:
                return False
            expires = at is not None and resource != "applicant_record"
            if expires and now - at >= self.ttl(resource):  # type: ignore[operator]
                return False
        return True

    async def peek(self, tenant: str, resource: str, key: str) -> tuple[float | None, Any]:
        """(fetch time, stored JSON data) under that key, or (None, None); never fetches.
        Both come from one read, so they always belong together."""
        raw = await self._cache.get(self.key(tenant, resource, key))
        if not isinstance(raw, dict) or not isinstance(raw.get("at"), int | float):
            return None, None
        return float(raw["at"]), raw.get("data")

    async def put(self, tenant: str, resource: str, key: str, data: Any) -> None:
        """Store a document without expiry (records learned from writes, e.g. C2)."""
        ckey = self.key(tenant, resource, key)
        at = self._clock()
        await self._cache.set(ckey, {"at": at, "data": data})
        if self._stamps is None:
            await self._cache.set(ckey + "#at", at)
        else:
            self._stamps[ckey] = (at, None)

    def lock(self, tenant: str, resource: str) -> asyncio.Lock:
        """A per-tenant, per-resource lock (throttles upstream writes used as reads)."""
        return self._locks.setdefault((tenant, resource), asyncio.Lock())

    async def evict(self, tenant: str, resource: str, key: str = "*") -> None:
        ckey = self.key(tenant, resource, key)
        await self._cache.delete(ckey)
        await self._cache.delete(ckey + "#at")
        if self._stamps is not None:
            self._stamps.pop(ckey, None)

    async def ping(self) -> bool:
        try:
            await self._cache.exists("__ping__")
        except Exception:
            return False
        return True

    async def close(self) -> None:
        tasks = [*self._tasks, *self._inflight.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self._cache.close()

    async def _read_at(self, ckey: str) -> float | None:
        if self._stamps is not None:
            stamp = self._stamps.get(ckey)
            if stamp is None:
                return None
            at, expires = stamp
            if expires is not None and self._clock() >= expires:
                del self._stamps[ckey]
                return None
            return at
        # The small `#at` entry tells whether the parsed copy in memory is current, so a warm
        # read does not decode a large document again.
        at = await self._cache.get(ckey + "#at")
        return float(at) if isinstance(at, int | float) else None

    async def _load(self, ckey: str, at: float, parse: Parse) -> Doc | None:
        doc = self._memo_get(ckey)
        if doc is not None and doc.at == at:
            return doc
        raw = await self._cache.get(ckey)
        if not isinstance(raw, dict) or raw.get("at") != at:
            return None
        doc = Doc(at, parse(raw.get("data")))
        self._remember(ckey, doc)
        return doc

    def _memo_get(self, ckey: str) -> Doc | None:
        if ckey.endswith(":*"):
            return self._collections.get(ckey)
        doc = self._entities.get(ckey)
        if doc is not None:
            self._entities.move_to_end(ckey)
        return doc

    def _remember(self, ckey: str, doc: Doc) -> None:
        if ckey.endswith(":*"):
            self._collections[ckey] = doc  # replaces the previous version
            return
        self._entities[ckey] = doc
        self._entities.move_to_end(ckey)
        while len(self._entities) > self._memo_size:
            self._entities.popitem(last=False)

    async def _write(self, ckey: str, at: float, data: Any, ttl: float) -> None:
        # Kept past its TTL for max_stale, so stale-while-revalidate has something to serve.
        expire = ttl + self.max_stale
        if expire <= 0:
            return  # caching off for this resource (aiocache would read 0 as "forever")
        await self._cache.set(ckey, {"at": at, "data": data}, ttl=expire)
        if self._stamps is None:  # Redis: other instances read the stamp from the backend
            await self._cache.set(ckey + "#at", at, ttl=expire)
        else:
            self._stamps[ckey] = (at, self._clock() + expire)
            self._writes += 1
            if self._writes % 1024 == 0:
                self._sweep()

    def _sweep(self) -> None:
        """Forget the stamps (and parsed copies) of entries the backend has expired."""
        assert self._stamps is not None
        now = self._clock()
        expired = [k for k, (_, exp) in self._stamps.items() if exp is not None and exp <= now]
        for ckey in expired:
            del self._stamps[ckey]
            self._collections.pop(ckey, None)
            self._entities.pop(ckey, None)

    async def _single_flight(self, ckey: str, fetch: Fetch, parse: Parse, ttl: float) -> Doc:
        task = self._inflight.get(ckey)
        if task is None:
            task = asyncio.ensure_future(self._fetch_and_store(ckey, fetch, ttl))
            self._inflight[ckey] = task
            task.add_done_callback(lambda done: self._settle(ckey, done))
        # shield: a caller that is cancelled stops waiting; the fetch goes on for the others
        return await asyncio.shield(task)

    async def _fetch_and_store(self, ckey: str, fetch: Fetch, ttl: float) -> Doc:
        data, value = await fetch()
        doc = Doc(self._clock(), value)
        await self._write(ckey, doc.at, data, ttl)
        self._remember(ckey, doc)
        return doc

    def _settle(self, ckey: str, task: asyncio.Task[Doc]) -> None:
        if self._inflight.get(ckey) is task:
            del self._inflight[ckey]
        if not task.cancelled():
            task.exception()  # retrieved: the waiters raise it; nobody else must log it

    def _refresh_in_background(self, ckey: str, fetch: Fetch, parse: Parse, ttl: float) -> None:
        if ckey in self._refreshing or ckey in self._inflight:
            return
        self._refreshing.add(ckey)

        async def refresh() -> None:
            try:
                await self._single_flight(ckey, fetch, parse, ttl)
            except Exception as exc:  # the stale copy stays served; the next read retries
                code = getattr(getattr(exc, "code", None), "value", type(exc).__name__)
                logger.warning("background refresh of %s failed: %s", ckey, code)
            finally:
                self._refreshing.discard(ckey)

        task = asyncio.get_running_loop().create_task(refresh())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def observe(self, resource: str, hit: bool) -> None:
        """Report a cache lookup to the observers (metrics)."""
        for observer in self.observers:
            observer(resource, hit)
