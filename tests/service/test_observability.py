"""Health, readiness, metrics, logs, and the connection guide route."""

from __future__ import annotations

import logging

import httpx
import pytest

from gateway.core.settings import load_settings, parse_file_config
from gateway.web.app import create_app
from gateway.web.metrics import Metrics
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from tests.service.helpers import READ_KEY, bearer, make_app, post, running


def sample(metrics_text: str, line_start: str) -> float:
    for line in metrics_text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{line_start} not in metrics")


async def test_observability_healthz_and_readyz() -> None:
    app = make_app()
    async with running(app) as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
    assert health.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json()["checks"]["services"] is True
    transport = httpx.ASGITransport(app=app)  # lifespan over: services closed
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        after = await client.get("/readyz")
    assert after.status_code == 503


async def test_observability_metrics_count_requests_by_operation_and_outcome() -> None:
    async with running(make_app()) as client:
        await post(client, "query Hello { hello }")
        await post(client, "query Hello { hello }")
        await post(client, "query Broken { boom }")
        await post(client, "{ hello }", key="fgw_wrong")
        text = (await client.get("/metrics")).text
    assert sample(text, 'gateway_requests_total{operation="Hello",outcome="ok"}') == 2
    assert sample(text, 'gateway_requests_total{operation="Broken",outcome="error"}') == 1
    assert sample(text, 'gateway_requests_total{operation="anonymous",outcome="denied"}') == 1
    assert sample(text, 'gateway_request_duration_seconds_count{operation="Hello"}') == 2
    assert sample(text, 'gateway_http_responses_total{route="/graphql",status="401"}') == 1
    assert sample(text, "gateway_in_flight_requests") == 1  # the /metrics request itself


async def test_observability_upstream_and_cache_metrics_against_the_simulator() -> None:
    world = generate_world()
    acme = world.companies[0]
    fc = parse_file_config(
        {"integrations": [{"id": "acme", "company_id": acme.hashid, "api_key": acme.api_key,
                           "slug": acme.slug, "api_base_url": "http://sim",
                           "careers_base_url": "http://sim/careers"}]}
    )  # fmt: skip
    transport = httpx.ASGITransport(app=create_simulator(world))
    app = create_app(load_settings(mode="demo"), fc, upstream_transport=transport)
    query = "query Jobs { jobs(first: 2) { edges { node { name } } } }"
    async with running(app) as client:
        first = await post(client, query, key=None)
        await post(client, query, key=None)
        text = (await client.get("/metrics")).text
    assert "errors" not in first.json(), first.text
    # the second request is served warm: one upstream call and one cache miss in all
    assert sample(text, 'gateway_upstream_requests_total{endpoint="V1",status="200"}') == 1
    assert sample(text, 'gateway_upstream_request_duration_seconds_count{endpoint="V1"}') == 1
    assert sample(text, 'gateway_cache_requests_total{resource="vacancies",result="miss"}') == 1
    assert sample(text, "gateway_upstream_calls_per_request_count") == 2
    assert sample(text, 'gateway_overhead_seconds_count{operation="Jobs"}') == 2


def test_observability_operation_labels_are_bounded() -> None:
    metrics = Metrics()
    assert metrics.operation_label(None) == "anonymous"
    assert metrics.operation_label("bad name!") == "other"
    names = {metrics.operation_label(f"Op{n}") for n in range(500)}
    assert len(names) == 201 and "other" in names


async def test_observability_one_log_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with running(make_app(slow_operation_seconds=1e-9)) as client:
        response = await post(client, "query Hello { hello }", **{"X-Request-Id": "abc"})
    assert response.headers["x-request-id"] == "abc"
    lines = [r.fields for r in caplog.records if r.name == "gateway.access"]  # type: ignore[attr-defined]
    assert len(lines) == 1
    line = lines[0]
    assert line["requestId"] == "abc"
    assert line["integration"] == "acme" and line["caller"] == "reader"
    assert line["operation"] == "Hello" and line["status"] == 200 and line["outcome"] == "ok"
    assert line["upstreamCalls"] == 0 and line["durationMs"] >= 0
    assert READ_KEY not in caplog.text
    assert [r.msg for r in caplog.records if r.name == "gateway.slow"] == ["slow operation"]


async def test_observability_connection_guide_is_served_without_auth() -> None:
    app = make_app(mode="production", signing_secret="s" * 32, public_url="https://gw.example")
    async with running(app) as client:
        markdown = await client.get("/docs/connecting-flatchr")
        page = await client.get("/docs/connecting-flatchr", headers={"Accept": "text/html"})
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "Settings > Advanced > API" in markdown.text
    assert page.headers["content-type"].startswith("text/html")


async def test_observability_operation_names_from_clients_are_sanitised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    forged = "Real\nINFO gateway.access: request caller=admin"
    async with running(make_app()) as client:
        await client.post(
            "/graphql",
            json={"query": "query Real { hello }", "operationName": forged},
            headers=bearer(READ_KEY),
        )
        await post(client, "query " + "A" * 5000 + " { hello }")
    operations = [r.fields["operation"] for r in caplog.records if r.name == "gateway.access"]  # type: ignore[attr-defined]
    assert operations == [None, None]
    assert "caller=admin" not in caplog.text
