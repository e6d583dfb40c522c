"""Read-API fixtures: the schema executed in process over the simulator (real HTTP semantics
through httpx.ASGITransport; nothing mocked)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from devtools.local import LocalGateway
from gateway.core.settings import Settings

Harness = LocalGateway


@pytest.fixture
def settings() -> Settings:
    return Settings(retry_backoff=0.01, max_retries=1, upstream_deadline=5.0, read_timeout=5.0)


@pytest.fixture
async def gw(settings: Settings) -> AsyncIterator[LocalGateway]:
    harness = await LocalGateway.start(settings)
    yield harness
    await harness.close()
