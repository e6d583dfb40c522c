"""Process-wide services, created once in the Starlette lifespan and shared by every request.

Nothing here holds per-request state, and nothing can leak across tenants: the Flatchr pool
keys its state by integration and the cache namespaces every key by tenant.

With `GATEWAY_CACHE_BACKEND=redis`, `redis` is the process's ONE `redis.asyncio` client
(gateway.store.redis_client.connect: bounded timeouts, a blocking pool of
`redis_max_connections`), made here and closed in `aclose`; the document cache and its locks,
the rate limits, the idempotency records, the tracking store and the refresher's locks all use
it (`services.redis`). It is None with the memory backend.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx
from redis.asyncio import Redis

from gateway.core.settings import IntegrationConfig, Settings
from gateway.flatchr import ClientOptions, FlatchrPool
from gateway.store.breaker import CircuitBreaker
from gateway.store.idempotency import Idempotency, MemoryIdempotency
from gateway.store.idempotency_redis import RedisIdempotency
from gateway.store.locks import LocalLocks, Locks, RedisLocks
from gateway.store.redis_client import connect
from gateway.store.tracking_redis import RedisTracking
from gateway.store.tracking_sqlite import SqliteTracking
from loaders import documents
from loaders.cache import ResourceCache
from loaders.refresher import Refresher
from loaders.responses import ResponseStore
from loaders.tenant import TenantData
from loaders.tracking import Tracker


def client_options(settings: Settings) -> ClientOptions:
    """The few settings the Flatchr client needs."""
    return ClientOptions(
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        upstream_deadline=settings.upstream_deadline,
        max_retries=settings.max_retries,
        retry_backoff=settings.retry_backoff,
        per_company_concurrency=settings.per_company_concurrency,
        cv_download_interval=settings.cv_download_interval,
    )


def make_cache(settings: Settings, redis: Redis | None = None) -> ResourceCache:
    return ResourceCache(
        ttls=documents.ttls(settings),
        max_stale=settings.max_stale,
        backend=settings.cache_backend,
        redis_url=settings.redis_url,
        redis=redis,
        prefix=settings.redis_prefix,
        backend_retry=settings.cache_backend_retry,
    )


class Breakers(dict[str, CircuitBreaker]):
    """One circuit breaker per integration (by id), made on first use."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def __missing__(self, integration_id: str) -> CircuitBreaker:
        breaker = self[integration_id] = CircuitBreaker(
            f"Flatchr ({integration_id})",
            failure_threshold=self.settings.breaker_failure_threshold,
            cool_down=self.settings.breaker_cool_down,
        )
        return breaker


def make_idempotency(settings: Settings, redis: Redis | None) -> Idempotency:
    """The idempotency records of create mutations: in this process, or in Redis (shared by
    every instance, atomic claim) when the cache backend is Redis."""
    ttl, claim_ttl = settings.idempotency_ttl, settings.idempotency_claim_ttl
    if redis is not None:
        return RedisIdempotency(redis, ttl=ttl, claim_ttl=claim_ttl)
    return MemoryIdempotency(ttl=ttl, claim_ttl=claim_ttl)


def make_tracking(settings: Settings, redis: Redis | None) -> tuple[Tracker, Locks]:
    """The change-tracking store and the refresher's locks: in Redis when the cache is there
    (shared by every instance), else a SQLite file and this process's own locks."""
    if redis is not None:
        return Tracker(RedisTracking(redis)), RedisLocks(redis)
    path = settings.tracking_path
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    return Tracker(SqliteTracking(path)), LocalLocks()


@dataclass
class Services:
    settings: Settings
    http: httpx.AsyncClient
    pool: FlatchrPool
    cache: ResourceCache
    #: encoded answers reused while their documents are unchanged (gateway.web.reuse)
    responses: ResponseStore
    #: outcomes of create mutations per (tenant, idempotencyKey)
    idempotency: Idempotency
    #: the one shared Redis client (None with the memory backend); see the module docstring
    redis: Redis | None = None
    #: integration id -> its circuit breaker (gateway.store.breaker)
    breakers: dict[str, CircuitBreaker] = field(default_factory=dict)
    #: change tracking (changedAt, remoteDeletedAt, deleted records)
    tracker: Tracker | None = None
    #: the refresher's locks (one refresh of a tenant at a time across the deployment)
    locks: Locks = field(default_factory=LocalLocks)
    refresher: Refresher | None = None

    @classmethod
    async def start(
        cls, settings: Settings, transport: httpx.AsyncBaseTransport | None = None
    ) -> Services:
        """Build the shared httpx client (explicit timeouts and limits), the Flatchr pool and
        the cache.

        `transport` lets tests and the demo route upstream calls to an in-process simulator
        (`httpx.ASGITransport`); production leaves it None.
        """
        http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            limits=httpx.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=settings.max_connections,
            ),
            follow_redirects=True,
        )
        redis = (
            connect(settings.redis_url, max_connections=settings.redis_max_connections)
            if settings.cache_backend == "redis"
            else None
        )
        breakers = Breakers(settings)
        tracker, locks = make_tracking(settings, redis)
        return cls(
            settings=settings,
            http=http,
            pool=FlatchrPool(http, client_options(settings), breakers.__getitem__),
            cache=make_cache(settings, redis),
            responses=ResponseStore(settings.response_cache_bytes),
            redis=redis,
            breakers=breakers,
            idempotency=make_idempotency(settings, redis),
            tracker=tracker,
            locks=locks,
        )

    def open_tenant(self, integration: IntegrationConfig) -> TenantData:
        """One tenant's data access outside a request (the refresher's)."""
        client = self.pool.client(integration)
        return TenantData.open(client, self.cache, integration, self.settings, self.tracker)

    def start_refresher(self, integrations: Iterable[IntegrationConfig]) -> None:
        """Refresh every tenant's collections in the background (`refresh_interval`; 0: off).
        Stopped by `aclose`."""
        s = self.settings
        if self.refresher is None and s.refresh_interval > 0 and not s.naive:
            self.refresher = Refresher(
                integrations, self.open_tenant, self.locks,
                interval=s.refresh_interval, jitter=s.refresh_jitter,
            )  # fmt: skip
            self.refresher.start()

    async def ready(self) -> dict[str, bool]:
        """Whether the shared store answers (`store`: Redis; always true in memory)."""
        return {"store": await self.cache.ping()}

    async def aclose(self) -> None:
        if self.refresher is not None:
            await self.refresher.stop()
        if self.tracker is not None:
            await self.tracker.close()
        await self.cache.close()
        await self.http.aclose()
        if self.redis is not None:
            with contextlib.suppress(Exception):  # a dead Redis has nothing left to close
                await self.redis.aclose()
