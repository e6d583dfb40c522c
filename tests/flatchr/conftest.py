"""Fixtures: a seeded simulator world served in-process (ASGITransport) and a pool over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.core.settings import IntegrationConfig, Settings
from gateway.flatchr import FlatchrClient, FlatchrPool
from simulator.app import create_app
from simulator.data import generate_world
from simulator.model import World
from tests.flatchr.helpers import Sim, fast_settings, integration_for


@pytest.fixture
def world() -> World:
    return generate_world(seed=7, companies=3, vacancies=12, applicants=120)


@pytest.fixture
def company(world: World) -> Any:
    return world.companies[0]


@pytest.fixture
def other_company(world: World) -> Any:
    return world.companies[1]


@pytest.fixture
async def http(world: World) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(world)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
        yield client


@pytest.fixture
def sim(http: httpx.AsyncClient) -> Sim:
    return Sim(http)


@pytest.fixture
def settings() -> Settings:
    return fast_settings()


@pytest.fixture
def pool(http: httpx.AsyncClient, settings: Settings) -> FlatchrPool:
    return FlatchrPool(http, settings)


@pytest.fixture
def integration(company: Any) -> IntegrationConfig:
    return integration_for(company)


@pytest.fixture
def client(pool: FlatchrPool, integration: IntegrationConfig) -> FlatchrClient:
    return pool.client(integration)
