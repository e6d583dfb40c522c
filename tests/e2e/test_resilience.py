"""Stale-if-error and the circuit breaker, through the whole app over the simulator: what the
client sees (`extensions.stale`, error codes, `integration.checks`), what /metrics says, and
how many calls reach Flatchr (the simulator's log)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.e2e.conftest import A_KEY, JOBS, Stack, start_stack

CHECKS = "{ integration { status checks { name ok message } } }"


async def metric(stack: Stack, name: str, **labels: str) -> float:
    text = (await stack.client.get("/metrics")).text
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def v1_calls(stack: Stack) -> int:
    counts: dict[str, int] = (await stack.sim.get("/_sim/log")).json()["counts"]
    return counts.get("V1", 0)


async def until_stale_if_error(stack: Stack) -> dict[str, Any]:
    """Query until the answer says Flatchr failed (the first stale answer only starts the
    refresh that fails)."""
    for _ in range(200):
        answer = await stack.query(A_KEY, JOBS)
        if "stale" in answer.get("extensions", {}):
            return answer
        await asyncio.sleep(0.01)
    raise AssertionError(f"no stale-if-error answer; last: {answer.get('extensions')}")


async def test_stale_if_error_on_5xx_carries_the_age_and_is_counted() -> None:
    async for stack in start_stack(ttl_vacancies=0.0, max_stale=3600):
        fresh = await stack.query(A_KEY, JOBS)
        assert "extensions" not in fresh
        await stack.sim.post("/_sim/faults", json={"endpoint": "V1", "status": 503})
        stale = await until_stale_if_error(stack)
        assert stale["data"] == fresh["data"]
        assert "errors" not in stale
        assert stale["extensions"]["staleResources"] == ["vacancies"]
        assert isinstance(stale["extensions"]["stale"]["age"], int)
        assert stale["extensions"]["stale"]["age"] >= 0
        counted = await metric(
            stack, "gateway_stale_served_total", resource="vacancies", reason="upstream_error"
        )
        assert counted >= 1
        assert await v1_calls(stack) >= 2  # the refresh did go to Flatchr and failed


async def test_stale_if_error_when_flatchr_hangs() -> None:
    async for stack in start_stack(
        # 1 s: short enough to wait out, long enough for a loaded CI host's first fetch
        ttl_vacancies=0.0,
        max_stale=3600,
        upstream_deadline=1.0,
        read_timeout=1.0,
    ):
        fresh = await stack.query(A_KEY, JOBS)
        await stack.sim.post("/_sim/faults", json={"endpoint": "V1", "hang": True})
        try:
            stale = await until_stale_if_error(stack)
        finally:
            await stack.sim.delete("/_sim/faults")  # releases the hanging handlers
        assert stale["data"] == fresh["data"]
        assert stale["extensions"]["stale"]["age"] >= 0
        assert await metric(stack, "gateway_stale_served_total", reason="upstream_error") >= 1


async def test_a_stale_copy_while_flatchr_answers_is_not_called_an_error() -> None:
    async for stack in start_stack(ttl_vacancies=0.0, max_stale=3600):
        await stack.query(A_KEY, JOBS)
        answers = [await stack.query(A_KEY, JOBS) for _ in range(5)]
        assert all("stale" not in a.get("extensions", {}) for a in answers)
        assert await metric(stack, "gateway_stale_served_total", reason="upstream_error") == 0


@pytest.fixture
async def breaker_stack() -> AsyncIterator[Stack]:
    async for stack in start_stack(
        breaker_failure_threshold=2, breaker_cool_down=0.3, upstream_deadline=2.0
    ):
        yield stack


async def codes_of(stack: Stack) -> list[str]:
    body = (await stack.post(A_KEY, JOBS)).json()
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def breaker_state(stack: Stack) -> float:
    return await metric(stack, "gateway_circuit_breaker_state", integration="acme")


async def test_breaker_opens_fails_fast_then_probes_and_closes(breaker_stack: Stack) -> None:
    stack = breaker_stack
    await stack.sim.post("/_sim/faults", json={"endpoint": "V1", "status": 503})
    for _ in range(2):  # two failures in a row (no retries in this stack)
        assert await codes_of(stack) == ["REMOTE_SERVICE_UNAVAILABLE"]
    assert await breaker_state(stack) == 2  # open
    before = await v1_calls(stack)
    assert await codes_of(stack) == ["REMOTE_SERVICE_UNAVAILABLE"]
    assert await v1_calls(stack) == before  # open: nothing went out
    checks = (await stack.query(A_KEY, CHECKS))["data"]["integration"]["checks"]
    breaker = next(c for c in checks if c["name"] == "circuit_breaker")
    assert breaker["ok"] is False and "open" in breaker["message"]

    # After the cool-down one probe goes out; while it hangs, other calls still fail fast.
    await stack.sim.delete("/_sim/faults")
    await stack.sim.post("/_sim/faults", json={"endpoint": "V1", "hang": True, "times": 1})
    await asyncio.sleep(0.35)  # the cool-down
    probe = asyncio.create_task(stack.query(A_KEY, JOBS))
    for _ in range(200):
        if await metric(stack, "gateway_in_flight_requests") >= 1:
            break
        await asyncio.sleep(0.01)
    for _ in range(500):  # the probe's call is out (it hangs in the simulator)
        if (await stack.sim.get("/_sim/log")).json()["in_flight"].get("V1"):
            break
        await asyncio.sleep(0.01)
    assert await breaker_state(stack) == 1  # half-open
    log = (await stack.sim.get("/_sim/log")).json()
    checks = (await stack.query(A_KEY, CHECKS))["data"]["integration"]["checks"]
    assert (await stack.sim.get("/_sim/log")).json()["total"] == log["total"]  # no S1, no V4
    by_name = {c["name"]: c for c in checks}
    assert "half_open" in by_name["circuit_breaker"]["message"]
    assert by_name["api_key_accepted"]["ok"] is False
    await stack.sim.delete("/_sim/faults")  # the probe's request now gets its answer
    answer = await probe
    assert answer["data"]["jobs"]["totalCount"] > 0
    assert await breaker_state(stack) == 0  # closed
    checks = (await stack.query(A_KEY, CHECKS))["data"]["integration"]["checks"]
    assert all(c["ok"] for c in checks)


async def test_breaker_open_serves_the_stale_copy_with_its_age() -> None:
    async for stack in start_stack(
        ttl_vacancies=0.0, max_stale=3600, breaker_failure_threshold=1, breaker_cool_down=60
    ):
        fresh = await stack.query(A_KEY, JOBS)
        await stack.sim.post("/_sim/faults", json={"endpoint": "V1", "status": 503})
        await until_stale_if_error(stack)
        assert await breaker_state(stack) == 2
        before = await v1_calls(stack)
        answers = [await stack.query(A_KEY, JOBS) for _ in range(3)]
        await asyncio.sleep(0.05)  # the background refreshes those answers started
        assert await v1_calls(stack) == before  # refreshes fail fast, nothing goes out
        assert all(a["data"] == fresh["data"] and "stale" in a["extensions"] for a in answers)
