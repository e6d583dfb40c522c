"""Fixtures of the mutation tests: a fresh simulator world on a real socket per test, and the
gateway app over it (tests/writes/stack.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from simulator.model import World

from .stack import Stack, simulator, start_stack


@pytest.fixture
def sim() -> Iterator[tuple[World, str]]:
    with simulator() as running:
        yield running


@pytest.fixture
async def stack(sim: tuple[World, str]) -> AsyncIterator[Stack]:
    world, url = sim
    async with start_stack(url, world) as running:
        yield running
