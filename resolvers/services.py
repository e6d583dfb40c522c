"""Process-wide services, created once in the Starlette lifespan and shared by every request.

Nothing here holds per-request state, and nothing can leak across tenants: the Flatchr pool
keys its state by integration and the cache namespaces every key by tenant.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from redis.asyncio import Redis

from gateway.core.settings import Settings
from gateway.flatchr import ClientOptions, FlatchrPool
from gateway.store.idempotency import Idempotency, MemoryIdempotency
from gateway.store.idempotency_redis import RedisIdempotency
from gateway.store.redis_client import connect
from loaders import documents
from loaders.cache import ResourceCache
from loaders.responses import ResponseStore


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


def make_idempotency(settings: Settings, redis: Redis | None) -> Idempotency:
    """The idempotency records of create mutations: in this process, or in Redis (shared by
    every instance, atomic claim) when the cache backend is Redis."""
    ttl, claim_ttl = settings.idempotency_ttl, settings.idempotency_claim_ttl
    if redis is not None:
        return RedisIdempotency(redis, ttl=ttl, claim_ttl=claim_ttl)
    return MemoryIdempotency(ttl=ttl, claim_ttl=claim_ttl)


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
    #: the store's Redis client (cache_backend = "redis"), closed with the services
    store_redis: Redis | None = None

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
        redis = connect(settings.redis_url) if settings.cache_backend == "redis" else None
        return cls(
            settings=settings,
            http=http,
            pool=FlatchrPool(http, client_options(settings)),
            cache=make_cache(settings),
            responses=ResponseStore(settings.response_cache_bytes),
            idempotency=make_idempotency(settings, redis),
            store_redis=redis,
        )

    async def ready(self) -> dict[str, bool]:
        """Readiness of what requests depend on (the cache backend)."""
        return {"cache": await self.cache.ping()}

    async def aclose(self) -> None:
        await self.cache.close()
        if self.store_redis is not None:
            await self.store_redis.aclose()
        await self.http.aclose()
