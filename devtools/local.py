"""The gateway wired to an in-process simulator: used by the tests, the benchmarks and the demo.

Upstream calls go through `httpx.ASGITransport` into the simulator app (real HTTP semantics,
no sockets), and the simulator's `/_sim/` hooks count and break them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import strawberry

from gateway.core.settings import IntegrationConfig, Settings
from resolvers.context import make_context
from resolvers.services import Services
from schema import build_schema
from simulator.app import create_app
from simulator.data import generate_world
from simulator.model import World

SIM_BASE = "http://sim"


def integrations_for(world: World, base_url: str = SIM_BASE) -> dict[str, IntegrationConfig]:
    """One integration per simulated company, named by its slug."""
    return {
        c.slug: IntegrationConfig(
            id=c.slug,
            company_id=c.hashid,
            api_key=c.api_key,
            slug=c.slug,
            api_base_url=base_url,
            careers_base_url=base_url + "/careers",
        )
        for c in world.companies
    }


@dataclass
class LocalGateway:
    """The schema, the process services and a simulator, all in this process."""

    schema: strawberry.Schema
    services: Services
    settings: Settings
    sim: httpx.AsyncClient
    integrations: dict[str, IntegrationConfig]
    world: World
    last_extensions: dict[str, Any] = field(default_factory=dict)

    @classmethod
    async def start(
        cls, settings: Settings, world: World | None = None, *, latency_ms: float = 0.0
    ) -> LocalGateway:
        world = world or generate_world()
        app = create_app(world, latency_ms=latency_ms)
        services = await Services.start(settings, transport=httpx.ASGITransport(app=app))
        sim = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SIM_BASE)
        return cls(build_schema(), services, settings, sim, integrations_for(world), world)

    async def close(self) -> None:
        await self.sim.aclose()
        await self.services.aclose()

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
        self.last_extensions = ctx.response_extensions
        return result

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        """The `data` of a query that must not fail."""
        result = await self.execute(query, variables, **kw)
        if result.errors:
            raise AssertionError([e.formatted for e in result.errors])
        return result.data

    async def counts(self) -> dict[str, int]:
        """Upstream calls per endpoint id since the last reset (zeros left out)."""
        body = (await self.sim.get("/_sim/log")).json()
        return {k: v for k, v in body["counts"].items() if v}

    async def reset_counts(self) -> None:
        await self.sim.delete("/_sim/log")

    async def fault(self, **spec: Any) -> None:
        response = await self.sim.post("/_sim/faults", json=spec)
        response.raise_for_status()

    async def clear_faults(self) -> None:
        await self.sim.delete("/_sim/faults")
