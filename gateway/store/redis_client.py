"""One way to open a Redis client for the store, and one way to report that Redis is down.

Every Redis-backed store in this package takes an already-open `redis.asyncio.Redis` (one
client per process, shared: it pools connections) and wraps each round trip in
`unavailable()`, so a dead or slow Redis surfaces as `StoreUnavailable` (PLATFORM_UNAVAILABLE,
503) instead of a library exception, and without waiting through redis-py's default retry
back-off: a request that needs the store is better refused at once than after ten seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from redis import exceptions as redis_errors
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from gateway.core.errors import StoreUnavailable

#: what "Redis cannot answer" looks like from redis-py (and from the socket underneath)
_DOWN = (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError, TimeoutError)


def connect(url: str, *, timeout: float = 2.0, max_connections: int = 50) -> Redis:
    """A client for `url` (redis://host:port/db) with bounded connect/read timeouts and one
    immediate retry, so a restarted Redis is picked up again on the next call.

    At most `max_connections` connections, in a blocking pool: a burst of commands (a query
    reading 250 documents at once) waits up to `timeout` for a free connection instead of
    failing with "Too many connections", which the stores would take for a Redis outage."""
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=timeout,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 1),
        health_check_interval=30,
    )
    return Redis.from_pool(pool)  # the client owns the pool: closing it closes the pool


@contextmanager
def unavailable(what: str) -> Iterator[None]:
    """Translate "Redis is down or too slow" into `StoreUnavailable`; `what` names the store."""
    try:
        yield
    except _DOWN as exc:
        raise StoreUnavailable(
            f"The shared store is unavailable ({what}); try again shortly."
        ) from exc


def millis(seconds: float) -> int:
    """A TTL for PX/PEXPIRE: whole milliseconds, at least 1 (0 would mean "no expiry")."""
    return max(1, round(seconds * 1000))
