"""Request ids, Prometheus metrics (one registry per app), JSON logs, optional tracing.

`ObservabilityMiddleware` wraps every HTTP request: it accepts or makes the request id, starts
the upstream accounting of `gateway.flatchr.stats`, counts in-flight requests and, when the
response is done, records the metrics and writes one log line for /graphql requests (plus a
"slow operation" line past `slow_operation_seconds`). The GraphQL view fills in `RequestInfo`
(operation, integration, outcome) on the way.
"""

from __future__ import annotations

import logging
import random
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from prometheus_client import generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.core import tracing
from gateway.core.settings import Settings
from gateway.flatchr import stats as upstream_stats
from gateway.web.metrics import Counter, Gauge, Histogram, Registry

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_SAFE_OPERATION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_STATE_KEY = "gateway.request"
_MAX_OPERATION_LABELS = 200
_current_metrics: ContextVar[Metrics | None] = ContextVar("gateway_metrics", default=None)

access_log = logging.getLogger("gateway.access")
slow_log = logging.getLogger("gateway.slow")


def request_id_from(value: str | None) -> str:
    """The caller's X-Request-Id when it is short and made of safe characters, else a new one."""
    if value and _SAFE_REQUEST_ID.match(value):
        return value
    # Not a secret, only unique: the PRNG avoids a getrandom() syscall per request.
    return f"{random.getrandbits(128):032x}"


@dataclass
class RequestInfo:
    """What one request was; the GraphQL view fills in the GraphQL part."""

    request_id: str
    method: str
    path: str
    operation: str | None = None
    integration_id: str | None = None
    caller_id: str | None = None
    outcome: str | None = None
    status: int = 0
    upstream: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def request_info(scope: Scope) -> RequestInfo | None:
    info = scope.get("state", {}).get(_STATE_KEY)
    return info if isinstance(info, RequestInfo) else None


