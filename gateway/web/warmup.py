"""Start-up work that the first request would otherwise pay (docs/operations.md, cold start).

Measured in a fresh process against a simulator over TCP with 200 ms of latency, the first
cold Q2 took 40-70 ms more than a later cold one of another tenant. Most of it was the
network stack httpx loads on its first connection (anyio's asyncio backend and its socket,
stream and lock modules, ~35 ms), then the first Flatchr client of each integration and the
first pass through the schema's extensions, and (since change tracking) opening the tracking
store: the SQLite file, its tables and the thread its calls run on. The lifespan runs
`warm_up` before /readyz can say ready.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import anyio

from gateway.core.settings import IntegrationConfig
from resolvers.services import Services

logger = logging.getLogger("gateway")


async def warm_up(
    services: Services, schema: Any, integrations: Iterable[IntegrationConfig]
) -> None:
    # httpcore builds its locks and events with anyio and connects with anyio.connect_tcp:
    # creating them imports the backend; reading the attribute imports the socket module.
    anyio.Event().set()
    async with anyio.Lock():
        pass
    assert callable(anyio.connect_tcp)
    for integration in integrations:
        services.pool.client(integration)
    if services.tracker is not None:
        await services.tracker.warm_up()
    # One operation through parsing, validation and every extension (no resolver, no
    # upstream call): the first real request then finds them all initialised.
    result = await schema.execute("query WarmUp { __typename }")
    if result.errors:
        logger.debug("warm-up query: %s", result.errors)
