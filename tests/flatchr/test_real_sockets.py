"""The client over real TCP (uvicorn in a thread): httpx's own read timeout and keep-alive."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from gateway.core.errors import RemoteUnavailable
from gateway.flatchr import FlatchrClient, FlatchrPool
from simulator.app import create_app
from simulator.model import World
from simulator.server import serve_in_thread
from tests.flatchr.helpers import Sim, fast_settings, integration_for


@pytest.fixture
def base_url(world: World) -> Iterator[str]:
    with serve_in_thread(create_app(world)) as url:
        yield url


@pytest.fixture
async def real_http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def real_sim(real_http: httpx.AsyncClient, base_url: str) -> Sim:
    return Sim(real_http, base_url)


@pytest.fixture
def impatient(real_http: httpx.AsyncClient, base_url: str, company: Any) -> FlatchrClient:
    """A client whose httpx read timeout (0.3 s) fires long before the test's deadline."""
    settings = fast_settings(read_timeout=0.3)
    return FlatchrPool(real_http, settings).client(integration_for(company, base_url))


async def test_real_server_reads_with_a_pool(
    real_http: httpx.AsyncClient, base_url: str, company: Any, real_sim: Sim
) -> None:
    client = FlatchrPool(real_http, fast_settings()).client(integration_for(company, base_url))

    columns = await client.list_columns()
    feed = await client.careers_feed(company.slug)

    assert columns and feed
    assert await real_sim.counts() == {"S1": 1, "V4": 1}


async def test_real_server_read_timeout_is_retried(impatient: FlatchrClient, real_sim: Sim) -> None:
    await real_sim.fault("S1", hang=True, times=1)

    columns = await impatient.list_columns()

    assert columns
    assert await real_sim.settled_counts({"S1": 2}) == {"S1": 2}


async def test_real_server_read_timeout_on_write_is_not_retried(
    impatient: FlatchrClient, real_sim: Sim
) -> None:
    await real_sim.fault("C2", hang=True)

    with pytest.raises(RemoteUnavailable, match="timed out"):
        await impatient.move_applicant("Vv1Vv1Vv1Vv1Vv1V", "Aa1Aa1Aa1Aa1Aa1A", 1)

    assert await real_sim.settled_counts({"C2": 1}) == {"C2": 1}
