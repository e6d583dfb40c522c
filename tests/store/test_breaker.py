"""Circuit breaker: open after N failures, fail fast, one probe, close or reopen."""

from __future__ import annotations

import asyncio

import pytest

from gateway.core.errors import ErrorCode, RemoteNotFound, RemoteUnavailable
from gateway.store.breaker import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def breaker(clock: Clock) -> CircuitBreaker:
    return CircuitBreaker("Flatchr (acme)", failure_threshold=3, cool_down=30, clock=clock)


def fail(breaker: CircuitBreaker, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(RemoteUnavailable), breaker.guard():
            raise RemoteUnavailable("Flatchr is unavailable (503)", status=503)


def test_breaker_opens_after_consecutive_failures(breaker: CircuitBreaker) -> None:
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    fail(breaker)
    assert breaker.state is BreakerState.OPEN
    calls = []
    with pytest.raises(RemoteUnavailable) as refused, breaker.guard():
        calls.append("sent")
    assert calls == []  # failed fast: Flatchr was not called
    assert refused.value.code is ErrorCode.REMOTE_SERVICE_UNAVAILABLE
    assert refused.value.extensions == {"retryAfter": 30}


def test_breaker_success_resets_the_count(breaker: CircuitBreaker) -> None:
    fail(breaker, 2)
    with breaker.guard():
        pass
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED


def test_breaker_answers_that_are_errors_are_not_failures(breaker: CircuitBreaker) -> None:
    for _ in range(5):
        with pytest.raises(RemoteNotFound), breaker.guard():
            raise RemoteNotFound("no such job", status=404)
    assert breaker.state is BreakerState.CLOSED


def test_breaker_half_open_lets_exactly_one_probe(breaker: CircuitBreaker, clock: Clock) -> None:
    fail(breaker, 3)
    clock.now += 29.9
    assert breaker.state is BreakerState.OPEN and not breaker.allow()
    assert breaker.retry_after() == pytest.approx(0.1)
    clock.now += 0.1
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow() is True  # the probe
    assert [breaker.allow() for _ in range(5)] == [False] * 5  # everyone else still waits
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert all(breaker.allow() for _ in range(5))


def test_breaker_failed_probe_reopens_for_a_full_cool_down(
    breaker: CircuitBreaker, clock: Clock
) -> None:
    fail(breaker, 3)
    clock.now += 30
    fail(breaker)  # the probe fails: one failure is enough in half-open
    assert breaker.state is BreakerState.OPEN
    assert breaker.retry_after() == 30
    clock.now += 30
    with breaker.guard():
        pass
    assert breaker.state is BreakerState.CLOSED


async def test_breaker_cancelled_probe_frees_the_slot(
    breaker: CircuitBreaker, clock: Clock
) -> None:
    fail(breaker, 3)
    clock.now += 30

    async def probe() -> None:
        with breaker.guard():
            await asyncio.sleep(10)

    task = asyncio.create_task(probe())
    await asyncio.sleep(0)
    assert not breaker.allow()  # the probe is in flight
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow() is True  # the next caller probes


def test_breaker_custom_failure_predicate(clock: Clock) -> None:
    breaker = CircuitBreaker("x", failure_threshold=1, clock=clock, is_failure=lambda e: True)
    with pytest.raises(ValueError), breaker.guard():
        raise ValueError("boom")
    assert breaker.state is BreakerState.OPEN