class Metrics:
    """The gateway's Prometheus metrics, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        r = self._registry = Registry()
        self.registry = r.prometheus
        op = ["operation"]
        self.requests = r.add(Counter(
            "gateway_requests", "GraphQL requests by operation and outcome",
            ["operation", "outcome"],
        ))  # fmt: skip
        self.latency = r.add(Histogram(
            "gateway_request_duration_seconds", "GraphQL request latency", op,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        ))  # fmt: skip
        self.overhead = r.add(Histogram(
            "gateway_overhead_seconds", "Request time minus time waiting for Flatchr", op,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
        ))  # fmt: skip
        self.upstream_per_request = r.add(Histogram(
            "gateway_upstream_calls_per_request", "Flatchr calls made by one GraphQL request",
            buckets=(0, 1, 2, 3, 5, 10, 20, 50, 100),
        ))  # fmt: skip
        self.upstream = r.add(Counter(
            "gateway_upstream_requests", "Flatchr calls by endpoint and status (0: no answer)",
            ["endpoint", "status"],
        ))  # fmt: skip
        self.upstream_latency = r.add(Histogram(
            "gateway_upstream_request_duration_seconds", "Flatchr call latency", ["endpoint"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        ))  # fmt: skip
        self.cache = r.add(Counter(
            "gateway_cache_requests", "Cache lookups by resource and result (hit/miss)",
            ["resource", "result"],
        ))  # fmt: skip
        self.in_flight = r.add(Gauge("gateway_in_flight_requests", "HTTP requests in progress"))
        self.responses = r.add(Counter(
            "gateway_http_responses", "HTTP responses by route and status", ["route", "status"],
        ))  # fmt: skip
        self._operations: set[str] = set()

    def child(self, metric: Any, *labels: str) -> Any:
        return metric.labels(*labels)  # the families keep their children in a dict already

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
        self.child(self.upstream, endpoint, str(status or 0)).inc()
        self.child(self.upstream_latency, endpoint).observe(seconds)

    def record_cache(self, resource: str, hit: bool) -> None:
        self.child(self.cache, resource, "hit" if hit else "miss").inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


def record_cache(resource: str, hit: bool) -> None:
    """For the cache layer: count a lookup in the metrics of the app serving this request."""
    metrics = _current_metrics.get()
    if metrics is not None:
        metrics.record_cache(resource, hit)


class ObservabilityMiddleware:
    def __init__(
        self, app: ASGIApp, *, metrics: Metrics, settings: Settings, routes: tuple[str, ...]
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.settings = settings
        self.routes = routes
        if settings.tracing and not tracing.enabled():
            tracing.enable()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = REQUEST_ID_HEADER.encode("latin-1")
        given = next((v for k, v in scope["headers"] if k == wanted), None)
        info = RequestInfo(
            request_id_from(given.decode("latin-1") if given is not None else None),
            scope["method"],
            scope["path"],
        )
        scope.setdefault("state", {})[_STATE_KEY] = info
        _current_metrics.set(self.metrics)
        info.upstream = upstream_stats.begin()
        rid = info.request_id.encode("ascii")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                info.status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid)]
            await send(message)

        self.metrics.in_flight.inc()
        started = time.perf_counter()
        try:
            if not tracing.enabled():
                await self.app(scope, receive, send_with_id)
            else:
                # The route label, never the raw path (download paths carry signed tokens).
                route = info.path if info.path in self.routes else "other"
                with tracing.span(f"{info.method} {route}") as span:
                    await self.app(scope, receive, send_with_id)
                    span.set_attribute("http.status_code", info.status or 0)
                    span.set_attribute("graphql.operation.name", info.operation or "")
                    span.set_attribute("gateway.integration", info.integration_id or "")
        finally:
            self.metrics.in_flight.dec()
            self._finish(info, time.perf_counter() - started)

    def _finish(self, info: RequestInfo, seconds: float) -> None:
        route = info.path if info.path in self.routes else "other"
        self.metrics.child(self.metrics.responses, route, str(info.status or 500)).inc()
        if route != "/graphql":
            return
        upstream = info.upstream
        calls = getattr(upstream, "calls", 0)
        wait = getattr(upstream, "wait_seconds", 0.0)
        op = self.metrics.operation_label(info.operation)
        self.metrics.child(self.metrics.requests, op, info.outcome or "error").inc()
        self.metrics.child(self.metrics.latency, op).observe(seconds)
        self.metrics.child(self.metrics.overhead, op).observe(max(seconds - wait, 0.0))
        self.metrics.upstream_per_request.observe(calls)
        slow = seconds >= self.settings.slow_operation_seconds
        if not slow and not access_log.isEnabledFor(logging.INFO):
            return  # nothing will be logged: skip building the record
        fields = {
            "requestId": info.request_id,
            "integration": info.integration_id,
            "caller": info.caller_id,
            "operation": info.operation,
            "status": info.status,
            "outcome": info.outcome,
            "durationMs": round(seconds * 1000, 1),
            "upstreamCalls": calls,
            "upstreamWaitMs": round(wait * 1000, 1),
            **info.extra,
        }
        access_log.info("request", extra={"fields": fields})
        if slow:
            by_endpoint = dict(getattr(upstream, "by_endpoint", {}) or {})
            slow_log.warning(
                "slow operation", extra={"fields": {**fields, "byEndpoint": by_endpoint}}
            )


class JsonFormatter(logging.Formatter):
    """One JSON object per line; structured fields come from `extra={"fields": {...}}`."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(out, default=str).decode()


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line += " " + " ".join(f"{k}={v}" for k, v in fields.items() if k != "traceback")
            if "traceback" in fields:
                line += "\n" + str(fields["traceback"])
        return line


def configure_logging(settings: Settings) -> None:
    """Root logging for `serve`/`demo`: one handler on stderr, JSON or text."""
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # our access log replaces it
    logging.getLogger("httpx").setLevel(logging.WARNING)  # upstream calls are in the metrics
