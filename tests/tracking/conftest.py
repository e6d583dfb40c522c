"""Change-tracking fixtures: the whole gateway (HTTP app, real schema) over the simulator, on
the SQLite store and on a real redis-server. Documents are never cached (TTL 0), so every
query fetches the collections and shows them to the tracking store, as the refresher does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.e2e.conftest import A_KEY, Stack, start_stack
from tests.redis_harness import RedisServer

NO_CACHE = {
    f"ttl_{name}": 0.0
    for name in ("vacancies", "vacancy_details", "columns", "tags", "applicants", "traits")
}


class Tracking:
    """The stack and helpers for one tenant (acme)."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.company = stack.companies["acme"]

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        body = await self.stack.query(A_KEY, query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def mutate(self, op: str, **args: Any) -> Any:
        response = await self.stack.sim.post(
            "/_sim/mutate", json={"company": self.company, "op": op, **args}
        )
        assert response.status_code == 200, response.text
        return response.json()

    def tracker(self) -> Any:
        return self.stack.app_services().tracker


@pytest.fixture(params=["sqlite", "redis"])
async def tracking(request: pytest.FixtureRequest) -> AsyncIterator[Tracking]:
    settings: dict[str, Any] = {**NO_CACHE, "max_stale": 0.0, "response_cache_bytes": 0}
    if request.param == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        settings.update(cache_backend="redis", redis_url=server.url)
    async for stack in start_stack(**settings):
        yield Tracking(stack)
