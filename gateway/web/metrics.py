"""Lightweight Prometheus metrics for the request hot path.

prometheus_client's metric objects take a lock and go through several layers on every
`inc()`/`observe()` (about 20 µs for the handful a request records, a fifth of a reused
response's whole cost). The gateway runs its metrics on one event loop, so these keep plain
numbers and hand them to prometheus_client only when `/metrics` is scraped, through a
collector: same names, types, labels and exposition format.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily


class _CounterChild:
    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0.0

    def inc(self, amount: float = 1.0) -> None:
        self.value += amount


class _GaugeChild(_CounterChild):
    __slots__ = ()

    def dec(self, amount: float = 1.0) -> None:
        self.value -= amount


class _HistogramChild:
    __slots__ = ("bounds", "counts", "sum")

    def __init__(self, bounds: Sequence[float]) -> None:
        self.bounds = list(bounds)
        self.counts = [0] * (len(self.bounds) + 1)  # the last one is +Inf
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.bounds, value)] += 1
        self.sum += value


class _Family:
    kind = "counter"

    def __init__(self, name: str, documentation: str, labelnames: Sequence[str] = ()) -> None:
        self.name, self.documentation, self.labelnames = name, documentation, tuple(labelnames)
        self.children: dict[tuple[str, ...], Any] = {}

    def _new(self) -> Any:
        return _CounterChild()

    def labels(self, *values: str) -> Any:
        child = self.children.get(values)
        if child is None:
            child = self.children[values] = self._new()
        return child

    def collect(self) -> Any:
        family = CounterMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for values, child in self.children.items():
            family.add_metric(list(values), child.value)
        return family


class Counter(_Family):
    def inc(self, amount: float = 1.0) -> None:
        self.labels().inc(amount)


class Gauge(_Family):
    kind = "gauge"

    def _new(self) -> Any:
        return _GaugeChild()

    def inc(self, amount: float = 1.0) -> None:
        self.labels().inc(amount)

    def dec(self, amount: float = 1.0) -> None:
        self.labels().dec(amount)

    def collect(self) -> Any:
        family = GaugeMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for values, child in self.children.items():
            family.add_metric(list(values), child.value)
        return family


class Histogram(_Family):
    kind = "histogram"

    def __init__(
        self,
        name: str,
        documentation: str,
        labelnames: Sequence[str] = (),
        *,
        buckets: Sequence[float],
    ) -> None:
        super().__init__(name, documentation, labelnames)
        self.buckets = sorted(float(b) for b in buckets)

    def _new(self) -> Any:
        return _HistogramChild(self.buckets)

    def observe(self, value: float) -> None:
        self.labels().observe(value)

    def collect(self) -> Any:
        family = HistogramMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for values, child in self.children.items():
            cumulative, running = [], 0
            for bound, count in zip([*child.bounds, float("inf")], child.counts, strict=True):
                running += count
                cumulative.append((_bound(bound), running))
            family.add_metric(list(values), cumulative, child.sum)
        return family


def _bound(value: float) -> str:
    return "+Inf" if value == float("inf") else repr(value)


class Registry:
    """The families of one app, exposed through a prometheus_client registry."""

    def __init__(self) -> None:
        self.families: list[_Family] = []
        self.prometheus = CollectorRegistry()
        self.prometheus.register(self)

    def add(self, family: _Family) -> Any:
        self.families.append(family)
        return family

    def collect(self) -> Iterator[Any]:
        for family in self.families:
            yield family.collect()

    def describe(self) -> list[Any]:
        return []
