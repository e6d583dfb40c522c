"""The gateway's Prometheus metrics: prometheus_client's own types, in a registry per app.

prometheus_client costs about 9 µs more per request than the plain counters this module used
to carry (about 11 µs against 2 µs for what one request records, measured with timeit); at
the throughput of bench.throughput that is within the noise (docs/decisions.md), so the
library's types are used as they are. `labelled` remembers each child once looked up:
prometheus_client's `labels()` checks and copies its arguments on every call (about 4 µs, five
times a request).
"""

from __future__ import annotations

import re
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_SAFE_OPERATION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_MAX_OPERATION_LABELS = 200


class Metrics:
    """The metrics of one app (tests build several apps in one process)."""

    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        op = ["operation"]
        self.requests = Counter(
            "gateway_requests", "GraphQL requests by operation and outcome",
            ["operation", "outcome"], registry=r,
        )  # fmt: skip
        self.latency = Histogram(
            "gateway_request_duration_seconds", "GraphQL request latency", op, registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )  # fmt: skip
        self.overhead = Histogram(
            "gateway_overhead_seconds", "Request time minus time waiting for Flatchr", op,
            registry=r, buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
        )  # fmt: skip
        self.upstream_per_request = Histogram(
            "gateway_upstream_calls_per_request", "Flatchr calls made by one GraphQL request",
            registry=r, buckets=(0, 1, 2, 3, 5, 10, 20, 50, 100),
        )  # fmt: skip
        self.upstream = Counter(
            "gateway_upstream_requests", "Flatchr calls by endpoint and status (0: no answer)",
            ["endpoint", "status"], registry=r,
        )  # fmt: skip
        self.upstream_latency = Histogram(
            "gateway_upstream_request_duration_seconds", "Flatchr call latency", ["endpoint"],
            registry=r, buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )  # fmt: skip
        self.cache = Counter(
            "gateway_cache_requests", "Cache lookups by resource and result (hit/miss)",
            ["resource", "result"], registry=r,
        )  # fmt: skip
        self.in_flight = Gauge(
            "gateway_in_flight_requests", "HTTP requests in progress", registry=r
        )
        self.responses = Counter(
            "gateway_http_responses", "HTTP responses by route and status", ["route", "status"],
            registry=r,
        )  # fmt: skip
        self.stale = Counter(
            "gateway_stale_served", "Stale documents served, by resource and reason "
            "(revalidating: a refresh runs; upstream_error: Flatchr failed to refresh it)",
            ["resource", "reason"], registry=r,
        )  # fmt: skip
        self.breaker_state = Gauge(
            "gateway_circuit_breaker_state",
            "Circuit breaker of each integration: 0 closed, 1 half-open, 2 open",
            ["integration"], registry=r,
        )  # fmt: skip
        self.store_up = Gauge(
            "gateway_store_up", "Whether the shared store (Redis) answers (1 with memory)",
            registry=r,
        )  # fmt: skip
        self.store_up.set(1)
        self.store_outages = Counter(
            "gateway_store_outages", "Times the cache found the shared store (Redis) down",
            registry=r,
        )  # fmt: skip
        self.ratelimit_fallbacks = Counter(
            "gateway_ratelimit_fallbacks", "Requests rate-limited per process: Redis was down",
            registry=r,
        )  # fmt: skip
        self._operations: set[str] = set()
        self._children: dict[tuple[Any, ...], Any] = {}

    def labelled(self, family: Any, *values: str) -> Any:
        """`family.labels(*values)`, looked up once per label set (label sets are bounded:
        operations by `operation_label`, the rest by the code)."""
        key = (id(family), *values)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = family.labels(*values)
        return child

    def operation_label(self, name: str | None) -> str:
        """Operation names come from callers: keep the label set small and safe."""
        if not name:
            return "anonymous"
        if not _SAFE_OPERATION.match(name):
            return "other"
        if name not in self._operations:
            if len(self._operations) >= _MAX_OPERATION_LABELS:
                return "other"
            self._operations.add(name)
        return name

    def record_upstream(
        self, endpoint: str, status: int | None, seconds: float, integration_id: str
    ) -> None:
        """A `FlatchrPool` observer: one upstream attempt."""
        self.labelled(self.upstream, endpoint, str(status or 0)).inc()
        self.labelled(self.upstream_latency, endpoint).observe(seconds)

    def record_cache(self, resource: str, hit: bool) -> None:
        """A `ResourceCache` observer: one lookup."""
        self.labelled(self.cache, resource, "hit" if hit else "miss").inc()

    def record_stale(self, resource: str, failed: bool) -> None:
        """A `ResourceCache` stale observer: one stale document served."""
        reason = "upstream_error" if failed else "revalidating"
        self.labelled(self.stale, resource, reason).inc()

    def record_store(self, up: bool) -> None:
        """A cache backend observer: the shared store went down (False) or came back."""
        self.store_up.set(1 if up else 0)
        if not up:
            self.store_outages.inc()

    def record_breakers(self, states: dict[str, str]) -> None:
        """Integration id -> breaker state (`closed` | `half_open` | `open`), at scrape time."""
        for integration, state in states.items():
            level = {"closed": 0, "half_open": 1, "open": 2}.get(state, 0)
            self.labelled(self.breaker_state, integration).set(level)

    def render(self) -> bytes:
        return generate_latest(self.registry)
