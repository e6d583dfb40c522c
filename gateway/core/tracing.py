"""Optional OpenTelemetry spans: one per HTTP request, per loader batch, per upstream call.

Never one per field (the per-resolver spans of Strawberry's OpenTelemetryExtension multiply
the cost of a large response). Off unless `GATEWAY_TRACING=true` and `opentelemetry-api` is
installed (`pip install 'flatchr-gateway[tracing]'`); when off, `span()` costs one attribute
read. The process's global tracer provider is used unless `enable()` is given one (tests).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Iterator
from typing import Any

_tracer: Any = None


def enable(tracer_provider: Any = None) -> bool:
    """Turn spans on; False (and a warning) when OpenTelemetry is not installed."""
    global _tracer
    try:
        trace = importlib.import_module("opentelemetry.trace")
    except ImportError:
        logging.getLogger("gateway").warning("tracing is on but opentelemetry is not installed")
        return False
    provider = tracer_provider or trace.get_tracer_provider()
    _tracer = provider.get_tracer("flatchr-gateway")
    return True


def disable() -> None:
    global _tracer
    _tracer = None


def enabled() -> bool:
    return _tracer is not None


@contextlib.contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[Any]:
    """A span named `name` as a child of the current one, or nothing when tracing is off."""
    if _tracer is None:
        yield None
        return
    with _tracer.start_as_current_span(name) as current:
        for key, value in attributes.items():
            current.set_attribute(key, value)
        yield current
