"""The benchmark tenant (500 vacancies, 10,000 applicants) is complete and fully served."""

from __future__ import annotations

import httpx
import pytest

from simulator.app import create_app
from simulator.data import generate_world
from simulator.model import World

from .helpers import auth


@pytest.fixture(scope="module")
def big_world() -> World:
    return generate_world(vacancies=500, applicants=10_000)


def test_generate_world_large_tenant_complete(big_world: World) -> None:
    acme = big_world.companies[0]
    assert len(acme.vacancies) == 500
    assert len(acme.applicants) == 10_000
    hashids = [a.hashid for a in acme.applicants.values()]
    assert len(set(hashids)) == len(hashids)
    created = [a.created_at for a in acme.applicants.values()]
    assert created == sorted(created)
    assert all(len(c.applicants) == 30 for c in big_world.companies[1:])


async def test_search_large_tenant_all_rows(big_world: World) -> None:
    acme = big_world.companies[0]
    transport = httpx.ASGITransport(app=create_app(big_world))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        response = await client.post(
            f"/company/{acme.hashid}/search/applicants", json={}, headers=auth(acme)
        )
    rows = response.json()
    assert len(rows) == 10_000
    assert [r["applicant"] for r in rows] == list(acme.applicants)
