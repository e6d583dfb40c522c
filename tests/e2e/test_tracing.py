"""OpenTelemetry spans: per request, per loader batch, per upstream call; never per field."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.core import tracing
from tests.e2e.conftest import A_KEY, start_stack

NESTED = """{ jobs(first: 20) { edges { node { name applications(first: 50) { edges { node {
  outcome currentStage { name } candidate { firstName } } } } } } } }"""


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    assert tracing.enable(provider)
    yield spans
    tracing.disable()


async def test_spans_cover_request_loader_batches_and_upstream_calls(
    exporter: InMemorySpanExporter,
) -> None:
    async for stack in start_stack(tracing=True):
        body = await stack.query(A_KEY, NESTED)
        assert "errors" not in body
    spans = exporter.get_finished_spans()
    names = [s.name for s in spans]
    assert "POST /graphql" in names
    assert {"flatchr V1", "flatchr S1", "flatchr C1"} <= set(names)
    assert any(n.startswith("loader ") for n in names)
    request = next(s for s in spans if s.name == "POST /graphql")
    upstream = [s for s in spans if s.name.startswith("flatchr ")]
    assert all(s.context.trace_id == request.context.trace_id for s in upstream)
    assert next(s for s in upstream if s.name == "flatchr C1").attributes["http.status_code"] == 200
    # hundreds of fields resolved, a handful of spans: nothing per field
    assert len(spans) < 20


async def test_tracing_without_opentelemetry_still_serves(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    tracing.disable()
    monkeypatch.setitem(sys.modules, "opentelemetry.trace", None)  # as if not installed
    async for stack in start_stack(tracing=True):
        body = await stack.query(A_KEY, "{ jobs(first: 1) { totalCount } }")
        assert body["data"]["jobs"]["totalCount"] > 0
    assert not tracing.enabled()
    assert "opentelemetry is not installed" in caplog.text
