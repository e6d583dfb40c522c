"""The cross-request cache: aiocache is the only store of upstream documents.

Each upstream document (a whole collection, key "*", or one per-entity record) lives in the
backend under `<tenant>:<resource>:<key>` as `{"v": version, "at": fetched, "data": raw JSON}`,
with a small stamp `[version, at, fresh_until]` beside it under `...#v`, so checking a version
never decodes a large document. A version is a random token minted at each fetch or write, so
it names one copy of a document in every process.

Freshness, per resource TTL from settings:
- age < ttl: fresh, served as is;
- ttl <= age < ttl + max_stale: stale, served at once (the request is told so through
  `on_stale(resource, age, failed)`) while one background refresh runs; when Flatchr fails,
  that refresh fails quietly (logged), leaves a marker `...#err` beside the document, and the
  stale copy keeps being served until max_stale with `failed` true: this is both
  stale-while-revalidate and stale-if-error;
- otherwise: fetched once. Concurrent misses in this process share one task (single-flight,
  loaders/flight.py: the task is cancelled when its last waiter goes away); the fetch and the
  refresh run under the lock of that key (gateway.store.locks: a Redis lease when the backend
  is Redis), so other processes wait for it and then read its copy: one fetch, one refresh at
  a time per document across the deployment.

When Redis fails, the cache goes on without it (loaders/backend.py: every process reads
Flatchr for itself, with local single-flight and local locks) and uses it again once it answers.

Values derived from documents (their parsed form, snapshots) sit in `memo`, keyed by the
documents' versions. `evict_documents` removes documents from the backend: their versions are
gone, so every derived value and every reused response built from them is unreachable at once,
in every process that shares the backend.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from gateway.store.locks import LocalLocks, Locks, RedisLocks
from gateway.store.redis_client import connect
from loaders.backend import GuardedBackend, open_backend
from loaders.flight import Flights, hold
from loaders.memo import DerivedMemo

logger = logging.getLogger("gateway.cache")

#: fetch() returns (JSON-able data to store, its parsed value)
Fetch = Callable[[], Awaitable[tuple[Any, Any]]]
Parse = Callable[[Any], Any]
CacheObserver = Callable[[str, bool], None]
#: (resource, age in seconds, whether the last refresh of it failed)
StaleNotice = Callable[[str, float, bool], None]
#: the documents a response was computed from: (resource, key) -> version (None: absent)
Deps = dict[tuple[str, str], str | None]
#: (version, fetched at, fresh until; None: never goes stale)
Stamp = tuple[str, float, float | None]
#: lease of a fetch's lock: renewed while the fetch runs, so it only matters for a dead holder
LEASE = 30.0


@dataclass(frozen=True, slots=True)
class Doc:
    """One cached upstream document, parsed."""

    version: str
    at: float
    value: Any


class ResourceCache:
    """Per-tenant TTL cache for upstream documents (see module docstring)."""

    def __init__(
        self,
        *,
        ttls: dict[str, float],
        max_stale: float,
        backend: str = "memory",
        redis_url: str | None = None,
        redis: Redis | None = None,
        prefix: str = "gw:",
        clock: Callable[[], float] = time.time,
        memo_size: int = 8192,
        backend_retry: float = 1.0,
        lock_wait: float = 30.0,
    ) -> None:
        self.ttls = ttls
        self.max_stale = max_stale
        self.lock_wait = lock_wait
        self._clock = clock
        #: a client of its own (closed with the cache) when none is shared with it
        self._own_client = None
        if backend == "redis" and redis is None:
            redis = self._own_client = connect(redis_url or "redis://127.0.0.1:6379/0")
        shared = redis if backend == "redis" else None
        self.shared = shared is not None
        self.backend = GuardedBackend(
            open_backend(backend, shared, prefix=prefix), retry=backend_retry
        )
        self._local_locks = LocalLocks()
        self._locks: Locks = (
            self._local_locks if shared is None else RedisLocks(shared, prefix=prefix)
        )
        self.memo = DerivedMemo(memo_size)
        self.flights: Flights[Doc] = Flights()
        #: fetches started before their document was evicted: their result is not stored
        self._void: set[asyncio.Future[Doc]] = set()
        self._refreshing: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self.observers: list[CacheObserver] = []
        #: told (resource, failed) for each stale document served (metrics)
        self.stale_observers: list[CacheObserver] = []

    @staticmethod
    def key(tenant: str, resource: str, key: str = "*") -> str:
        return f"{tenant}:{resource}:{key}"

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
        on_stale: StaleNotice | None = None,
    ) -> Doc:
        """The parsed document, fetched (single-flight) when missing or too old."""
        ckey = self.key(tenant, resource, key)
        ttl = self.ttl(resource)
        stamp = await self._stamp(ckey)
        if stamp is not None:
            age = self._clock() - stamp[1]
            if age < ttl + self.max_stale:
                doc = await self._load(ckey, stamp, parse)
                if doc is not None:
                    self.observe(resource, True)
                    if age >= ttl:
                        # Served stale while one refresh runs; the response says so.
                        failed = await self._failed_since(ckey, doc.at)
                        if on_stale is not None:
                            on_stale(resource, self._clock() - doc.at, failed)
                        for observer in self.stale_observers:
                            observer(resource, failed)
                        self._refresh_in_background(ckey, fetch, parse, ttl)
                    return doc
        self.observe(resource, False)
        return await self._single_flight(ckey, fetch, parse, ttl)

    async def refetch(self, tenant: str, resource: str, key: str, fetch: Fetch) -> Doc:
        """Fetch the document now, fresh or not, and store it (the background refresher);
        concurrent readers of a missing copy share this fetch."""
        ckey = self.key(tenant, resource, key)
        ttl = self.ttl(resource)
        return await self.flights.join(ckey, lambda: self._fetch_and_store(ckey, fetch, None, ttl))

    async def still_current(self, tenant: str, deps: Deps) -> bool:
        """Whether every document a response was computed from is still the current, fresh
        copy in the backend, so the response is exactly what executing it again would give."""
        if not deps:
            return True
        now = self._clock()
        keys = [self.key(tenant, resource, key) + "#v" for resource, key in deps]
        # One round trip for every stamp (MGET on Redis): the reuse check is the hot path.
        for version, raw in zip(deps.values(), await self.backend.get_many(keys), strict=True):
            stamp = _as_stamp(raw)
            if (stamp[0] if stamp else None) != version:
                return False
            if stamp is not None and stamp[2] is not None and now >= stamp[2]:
                return False
        return True

    async def peek(self, tenant: str, resource: str, key: str) -> tuple[str | None, Any]:
        """(version, stored JSON data) under that key, or (None, None); never fetches.
        Both come from one read, so they always belong together."""
        raw = await self.backend.get(self.key(tenant, resource, key))
        if not isinstance(raw, dict) or not isinstance(raw.get("v"), str):
            return None, None
        return raw["v"], raw.get("data")

    async def put(self, tenant: str, resource: str, key: str, data: Any) -> None:
        """Store a document without expiry (records learned from writes, e.g. C2)."""
        ckey = self.key(tenant, resource, key)
        await self._write(ckey, (uuid.uuid4().hex, self._clock(), None), data, None)

    async def evict_documents(self, tenant: str, *documents: str | tuple[str, str]) -> None:
        """Forget documents (a resource name: its collection; a pair: one (resource, key)),
        so the next read fetches them again and nothing derived from them is reused: one
        call for a write to make everything it changed unreachable."""
        for doc in documents:
            resource, key = (doc, "*") if isinstance(doc, str) else doc
            ckey = self.key(tenant, resource, key)
            if not await self.backend.delete(ckey + "#v", ckey):
                logger.warning("could not evict %s: the cache backend is unavailable", ckey)
            task = self.flights.tasks.pop(ckey, None)
            if task is not None:  # fetched before the write: must not be stored after it
                self._void.add(task)
                task.add_done_callback(self._void.discard)

    def lock(self, tenant: str, resource: str) -> contextlib.AbstractAsyncContextManager[None]:
        """A per-tenant, per-resource lock (throttles upstream writes used as reads); held
        across processes when the backend is shared."""
        return self._hold(f"{tenant}:{resource}", self.lock_wait)

    async def ping(self) -> bool:
        return await self.backend.ping()

    async def close(self) -> None:
        tasks = [*self._tasks, *self.flights.tasks.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._own_client is not None:
            with contextlib.suppress(Exception):
                await self._own_client.aclose()
        elif not self.shared:
            await self.backend.cache.close()

    def observe(self, resource: str, hit: bool) -> None:
        """Report a cache lookup to the observers (metrics)."""
        for observer in self.observers:
            observer(resource, hit)

    # ------------------------------------------------------------ internals

    async def _stamp(self, ckey: str) -> Stamp | None:
        return _as_stamp(await self.backend.get(ckey + "#v"))

    async def _load(self, ckey: str, stamp: Stamp, parse: Parse) -> Doc | None:
        version, at, _ = stamp
        value = self.memo.get(("doc", ckey), (version,))
        if value is not None:
            return Doc(version, at, value)
        raw = await self.backend.get(ckey)
        if not isinstance(raw, dict) or not isinstance(raw.get("v"), str):
            return None
        # The document may have been replaced since the stamp was read: use its own pair.
        doc = Doc(raw["v"], float(raw["at"]), parse(raw.get("data")))
        self.memo.put(("doc", ckey), (doc.version,), doc.value)
        return doc

    async def _write(self, ckey: str, stamp: Stamp, data: Any, expire: float | None) -> None:
        version, at, _ = stamp
        await self.backend.set(ckey, {"v": version, "at": at, "data": data}, expire)
        await self.backend.set(ckey + "#v", list(stamp), expire)

    async def _failed_since(self, ckey: str, at: float) -> bool:
        """Whether a refresh of the document failed after this copy was fetched."""
        failed_at = await self.backend.get(ckey + "#err")
        return isinstance(failed_at, int | float) and failed_at >= at

    def _hold(self, name: str, wait: float) -> contextlib.AbstractAsyncContextManager[None]:
        locks = self._locks if self.backend.usable else self._local_locks
        return hold(
            name, locks, self._local_locks, wait=wait, lease=LEASE, failed=self.backend.failed
        )

    async def _single_flight(self, ckey: str, fetch: Fetch, parse: Parse, ttl: float) -> Doc:
        return await self.flights.join(ckey, lambda: self._fetch_and_store(ckey, fetch, parse, ttl))

    async def _fetch_and_store(
        self, ckey: str, fetch: Fetch, parse: Parse | None, ttl: float
    ) -> Doc:
        """`parse` None: fetch even when a fresh copy is stored (a forced refresh)."""
        async with self._hold(ckey, self.lock_wait):
            # Another process may have stored a fresh copy while this one waited for the lock.
            stamp = await self._stamp(ckey) if parse is not None else None
            if stamp is not None and parse is not None and self._clock() - stamp[1] < ttl:
                doc = await self._load(ckey, stamp, parse)
                if doc is not None:
                    return doc
            try:
                data, value = await fetch()
            except Exception:
                # Stale-if-error: copies served from now on say that Flatchr failed.
                if stamp is not None:
                    await self.backend.set(ckey + "#err", self._clock(), ttl + self.max_stale)
                raise
            now = self._clock()
            doc = Doc(uuid.uuid4().hex, now, value)
            # Kept past its TTL for max_stale, so stale-while-revalidate has something to serve.
            expire = ttl + self.max_stale
            if expire > 0 and asyncio.current_task() not in self._void:  # 0 would be "forever"
                await self._write(ckey, (doc.version, now, now + ttl), data, expire)
                self.memo.put(("doc", ckey), (doc.version,), value)
            return doc

    def _refresh_in_background(self, ckey: str, fetch: Fetch, parse: Parse, ttl: float) -> None:
        if ckey in self._refreshing or ckey in self.flights.tasks:
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


def _as_stamp(raw: Any) -> Stamp | None:
    """A stored `[version, at, fresh_until]` stamp, or None for anything else."""
    if not isinstance(raw, list) or len(raw) != 3 or not isinstance(raw[0], str):
        return None
    return raw[0], float(raw[1]), None if raw[2] is None else float(raw[2])
