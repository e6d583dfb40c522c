"""End-to-end fixtures: the whole gateway (HTTP layer, real schema) over the simulator, with
client keys for two tenants."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from devtools.local import integrations_for
from gateway.core.settings import ApiKeyConfig, FileConfig, Settings
from gateway.web.app import create_app
from gateway.web.auth import new_client_key
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from simulator.model import World

A_KEY, A_SHA = new_client_key()
B_KEY, B_SHA = new_client_key()
PT_KEY, PT_SHA = new_client_key()

JOBS = "{ jobs(first: 250) { totalCount edges { node { id remoteId } } } }"


@dataclass
class Stack:
    client: httpx.AsyncClient
    sim: httpx.AsyncClient
    companies: dict[str, str]  # slug -> company hashid
    app: Any = None

    def app_services(self) -> Any:
        return self.app.state.view.services()

    async def post(self, key: str, query: str, variables: dict | None = None) -> httpx.Response:
        return await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {key}"},
        )

    async def query(self, key: str, query: str, variables: dict | None = None) -> dict:
        response = await self.post(key, query, variables)
        assert response.status_code == 200, response.text
        return response.json()

    async def calls_for(self, company: str) -> int:
        log = (await self.sim.get("/_sim/log")).json()
        return sum(1 for r in log["requests"] if r.get("company") == company)


async def start_stack(world: World | None = None, **settings: Any) -> AsyncIterator[Stack]:
    world = world or generate_world()
    sim_app = create_simulator(world)
    integrations = integrations_for(world)
    config = FileConfig(
        integrations=[integrations["acme"], integrations["globex"]],
        api_keys=[
            ApiKeyConfig(sha256=A_SHA, scopes=("read",), integrations=("acme",)),
            ApiKeyConfig(sha256=B_SHA, scopes=("read",), integrations=("globex",)),
            ApiKeyConfig(sha256=PT_SHA, scopes=("read", "passthrough"), integrations=("acme",)),
        ],
    )
    app = create_app(
        Settings(mode="development", retry_backoff=0.01, max_retries=0, **settings),
        config,
        upstream_transport=httpx.ASGITransport(app=sim_app),
    )
    gw_transport = httpx.ASGITransport(app=app)
    sim_transport = httpx.ASGITransport(app=sim_app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=gw_transport, base_url="http://gw") as c,
        httpx.AsyncClient(transport=sim_transport, base_url="http://sim") as s,
    ):
        yield Stack(c, s, {co.slug: co.hashid for co in world.companies}, app)


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async for running in start_stack():
        yield running
