"""Read-API fixtures: the schema executed in process over the simulator (real HTTP semantics
through httpx.ASGITransport; nothing mocked)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import strawberry

from gateway.config import IntegrationConfig, Settings
from gateway.services import Services
from resolvers.context import make_context
from schema import build_schema
from simulator.app import create_app
from simulator.data import generate_world

SIM = "http://sim"


@dataclass
class Harness:
    """One simulator, one gateway process state (services), and a way to run queries."""

    schema: strawberry.Schema
    services: Services
    settings: Settings
    sim: httpx.AsyncClient
    integrations: dict[str, IntegrationConfig]

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        tenant: str = "acme",
        scopes: frozenset[str] = frozenset({"read"}),
    ) -> Any:
        ctx = make_context(
            request=None,
            settings=self.settings,
            integration=self.integrations[tenant],
            services=self.services,
            scopes=scopes,
        )
        result = await self.schema.execute(query, variable_values=variables, context_value=ctx)
        result.extensions = ctx.response_extensions  # type: ignore[misc]
        return result

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        result = await self.execute(query, variables, **kw)
        assert result.errors is None, [e.formatted for e in result.errors]
        return result.data

    async def counts(self) -> dict[str, int]:
        body = (await self.sim.get("/_sim/log")).json()
        return {k: v for k, v in body["counts"].items() if v}

    async def reset_counts(self) -> None:
        await self.sim.delete("/_sim/log")

    async def fault(self, **spec: Any) -> None:
        response = await self.sim.post("/_sim/faults", json=spec)
        assert response.status_code < 300, response.text

    async def clear_faults(self) -> None:
        await self.sim.delete("/_sim/faults")


async def make_harness(settings: Settings, world: Any = None) -> tuple[Harness, Any]:
    world = world or generate_world()
    app = create_app(world)
    transport = httpx.ASGITransport(app=app)
    services = await Services.start(settings, transport=transport)
    integrations = {
        c.slug: IntegrationConfig(
            id=c.slug,
            company_id=c.hashid,
            api_key=c.api_key,
            slug=c.slug,
            api_base_url=SIM,
            careers_base_url=SIM + "/careers",
        )
        for c in world.companies
    }
    sim = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SIM)
    harness = Harness(build_schema(settings), services, settings, sim, integrations)
    return harness, world


@pytest.fixture
def settings() -> Settings:
    return Settings(retry_backoff=0.01, max_retries=1, upstream_deadline=5.0, read_timeout=5.0)


@pytest.fixture
async def gw(settings: Settings) -> AsyncIterator[Harness]:
    harness, _ = await make_harness(settings)
    yield harness
    await harness.sim.aclose()
    await harness.services.aclose()
