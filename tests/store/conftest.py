"""Fixtures for the store tests: a client on the test's own redis-server, and helpers that
give each test the same contract on every backend."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from gateway.store.redis_client import connect
from tests.redis_harness import RedisServer

BACKENDS = ["memory", "redis"]


@pytest.fixture
async def redis_client(redis_server: RedisServer) -> AsyncIterator[Redis]:
    # 2 s, as in production: a shorter read timeout fails commands on a loaded CI host (a dead
    # Redis is still seen at once: its refused connections need no timeout)
    client = connect(redis_server.url, timeout=2.0)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend a parametrized test runs on; "redis" pulls in a real redis-server."""
    value: str = request.param
    return value


@pytest.fixture
def redis_if_needed(backend: str, request: pytest.FixtureRequest) -> Redis | None:
    """The Redis client when the test runs on the Redis backend (no server otherwise)."""
    if backend != "redis":
        return None
    client: Redis = request.getfixturevalue("redis_client")
    return client
