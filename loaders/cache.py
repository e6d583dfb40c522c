"""The cross-request cache: aiocache inside the load functions, with single-flight and SWR.

Each upstream resource (a whole collection, or one per-entity record) is stored under
`<tenant>:<resource>:<key>` as a JSON document `{"at": <fetched epoch>, "data": <raw JSON>}`
with a JSON serializer (never pickle), so the same entries work in memory and in Redis.

Freshness, per resource TTL from settings:
- age < ttl: fresh, served as is;
- ttl <= age < ttl + max_stale: stale, served at once while one background refresh runs
  (stale-while-revalidate); if the upstream fails the stale copy is still served
  (stale-if-error) and the request is told so through `on_stale`;
- otherwise: fetched, concurrent misses for the same key sharing one upstream call
  (single-flight, per process).

The parsed form of a document is memoised next to it (`Derived`): a warm request re-uses the
parsed records instead of decoding the JSON again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

import orjson
from aiocache import Cache
from aiocache.serializers import BaseSerializer

from gateway.errors import RemoteError

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
        self._inflight: dict[str, asyncio.Future[Doc]] = {}
        self._refreshing: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        #: parsed documents and values derived from them, keyed by what they were made from
        self._memo: OrderedDict[Hashable, Any] = OrderedDict()
        self._memo_size = memo_size
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
        try:
            return await self._single_flight(ckey, fetch, parse, ttl)
        except RemoteError:
            # stale-if-error: an expired copy still within max_stale beats an error.
            if at is not None and now - at < ttl + self.max_stale:
                doc = await self._load(ckey, at, parse)
                if doc is not None:
                    if on_stale is not None:
                        on_stale(resource)
                    return doc
            raise

    def derive(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """A value computed from documents, memoised under a key naming its inputs (and
        their `at`), so a warm request re-uses it instead of recomputing."""
        try:
            value = self._memo[key]
        except KeyError:
            value = build()
            self._remember(key, value)
        else:
            self._memo.move_to_end(key)
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

    async def peek(self, tenant: str, resource: str, key: str) -> Any:
        """The stored JSON data under that key, or None; never fetches."""
        raw = await self._cache.get(self.key(tenant, resource, key))
        return raw.get("data") if isinstance(raw, dict) else None

    async def put(self, tenant: str, resource: str, key: str, data: Any) -> None:
        """Store a document without expiry (records learned from writes, e.g. C2)."""
        ckey = self.key(tenant, resource, key)
        at = self._clock()
        await self._cache.set(ckey, {"at": at, "data": data})
        await self._cache.set(ckey + "#at", at)
        if self._stamps is not None:
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
        for task in list(self._tasks):
            task.cancel()
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
        memo_key = ("doc", ckey, at)
        doc = self._memo.get(memo_key)
        if doc is not None:
            self._memo.move_to_end(memo_key)
            return doc  # type: ignore[no-any-return]
        raw = await self._cache.get(ckey)
        if not isinstance(raw, dict) or raw.get("at") != at:
            return None
        doc = Doc(at, parse(raw.get("data")))
        self._remember(memo_key, doc)
        return doc

    def _remember(self, key: Hashable, value: Any) -> None:
        self._memo[key] = value
        while len(self._memo) > self._memo_size:
            self._memo.popitem(last=False)

    async def _write(self, ckey: str, at: float, data: Any, ttl: float) -> None:
        # Kept past its TTL for max_stale, so stale-while-revalidate has something to serve.
        expire = ttl + self.max_stale
        await self._cache.set(ckey, {"at": at, "data": data}, ttl=expire)
        await self._cache.set(ckey + "#at", at, ttl=expire)
        if self._stamps is not None:
            self._stamps[ckey] = (at, self._clock() + expire)

    async def _single_flight(self, ckey: str, fetch: Fetch, parse: Parse, ttl: float) -> Doc:
        pending = self._inflight.get(ckey)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Doc] = asyncio.get_running_loop().create_future()
        self._inflight[ckey] = future
        try:
            data, value = await fetch()
            at = self._clock()
            doc = Doc(at, value)
            await self._write(ckey, at, data, ttl)
            self._remember(("doc", ckey, at), doc)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters get it; nobody else must log it
            raise
        else:
            future.set_result(doc)
            return doc
        finally:
            self._inflight.pop(ckey, None)

    def _refresh_in_background(self, ckey: str, fetch: Fetch, parse: Parse, ttl: float) -> None:
        if ckey in self._refreshing or ckey in self._inflight:
            return
        self._refreshing.add(ckey)

        async def refresh() -> None:
            try:
                await self._single_flight(ckey, fetch, parse, ttl)
            except Exception:
                pass
            finally:
                self._refreshing.discard(ckey)

        task = asyncio.get_running_loop().create_task(refresh())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def observe(self, resource: str, hit: bool) -> None:
        """Report a cache lookup to the observers (metrics)."""
        for observer in self.observers:
            observer(resource, hit)


@dataclass(frozen=True, slots=True)
class CachedResponse:
    #: the result's `data` (schema level) or the encoded response body (HTTP level)
    data: Any
    #: (resource, key) -> the `at` of the document the response was computed from (None: absent)
    deps: dict[tuple[str, str], float | None]
    operation: str | None = None


class ResponseStore:
    """A bounded LRU of query results per tenant, valid exactly as long as the documents they
    were computed from (checked against the cache on every hit)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, CachedResponse] = OrderedDict()
        self.hits = 0

    def get(self, key: Hashable) -> CachedResponse | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def served(self) -> None:
        self.hits += 1

    def clear(self) -> None:
        self._items.clear()

    def put(self, key: Hashable, value: CachedResponse) -> None:
        if self.size <= 0:
            return
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
