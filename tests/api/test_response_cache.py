"""Reused query results: served while their documents are current, never past them."""

from __future__ import annotations

import asyncio

from devtools.local import LocalGateway
from gateway.core.settings import Settings
from tests.api.conftest import Harness

JOBS = "{ jobs(first: 3) { edges { node { remoteId name } } } }"


async def test_repeated_query_is_served_from_the_response_cache(gw: Harness) -> None:
    first = await gw.data(JOBS)
    hits = gw.services.responses.hits
    again = await gw.data(JOBS)
    assert again == first
    assert gw.services.responses.hits == hits + 1
    assert await gw.counts() == {"V1": 1}


async def test_other_variables_or_tenants_are_not_served_a_cached_result(gw: Harness) -> None:
    query = "query($n: Int) { jobs(first: $n) { edges { node { remoteId } } } }"
    two = await gw.data(query, {"n": 2})
    three = await gw.data(query, {"n": 3})
    other = await gw.data(query, {"n": 2}, tenant="globex")
    assert len(two["jobs"]["edges"]) == 2
    assert len(three["jobs"]["edges"]) == 3
    assert other != two
    assert gw.services.responses.hits == 0


async def test_results_with_errors_are_not_reused(gw: Harness) -> None:
    bad = '{ jobs(after: "nope") { totalCount } }'
    await gw.execute(bad)
    await gw.execute(bad)
    assert gw.services.responses.hits == 0


async def test_cached_result_never_outlives_its_documents() -> None:
    gw = await LocalGateway.start(Settings(ttl_vacancies=0.0, max_stale=3600))
    try:
        before = await gw.data(JOBS)
        target = before["jobs"]["edges"][0]["node"]["remoteId"]
        company = gw.integrations["acme"].company_id
        response = await gw.sim.post(
            "/_sim/mutate",
            json={
                "company": company,
                "op": "rename_vacancy",
                "vacancy": target,
                "title": "Renommé",
            },
        )
        response.raise_for_status()
        # TTL 0: the stored copy is stale, so the cached result is not reused; the stale
        # copy is served (and announced) while one refresh runs.
        stale = await gw.data(JOBS)
        assert stale == before
        assert gw.last_extensions == {"staleResources": ["vacancies"]}
        for _ in range(50):
            await asyncio.sleep(0.01)
            fresh = await gw.data(JOBS)
            if fresh != before:
                break
        names = {e["node"]["remoteId"]: e["node"]["name"] for e in fresh["jobs"]["edges"]}
        assert names[target] == "Renommé"
        assert gw.services.responses.hits == 0
    finally:
        await gw.close()
