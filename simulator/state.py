"""Run-time state of a simulator app: the world, the request log, injected faults, limits.

One `SimState` lives on `app.state.sim`. Handlers run on one event loop, so mutations need no
locks; the log is read from other threads only for snapshots (tests, benchmarks).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from simulator.model import World

LOG_SIZE = 2000
#: The documented CV download limit: one request per second per company.
C6_INTERVAL_S = 1.0


@dataclass(slots=True)
class Fault:
    """An injected failure for one endpoint id (or "*" for all). With `after_write` the
    latency, hang and status come after the handler has run (and stored what it writes)."""

    endpoint: str = "*"
    latency_ms: float = 0.0
    status: int | None = None
    rate: float = 1.0
    retry_after: float | None = None
    hang: bool = False
    times: int | None = None
    after_write: bool = False

    def matches(self, endpoint: str) -> bool:
        return self.endpoint in ("*", endpoint)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class FaultEffect:
    latency_s: float = 0.0
    hang: bool = False
    status: Fault | None = None

    def add(self, fault: Fault, fires: Callable[[Fault], bool]) -> None:
        self.latency_s += fault.latency_ms / 1000
        if fault.status is None:
            # a hang alone fires with the fault's `rate` (benchmarks: "10% of C4 time out")
            self.hang = self.hang or (fault.hang and fires(fault))
            return
        self.hang = self.hang or fault.hang
        if self.status is None and fires(fault):
            self.status = fault


@dataclass(slots=True)
class FaultOutcome(FaultEffect):
    """What happens before the handler runs, and (`after`) once it has written."""

    after: FaultEffect = field(default_factory=FaultEffect)


class RequestLog:
    """Counters per endpoint id plus the last `LOG_SIZE` requests."""

    def __init__(self, size: int = LOG_SIZE) -> None:
        self.counts: Counter[str] = Counter()
        self.total = 0
        self.requests: deque[dict[str, Any]] = deque(maxlen=size)
        #: requests being answered now (a hang shows here until it ends, then in `requests`)
        self.in_flight: Counter[str] = Counter()
        # Snapshots may be taken from another thread than the server's (serve_in_thread).
        self._lock = threading.Lock()

    def record(
        self, endpoint: str, method: str, path: str, status: int, company: str | None
    ) -> None:
        entry = {
            "endpoint": endpoint,
            "method": method,
            "path": path,
            "status": status,
            "company": company,
        }
        with self._lock:
            self.counts[endpoint] += 1
            self.total += 1
            self.requests.append(entry)

    def started(self, endpoint: str) -> None:
        with self._lock:
            self.in_flight[endpoint] += 1

    def ended(self, endpoint: str) -> None:
        with self._lock:
            self.in_flight[endpoint] -= 1

    def reset(self) -> None:
        with self._lock:
            self.counts.clear()
            self.total = 0
            self.requests.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "counts": dict(sorted(self.counts.items())),
                "total": self.total,
                "requests": list(self.requests),
                "in_flight": {k: v for k, v in sorted(self.in_flight.items()) if v > 0},
            }


class SimState:
    """Everything a running simulator knows. `clock` gives the time used for writes
    (`updated_at` bumps, new applicants); tests may replace it with a fixed clock."""

    def __init__(self, world: World, *, latency_ms: float = 0.0) -> None:
        self.world = world
        self.latency_ms = latency_ms
        self.log = RequestLog()
        self.faults: list[Fault] = []
        self.fault_rng = random.Random(f"{world.seed}:faults")
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.monotonic: Callable[[], float] = time.monotonic
        self.c6_last: dict[str, float] = {}
        self.hang_generation = 0
        self.submissions: deque[dict[str, Any]] = deque(maxlen=200)
        #: what `/_sim/mutate` deletes removed, for its `restore` op: (kind, key) -> value
        self.trash: dict[tuple[str, str], Any] = {}

    def now(self) -> datetime:
        return self.clock()

    def add_fault(self, fault: Fault) -> None:
        self.faults.append(fault)

    def clear_faults(self) -> None:
        self.faults.clear()
        self.hang_generation += 1  # releases hanging requests

    def take_faults(self, endpoint: str) -> FaultOutcome:
        """Faults that apply to this request; consumes one use of each counted fault."""
        outcome = FaultOutcome(latency_s=self.latency_ms / 1000)
        for fault in list(self.faults):
            if not fault.matches(endpoint):
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
            effect = outcome.after if fault.after_write else outcome
            effect.add(fault, self._fires)
        return outcome

    def _fires(self, fault: Fault) -> bool:
        return fault.rate >= 1.0 or self.fault_rng.random() < fault.rate

    def c6_allowed(self, company: str) -> float:
        """0 when a CV download may proceed now (and records it), else the seconds to wait."""
        now = self.monotonic()
        last = self.c6_last.get(company)
        if last is not None and now - last < C6_INTERVAL_S:
            return C6_INTERVAL_S - (now - last)
        self.c6_last[company] = now
        return 0.0
