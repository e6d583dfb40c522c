"""A client that goes away: its upstream call is cancelled when nobody else waits on it, and
goes on when someone does. Real sockets on both sides (the gateway and the simulator under
uvicorn), since only a real connection can be dropped."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from devtools.local import integrations_for
from gateway.core.settings import ApiKeyConfig, FileConfig, Settings
from gateway.web.app import create_app
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from simulator.server import serve_in_thread as serve_simulator
from tests.e2e.conftest import A_KEY, A_SHA, JOBS
from tests.service.helpers import serve_in_thread


@dataclass
class Servers:
    gateway: str
    sim: str


@pytest.fixture
def servers() -> Iterator[Servers]:
    world = generate_world()
    with serve_simulator(create_simulator(world)) as sim_url:
        config = FileConfig(
            integrations=[integrations_for(world, sim_url)["acme"]],
            api_keys=[ApiKeyConfig(sha256=A_SHA, scopes=("read",), integrations=("acme",))],
        )
        app = create_app(Settings(max_retries=0, upstream_deadline=30), config)
        with serve_in_thread(app) as gateway_url:
            yield Servers(gateway_url, sim_url)


async def v1_log(sim: httpx.AsyncClient) -> list[int]:
    requests = (await sim.get("/_sim/log")).json()["requests"]
    return [r["status"] for r in requests if r["endpoint"] == "V1"]


async def ask(base: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        return await client.post(
            "/graphql", json={"query": JOBS}, headers={"Authorization": f"Bearer {A_KEY}"}
        )


async def disconnected(gateway: httpx.AsyncClient) -> float:
    text = (await gateway.get("/metrics")).text
    lines = [ln for ln in text.splitlines() if 'outcome="disconnected"' in ln]
    return sum(
        float(ln.rsplit(" ", 1)[1]) for ln in lines if ln.startswith("gateway_requests_total")
    )


async def in_flight(gateway: httpx.AsyncClient, count: int) -> None:
    for _ in range(500):
        text = (await gateway.get("/metrics")).text
        line = next(ln for ln in text.splitlines() if ln.startswith("gateway_in_flight_requests"))
        if float(line.rsplit(" ", 1)[1]) >= count + 1:  # + the /metrics request itself
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{count} requests never were in flight")


async def test_the_upstream_call_of_a_client_that_left_is_cancelled(servers: Servers) -> None:
    async with (
        httpx.AsyncClient(base_url=servers.sim) as sim,
        httpx.AsyncClient(base_url=servers.gateway) as gateway,
    ):
        await sim.post("/_sim/faults", json={"endpoint": "V1", "hang": True})
        leaving = asyncio.create_task(ask(servers.gateway))
        await in_flight(gateway, 1)
        leaving.cancel()  # closes the connection: the gateway sees http.disconnect
        for _ in range(500):
            if await v1_log(sim):
                break
            await asyncio.sleep(0.01)
        # 499: the simulator saw its client (the gateway) go away while the request hung.
        assert await v1_log(sim) == [499]
        assert await disconnected(gateway) == 1
        await sim.delete("/_sim/faults")


async def test_a_fetch_still_awaited_by_another_client_goes_on(servers: Servers) -> None:
    async with (
        httpx.AsyncClient(base_url=servers.sim) as sim,
        httpx.AsyncClient(base_url=servers.gateway) as gateway,
    ):
        await sim.post("/_sim/faults", json={"endpoint": "V1", "hang": True})
        leaving = asyncio.create_task(ask(servers.gateway))
        staying = asyncio.create_task(ask(servers.gateway))
        await in_flight(gateway, 2)
        leaving.cancel()
        for _ in range(500):
            if await disconnected(gateway) == 1:
                break
            await asyncio.sleep(0.01)
        assert await disconnected(gateway) == 1
        assert await v1_log(sim) == []  # the shared call is still out, hanging
        await sim.delete("/_sim/faults")  # the hang ends: the call gets its answer
        answer = await staying
        assert answer.status_code == 200
        assert answer.json()["data"]["jobs"]["totalCount"] > 0
        assert await v1_log(sim) == [200]  # one call, answered, not cancelled
