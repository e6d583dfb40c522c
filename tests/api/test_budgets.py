"""Upstream-call budgets (N+1 guards), counted in the simulator's request log.

Cold, each canonical query costs a small constant number of collection calls plus at most one
call per entity that has no collection endpoint (V2 details, T2 traits); warm, nothing.
"""

from __future__ import annotations

from bench.queries import Q1, Q2, Q3, Q4
from tests.api.conftest import Harness


async def test_q1_jobs_with_stages_costs_two_collection_calls_cold_and_none_warm(
    gw: Harness,
) -> None:
    data = await gw.data(Q1)
    assert len(data["jobs"]["edges"]) == 12
    assert all(e["node"]["stages"] for e in data["jobs"]["edges"])
    assert await gw.counts() == {"V1": 1, "S1": 1}
    await gw.reset_counts()
    await gw.data(Q1)
    assert await gw.counts() == {}


async def test_q2_jobs_applications_candidates_costs_three_calls_cold_and_none_warm(
    gw: Harness,
) -> None:
    data = await gw.data(Q2)
    apps = [a for e in data["jobs"]["edges"] for a in e["node"]["applications"]["edges"]]
    assert len(apps) > 50  # many rows, still one search call
    assert all(a["node"]["candidate"] is not None for a in apps)
    assert await gw.counts() == {"V1": 1, "S1": 1, "C1": 1}
    await gw.reset_counts()
    await gw.data(Q2)
    assert await gw.counts() == {}


async def test_q3_screening_questions_cost_one_detail_call_per_job_cold_and_none_warm(
    gw: Harness,
) -> None:
    data = await gw.data(Q3)
    jobs = data["jobs"]["edges"]
    assert any(e["node"]["screeningQuestions"] for e in jobs)
    assert await gw.counts() == {"V1": 1, "V2": len(jobs)}
    await gw.reset_counts()
    await gw.data(Q3)
    assert await gw.counts() == {}


async def test_q4_candidate_tags_cost_one_traits_call_per_applicant_cold_and_none_warm(
    gw: Harness,
) -> None:
    data = await gw.data(Q4)
    people = data["candidates"]["edges"]
    assert len(people) == 50
    assert any(p["node"]["candidateTags"] for p in people)
    ids = await gw.data(
        "{ candidates(first: 50) { edges { node { applications(first: 250) { totalCount } } } } }"
    )
    applicants = sum(e["node"]["applications"]["totalCount"] for e in ids["candidates"]["edges"])
    counts = await gw.counts()
    assert counts.pop("T2") == applicants
    # the second query added the V1/S1 needed to map applications; Q4 itself needs C1 and T1
    assert counts == {"C1": 1, "T1": 1, "V1": 1, "S1": 1}
    await gw.reset_counts()
    await gw.data(Q4)
    assert await gw.counts() == {}


async def test_concurrent_cold_requests_share_one_upstream_call_per_collection(
    gw: Harness,
) -> None:
    import asyncio

    await asyncio.gather(*(gw.data(Q2) for _ in range(5)))
    assert await gw.counts() == {"V1": 1, "S1": 1, "C1": 1}


async def test_tenants_have_separate_cache_entries(gw: Harness) -> None:
    await gw.data(Q1, tenant="acme")
    await gw.reset_counts()
    await gw.data(Q1, tenant="globex")
    assert await gw.counts() == {"V1": 1, "S1": 1}
