"""Request ids, the request's metrics and log line, JSON logs, optional tracing.

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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.core import tracing
from gateway.core.settings import Settings
from gateway.flatchr import stats as upstream_stats
from gateway.web.metrics import Metrics

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_STATE_KEY = "gateway.request"

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
    #: the request's headers, decoded once for every layer (the first of a repeated one wins)
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def new_request_info(scope: Scope) -> RequestInfo:
    """The one pass over the raw headers (Starlette's Headers decodes every line again on each
    lookup); the first of a repeated header wins, as in Starlette."""
    raw = reversed(scope["headers"])
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in raw}
    rid = request_id_from(headers.get("x-request-id"))
    return RequestInfo(rid, scope["method"], scope["path"], headers=headers)


def request_info(scope: Scope) -> RequestInfo | None:
    info = scope.get("state", {}).get(_STATE_KEY)
    return info if isinstance(info, RequestInfo) else None


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
        info = new_request_info(scope)
        scope.setdefault("state", {})[_STATE_KEY] = info
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
        m = self.metrics
        m.labelled(m.responses, route, str(info.status or 500)).inc()
        if route != "/graphql":
            return
        upstream = info.upstream
        calls = getattr(upstream, "calls", 0)
        wait = getattr(upstream, "wait_seconds", 0.0)
        op = self.metrics.operation_label(info.operation)
        m.labelled(m.requests, op, info.outcome or "error").inc()
        m.labelled(m.latency, op).observe(seconds)
        m.labelled(m.overhead, op).observe(max(seconds - wait, 0.0))
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
