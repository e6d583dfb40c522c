"""The one response-reuse level (gateway.web.reuse): an identical request is answered with the
bytes encoded the first time, while the documents they were computed from are current."""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import A_KEY, B_KEY, Stack, start_stack

JOBS = "{ jobs(first: 3) { edges { node { remoteId name } } } }"


async def rename_first_job(stack: Stack, before: dict) -> str:
    target = str(before["data"]["jobs"]["edges"][0]["node"]["remoteId"])
    response = await stack.sim.post(
        "/_sim/mutate",
        json={"company": stack.companies["acme"], "op": "rename_vacancy", "vacancy": target,
              "title": "Renommé"},
    )  # fmt: skip
    response.raise_for_status()
    return target


def names(body: dict) -> dict[str, str]:
    return {e["node"]["remoteId"]: e["node"]["name"] for e in body["data"]["jobs"]["edges"]}


async def test_reuse_repeated_query_costs_no_upstream_call(stack: Stack) -> None:
    store = stack.app_services().responses
    first = await stack.post(A_KEY, JOBS)
    calls = await stack.calls_for(stack.companies["acme"])
    again = await stack.post(A_KEY, JOBS)
    assert again.content == first.content
    assert store.hits == 1
    assert await stack.calls_for(stack.companies["acme"]) == calls == 1


async def test_reuse_other_variables_or_tenants_are_not_served_a_kept_answer(stack: Stack) -> None:
    query = "query($n: Int) { jobs(first: $n) { edges { node { remoteId } } } }"
    two = await stack.query(A_KEY, query, {"n": 2})
    three = await stack.query(A_KEY, query, {"n": 3})
    other = await stack.query(B_KEY, query, {"n": 2})
    assert len(two["data"]["jobs"]["edges"]) == 2
    assert len(three["data"]["jobs"]["edges"]) == 3
    assert other != two
    assert stack.app_services().responses.hits == 0


async def test_reuse_answers_with_errors_are_not_kept(stack: Stack) -> None:
    bad = '{ jobs(after: "nope") { totalCount } }'
    first = await stack.post(A_KEY, bad)
    await stack.post(A_KEY, bad)
    assert first.json()["errors"]
    assert stack.app_services().responses.hits == 0


async def test_reuse_never_outlives_the_documents_of_the_answer() -> None:
    async for stack in start_stack(ttl_vacancies=0.0, max_stale=3600):
        before = await stack.query(A_KEY, JOBS)
        target = await rename_first_job(stack, before)
        # TTL 0: the stored copy is stale, so the kept answer is not reused; the stale copy
        # is served (and announced) while one refresh runs.
        stale = await stack.query(A_KEY, JOBS)
        assert stale["data"] == before["data"]
        assert stale["extensions"] == {"staleResources": ["vacancies"]}
        for _ in range(50):
            await asyncio.sleep(0.01)
            fresh = await stack.query(A_KEY, JOBS)
            if names(fresh)[target] == "Renommé":
                break
        assert names(fresh)[target] == "Renommé"
        assert stack.app_services().responses.hits == 0


async def test_reuse_evicted_documents_are_fetched_again_and_their_answers_not_reused(
    stack: Stack,
) -> None:
    before = await stack.query(A_KEY, JOBS)
    await stack.query(A_KEY, JOBS)  # stored and reused once
    reused = stack.app_services().responses.hits
    target = await rename_first_job(stack, before)
    # Without the eviction the long-lived copy (and the stored response) would still answer.
    assert names(await stack.query(A_KEY, JOBS))[target] != "Renommé"
    calls = await stack.calls_for(stack.companies["acme"])
    tenant = f"acme:{stack.companies['acme']}"  # loaders.tenant.tenant_of of that integration
    await stack.app_services().cache.evict_documents(tenant, "vacancies")
    after = await stack.query(A_KEY, JOBS)
    assert names(after)[target] == "Renommé"
    assert await stack.calls_for(stack.companies["acme"]) == calls + 1  # one V1 again
    assert (
        stack.app_services().responses.hits == reused + 1
    )  # only the repeat before the eviction was reused
