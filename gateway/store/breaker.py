"""A circuit breaker per integration: stop calling a Flatchr that keeps failing, then probe.

When Flatchr is down, every request waiting for its timeout ties up a worker and adds load to
a service trying to recover. After `failure_threshold` consecutive failures the breaker OPENS:
calls fail at once (RemoteUnavailable, with `retryAfter`) for `cool_down` seconds. Then it is
HALF_OPEN: exactly one call goes through as a probe while the others still fail fast; the
probe's success CLOSES the breaker, its failure opens it for another cool-down.

What counts as a failure is `is_failure(exc)`; by default only RemoteUnavailable (5xx,
connection errors, timeouts): a 404 or a 400 means Flatchr is up and answering. State is per
process (each instance learns on its own: a few extra probes, no shared-state dependency on
the failure path). The clock is injectable, so tests need no sleeps.
"""

from __future__ import annotations

import contextlib
import enum
import math
import time
from collections.abc import Callable, Iterator

from gateway.core.errors import RemoteUnavailable


class BreakerState(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


def _default_is_failure(exc: BaseException) -> bool:
    return isinstance(exc, RemoteUnavailable)


class CircuitBreaker:
    """closed -> open after N consecutive failures -> half-open after the cool-down (one
    probe) -> closed on its success, open again on its failure."""

    def __init__(
        self,
        name: str,
        *,
        failure_threshold: int = 5,
        cool_down: float = 30.0,
        is_failure: Callable[[BaseException], bool] = _default_is_failure,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.failure_threshold = max(1, failure_threshold)
        self.cool_down = cool_down
        self.is_failure = is_failure
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None  # None: closed
        self._probing = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._probing or self._clock() >= self._opened_at + self.cool_down:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def retry_after(self) -> float:
        """Seconds until a call may be tried again (0.0 when one may go now)."""
        if self._opened_at is None:
            return 0.0
        if self._probing:  # the probe's verdict is due within a call's time
            return 1.0
        return max(0.0, self._opened_at + self.cool_down - self._clock())

    def allow(self) -> bool:
        """Whether a call may go now; in half-open, True for the one probe only. A caller
        that gets True must report with record_success, record_failure or record_abandoned."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self._probing:
            self._probing = True
            return True
        return False

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._probing = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._probing or self._failures >= self.failure_threshold:
            self._opened_at = self._clock()
        self._probing = False

    def record_abandoned(self) -> None:
        """The call ended without a verdict (cancelled): let the next caller probe instead."""
        self._probing = False

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Run one call under the breaker: fail fast when open, record its outcome."""
        if not self.allow():
            wait = math.ceil(self.retry_after())
            raise RemoteUnavailable(
                f"{self.name} is failing; calls to it are paused for the next {wait} s.",
                retryAfter=wait,
            )
        try:
            yield
        except Exception as exc:
            if self.is_failure(exc):
                self.record_failure()
            else:
                self.record_success()  # it answered, if only with an error of ours
            raise
        except BaseException:
            self.record_abandoned()
            raise
        self.record_success()
