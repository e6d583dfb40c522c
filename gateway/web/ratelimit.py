"""The per-key rate limit (429 with Retry-After past it): in this process, or shared.

With the memory backend each process keeps its own token buckets
(`gateway.store.ratelimit.MemoryRateLimiter`, taken without an await: this is on every
request's path). With Redis (`share()`, called in the lifespan) a client key has ONE budget
across every process of the deployment (`RedisRateLimiter`); when Redis cannot answer, the
process falls back to its own buckets for that request (logged once per outage, counted by
`on_fallback`): the limit keeps holding per process rather than refusing every request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from gateway.core.errors import StoreUnavailable
from gateway.store.ratelimit import MemoryRateLimiter, RateLimit

logger = logging.getLogger("gateway.ratelimit")


class RateLimits:
    """Token buckets per client key: `rate` tokens a second, at most `burst` saved up."""

    def __init__(self, rate: float, burst: int) -> None:
        self.local = MemoryRateLimiter(rate, burst)
        self.shared: RateLimit | None = None
        self._degraded = False
        #: called each time a request falls back to the local buckets (metrics)
        self.on_fallback: Callable[[], None] | None = None

    def share(self, limiter: RateLimit | None) -> None:
        """Use `limiter` (e.g. a RedisRateLimiter) from now on; None: back to local."""
        self.shared = limiter

    async def acquire(self, key: str, tokens: int = 1) -> float:
        """Take `tokens` (one per operation; at most `burst`): 0.0 when allowed, else the
        seconds until they are available (none is taken then)."""
        if self.shared is None:
            return self.local.take(key, tokens)
        try:
            wait = await self.shared.acquire(key, tokens)
        except StoreUnavailable:
            if not self._degraded:
                logger.warning("shared rate limits unavailable; limiting per process")
                self._degraded = True
            if self.on_fallback is not None:
                self.on_fallback()
            return self.local.take(key, tokens)
        if self._degraded:
            logger.warning("shared rate limits answer again")
            self._degraded = False
        return wait
