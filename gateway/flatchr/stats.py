"""Request-scoped upstream accounting.

The HTTP layer calls `begin()` once per gateway request; every Flatchr call made while serving
that request (in the same context, including tasks it spawns) adds to the returned
`UpstreamStats`. `current()` is None outside a request (background refresh, CLI), and the client
then records nothing.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class UpstreamStats:
    """What one gateway request cost upstream.

    `calls` counts attempts (retries included) and `by_endpoint` splits them by endpoint id
    ("V1", "C1"...). `wait_seconds` is the wall-clock time during which at least one upstream
    call of the request was in progress (queueing, throttling and backoff included), so
    `total - wait_seconds` is the gateway's own overhead even when calls run concurrently.
    """

    calls: int = 0
    wait_seconds: float = 0.0
    by_endpoint: dict[str, int] = field(default_factory=dict)
    _active: int = field(default=0, init=False, repr=False, compare=False)
    _since: float = field(default=0.0, init=False, repr=False, compare=False)

    def record_attempt(self, endpoint: str) -> None:
        self.calls += 1
        self.by_endpoint[endpoint] = self.by_endpoint.get(endpoint, 0) + 1

    def call_started(self) -> None:
        if self._active == 0:
            self._since = time.monotonic()
        self._active += 1

    def call_finished(self) -> None:
        self._active -= 1
        if self._active == 0:
            self.wait_seconds += time.monotonic() - self._since


_current: ContextVar[UpstreamStats | None] = ContextVar("flatchr_upstream_stats", default=None)


def begin() -> UpstreamStats:
    """Start accounting for the current request (context) and return the accumulator."""
    stats = UpstreamStats()
    _current.set(stats)
    return stats


def current() -> UpstreamStats | None:
    """The accumulator of the current request, or None outside one."""
    return _current.get()
