"""Process-wide services, created once in the Starlette lifespan and shared by every request.

Nothing here holds per-request state, and nothing can leak across tenants: the Flatchr pool
keys its state by integration and the cache namespaces every key by tenant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx
from redis.asyncio import Redis

from gateway.core.settings import IntegrationConfig, Settings
from gateway.flatchr import ClientOptions, FlatchrPool
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


def make_cache(settings: Settings) -> ResourceCache:
    return ResourceCache(
        ttls=documents.ttls(settings),
        max_stale=settings.max_stale,
        backend=settings.cache_backend,
        redis_url=settings.redis_url,
    )


def make_tracking(settings: Settings) -> tuple[Tracker, Locks, Redis | None]:
    """The change-tracking store and the refresher's locks: in Redis when the cache is there
    (shared by every instance), else a SQLite file and this process's own locks."""
    if settings.cache_backend == "redis":
        redis = connect(settings.redis_url)
        return Tracker(RedisTracking(redis)), RedisLocks(redis), redis
    path = settings.tracking_path
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    return Tracker(SqliteTracking(path)), LocalLocks(), None


@dataclass
class Services:
    settings: Settings
    http: httpx.AsyncClient
    pool: FlatchrPool
    cache: ResourceCache
    #: responses reused while their documents are unchanged (the HTTP view's reuse level)
    responses: ResponseStore
    #: change tracking (changedAt, remoteDeletedAt, deleted records)
    tracker: Tracker | None = None
    locks: Locks = field(default_factory=LocalLocks)
    redis: Redis | None = None
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
        tracker, locks, redis = make_tracking(settings)
        return cls(
            settings=settings,
            http=http,
            pool=FlatchrPool(http, client_options(settings)),
            cache=make_cache(settings),
            responses=ResponseStore(settings.response_cache_bytes),
            tracker=tracker,
            locks=locks,
            redis=redis,
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
        """Readiness of what requests depend on (the cache backend)."""
        return {"cache": await self.cache.ping()}

    async def aclose(self) -> None:
        if self.refresher is not None:
            await self.refresher.stop()
        if self.tracker is not None:
            await self.tracker.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.cache.close()
        await self.http.aclose()
