"""Fixtures: a fresh default world per test, served in-process through httpx.ASGITransport."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from simulator.app import create_app
from simulator.data import generate_world
from simulator.model import Company, World
from simulator.state import SimState


@pytest.fixture
def world() -> World:
    return generate_world()


@pytest.fixture
def app(world: World) -> Starlette:
    return create_app(world)


@pytest.fixture
def sim(app: Starlette) -> SimState:
    state: SimState = app.state.sim
    return state


@pytest.fixture
def acme(world: World) -> Company:
    return world.companies[0]


@pytest.fixture
def globex(world: World) -> Company:
    return world.companies[1]


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as http:
        yield http
