"""Read-after-write on every cached path, and idempotency keys (sequential, concurrent, reused
with another input)."""

from __future__ import annotations

import asyncio

from .stack import Stack, application, job_id, open_job

LISTS = """query($job: ID!) {
  applications(first: 250) { totalCount edges { node { id } } }
  candidates(first: 250) { totalCount }
  job(id: $job) { applications(first: 250) { edges { node { id } } } }
}"""


def _ids(body: dict) -> set[str]:
    return {e["node"]["id"] for e in body["data"]["applications"]["edges"]}


async def test_query_after_the_mutation_sees_the_new_application(stack: Stack) -> None:
    job = open_job(stack.world)
    variables = {"job": job_id(job)}
    before = await stack.gql(LISTS, variables)
    reused = stack.services().responses.hits
    assert await stack.gql(LISTS, variables) == before  # warm: cache and reused response
    assert stack.services().responses.hits == reused + 1

    result = await stack.apply(application(job_id(job), "fresh@example.org"))
    new_id = result["application"]["id"]

    after = await stack.gql(LISTS, variables)
    assert _ids(after) == _ids(before) | {new_id}
    assert after["data"]["applications"]["totalCount"] == (
        before["data"]["applications"]["totalCount"] + 1
    )
    assert after["data"]["candidates"]["totalCount"] == (
        before["data"]["candidates"]["totalCount"] + 1
    )
    job_apps = {e["node"]["id"] for e in after["data"]["job"]["applications"]["edges"]}
    assert new_id in job_apps
    # the new answer is itself reusable again
    assert await stack.gql(LISTS, variables) == after


async def test_same_key_twice_writes_once_and_replays(stack: Stack) -> None:
    job = open_job(stack.world)
    payload = application(job_id(job), "idem@example.org", idempotencyKey="key-1")
    first = await stack.apply(payload)
    second = await stack.apply(payload)
    assert first["userErrors"] == [] and second == first
    assert (await stack.counts())["C4"] == 1
    assert len(stack.applicants_of("idem@example.org", job.hashid)) == 1


async def test_final_errors_are_replayed_too(stack: Stack) -> None:
    job = open_job(stack.world)
    payload = application(job_id(job), "not-an-address", idempotencyKey="key-bad")
    first = await stack.apply(payload)
    assert first["userErrors"] and first == await stack.apply(payload)


async def test_same_key_other_input_is_refused(stack: Stack) -> None:
    job = open_job(stack.world)
    await stack.apply(application(job_id(job), "one@example.org", idempotencyKey="key-2"))
    other = await stack.apply(application(job_id(job), "two@example.org", idempotencyKey="key-2"))
    assert other["application"] is None
    assert [(e["code"], e["field"]) for e in other["userErrors"]] == [
        ("PLATFORM_INPUT_INVALID", ["idempotencyKey"])
    ]
    assert (await stack.counts())["C4"] == 1


async def test_concurrent_calls_with_one_key_write_once(stack: Stack) -> None:
    job = open_job(stack.world)
    # a slow C4 keeps the first call in flight while the others arrive
    await stack.fault(endpoint="C4", latency_ms=300, times=1)
    payload = application(job_id(job), "race@example.org", idempotencyKey="key-3")
    results = await asyncio.gather(*(stack.apply(payload) for _ in range(4)))
    assert all(r == results[0] for r in results)
    assert results[0]["userErrors"] == []
    assert (await stack.counts())["C4"] == 1
    assert len(stack.applicants_of("race@example.org", job.hashid)) == 1


async def test_concurrent_calls_without_key_do_not_duplicate(stack: Stack) -> None:
    job = open_job(stack.world)
    await stack.fault(endpoint="C4", latency_ms=200, times=1)
    payload = application(job_id(job), "nokey@example.org")
    results = await asyncio.gather(*(stack.apply(payload) for _ in range(3)))
    codes = sorted(e["code"] for r in results for e in r["userErrors"])
    assert codes == ["ATS_APPLICATION_ALREADY_EXISTS"] * 2
    assert (await stack.counts())["C4"] == 1
