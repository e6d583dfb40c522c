"""C4 is never retried blindly: after a timeout or a 5xx the gateway looks for the applicant,
answers success when it is there, and REMOTE_SERVICE_UNAVAILABLE (retry-safe with the same
idempotency key) when it is not."""

from __future__ import annotations

import asyncio
from typing import Any

from .stack import APPLY, Stack, application, job_id, open_job


async def _codes(stack: Stack, payload: dict[str, Any]) -> list[str]:
    """The codes of a mutation that failed as a whole (no payload)."""
    body = await stack.gql(APPLY, {"input": payload})
    assert body["data"] is None, body
    return [e["extensions"]["code"] for e in body["errors"]]


async def test_timeout_after_the_write_is_a_success(stack: Stack) -> None:
    job = open_job(stack.world)
    await stack.fault(endpoint="C4", hang=True, after_write=True, times=1)
    result = await stack.apply(application(job_id(job), "hang@example.org"))
    assert result["userErrors"] == [] and result["application"] is not None
    # the simulator logs the hung C4 once it notices the disconnect (it polls): wait for it
    assert await _c4_statuses(stack, wait_for=1) == [499]  # gave up, not retried
    assert len(stack.applicants_of("hang@example.org", job.hashid)) == 1


async def test_5xx_after_the_write_is_a_success(stack: Stack) -> None:
    job = open_job(stack.world)
    await stack.fault(endpoint="C4", status=503, after_write=True, times=1)
    result = await stack.apply(application(job_id(job), "late@example.org"))
    assert result["userErrors"] == []
    assert (
        result["application"]["remoteId"]
        == stack.applicants_of("late@example.org", job.hashid)[0].hashid
    )
    assert (await stack.counts())["C4"] == 1
    assert len(stack.applicants_of("late@example.org", job.hashid)) == 1


async def test_5xx_before_the_write_then_a_retry_with_the_key(stack: Stack) -> None:
    job = open_job(stack.world)
    await stack.fault(endpoint="C4", status=503, times=1)
    payload = application(job_id(job), "retry@example.org", idempotencyKey="key-r")
    assert await _codes(stack, payload) == ["REMOTE_SERVICE_UNAVAILABLE"]
    assert stack.applicants_of("retry@example.org", job.hashid) == []
    result = await stack.apply(payload)
    assert result["userErrors"] == []
    assert (await stack.counts())["C4"] == 2
    assert len(stack.applicants_of("retry@example.org", job.hashid)) == 1


async def test_write_seen_only_by_the_retry_is_its_success(stack: Stack) -> None:
    """C4 timed out after writing and every search for it failed: unknown, so unavailable;
    the retry with the same key finds the application and answers it, no second write."""
    job = open_job(stack.world)
    await stack.fault(endpoint="C4", hang=True, after_write=True, times=1)
    payload = application(job_id(job), "unseen@example.org", idempotencyKey="key-u")
    first = asyncio.create_task(_codes(stack, payload))
    while not await stack.submissions():
        await asyncio.sleep(0.01)  # C4 has written and hangs now
    await stack.fault(endpoint="C1", status=503, times=stack.services().settings.reconcile_polls)
    assert await first == ["REMOTE_SERVICE_UNAVAILABLE"]
    assert len(stack.applicants_of("unseen@example.org", job.hashid)) == 1
    result = await stack.apply(payload)
    assert result["userErrors"] == [] and result["application"] is not None
    assert (await stack.counts())["C4"] == 1
    # without the key, the same person and job is an existing application
    again = await stack.apply({k: v for k, v in payload.items() if k != "idempotencyKey"})
    assert [e["code"] for e in again["userErrors"]] == ["ATS_APPLICATION_ALREADY_EXISTS"]


async def test_flatchr_down_before_the_write(stack: Stack) -> None:
    job = open_job(stack.world)
    await stack.apply(application(job_id(job), "warm@example.org"))  # job documents cached
    await stack.fault(endpoint="C1", status=503)
    assert await _codes(stack, application(job_id(job), "down@example.org")) == [
        "REMOTE_SERVICE_UNAVAILABLE"
    ]
    assert (await stack.counts())["C4"] == 1  # the warm-up's only
    assert stack.applicants_of("down@example.org", job.hashid) == []


async def _c4_statuses(stack: Stack, wait_for: int, timeout_s: float = 10.0) -> list[int]:
    """The statuses of the C4 requests in the simulator's log, once it holds `wait_for` of them
    (or after `timeout_s`, whatever it holds then)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        log: list[dict[str, Any]] = (await stack.sim.get("/_sim/log")).json()["requests"]
        statuses = [int(r["status"]) for r in log if r["endpoint"] == "C4"]
        if len(statuses) >= wait_for or asyncio.get_running_loop().time() > deadline:
            return statuses
        await asyncio.sleep(0.02)
