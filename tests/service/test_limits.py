"""Limits and admission control: each answers with its code before any resolver runs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from graphql import OperationDefinitionNode, parse

from gateway.core.settings import load_settings
from gateway.web import cost
from gateway.web.ratelimit import RateLimits
from tests.service.helpers import (
    BETA_KEY,
    GQL_JSON,
    READ_KEY,
    bearer,
    build_test_schema,
    codes,
    make_app,
    post,
    probe,
    running,
)

ALIASES_3000 = "{ " + " ".join(f"a{n}: hello" for n in range(3000)) + " }"
ALIASES_31 = "{ " + " ".join(f"a{n}: hello" for n in range(31)) + " }"
DEPTH_40 = "{ item { " + "child { " * 40 + "name" + " }" * 40 + " } }"
TOKENS_50000 = "{ " + "hello " * 50_000 + "}"
FAN_OUT = """{ items(first: 250) { edges { node { page(first: 250) {
  edges { node { name children { name children { name } } } } } } } } }"""
FIRST_251 = "{ items(first: 251) { totalCount } }"
FIRST_VARIABLE = "query Q($n: Int!) { items(first: $n) { totalCount } }"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (ALIASES_3000, "PLATFORM_QUERY_TOO_COMPLEX"),  # stopped by the token cap, in the parser
        (ALIASES_31, "PLATFORM_QUERY_TOO_COMPLEX"),
        (DEPTH_40, "PLATFORM_QUERY_TOO_COMPLEX"),
        (TOKENS_50000, "PLATFORM_QUERY_TOO_COMPLEX"),
        (FAN_OUT, "PLATFORM_QUERY_TOO_COMPLEX"),
        (FIRST_251, "PLATFORM_INPUT_INVALID"),
    ],
    ids=["aliases-3000", "aliases-31", "depth-40", "tokens-50000", "fan-out", "first-251"],
)
async def test_limits_reject_before_any_resolver(query: str, code: str) -> None:
    async with running(make_app()) as client:
        gql = await post(client, query, accept=GQL_JSON)
        legacy = await post(client, query)
    assert gql.status_code == 400 and legacy.status_code == 200
    assert code in codes(gql) and code in codes(legacy)
    assert "data" not in gql.json()
    assert probe.calls == 0


async def test_limits_first_from_variables_is_checked_before_execution() -> None:
    async with running(make_app()) as client:
        too_many = await post(client, FIRST_VARIABLE, variables={"n": 1000}, accept=GQL_JSON)
        fine = await post(client, FIRST_VARIABLE, variables={"n": 10})
    assert too_many.status_code == 400
    assert codes(too_many) == ["PLATFORM_INPUT_INVALID"]
    assert fine.json() == {"data": {"items": {"totalCount": 1}}}
    assert probe.calls == 1


async def test_limits_cost_from_variables_is_checked_before_execution() -> None:
    query = """query Q($a: Int, $b: Int) { items(first: $a) { edges { node {
      page(first: $b) { edges { node { name children { name } } } } } } } }"""
    async with running(make_app(max_cost=5000)) as client:
        big = await post(client, query, variables={"a": 200, "b": 200})
        small = await post(client, query, variables={"a": 5, "b": 5})
    assert codes(big) == ["PLATFORM_QUERY_TOO_COMPLEX"]
    assert big.json()["errors"][0]["extensions"]["maxCost"] == 5000
    assert "errors" not in small.json()


def test_limits_cost_counts_fan_out_through_fragments() -> None:
    settings = load_settings()
    schema = build_test_schema(settings, [])._schema
    document = parse(
        """query { items(first: 20) { edges { node { ...F } } } }
           fragment F on Item { name page { edges { node { name } } } children { name } }"""
    )
    op = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    measure, problems = cost.measure_operation(schema, document, op, settings)
    # items 1 + edges (1 + 20 x (node 1 + name 1 + page(1 + edges(1 + 50 x 2)) + children(1 + 10)))
    assert measure.cost == 1 + 1 + 20 * (1 + 1 + (1 + 1 + 50 * 2) + (1 + 10 * 1))
    assert measure.depth == 6
    assert problems == []


def test_limits_fragment_fan_out_is_measured_in_linear_time() -> None:
    # 16 fragments each spreading the next 4 times: 4**15 paths, 16 distinct fragments
    parts = ["query { item { ...F0 } }"]
    parts += [f"fragment F{i} on Item {{ {' '.join([f'...F{i + 1}'] * 4)} }}" for i in range(15)]
    parts.append("fragment F15 on Item { child { name } }")
    document = parse("\n".join(parts))
    settings = load_settings()
    op = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    schema = build_test_schema(settings, [])._schema
    started = time.perf_counter()
    measure, _ = cost.measure_operation(schema, document, op, settings)
    # walking every path would be 4**15 visits (minutes); memoised it is a few dozen
    assert time.perf_counter() - started < 0.5
    assert measure.depth == 2


async def test_limits_circular_introspection_is_refused() -> None:
    deep = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    async with running(make_app()) as client:
        response = await post(client, deep)
        normal = await post(client, "{ __schema { types { fields { args { name } } } } }")
    assert codes(response) == ["PLATFORM_QUERY_TOO_COMPLEX"]  # graphql-core's introspection rule
    assert "errors" not in normal.json()


async def test_limits_body_cap_from_content_length_is_413() -> None:
    async with running(make_app(max_body_bytes=2048)) as client:
        response = await post(client, "{ hello }" + " " * 4000)
    assert response.status_code == 413
    assert codes(response) == ["PLATFORM_INPUT_INVALID"]
    assert probe.calls == 0


async def test_limits_body_cap_stops_reading_a_streamed_body() -> None:
    pulled = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal pulled
        for _ in range(100):
            pulled += 1
            yield b" " * 1000

    async with running(make_app(max_body_bytes=2048)) as client:
        response = await client.post(
            "/graphql",
            content=chunks(),
            headers=bearer(READ_KEY, **{"Content-Type": "application/json"}),
        )
    assert response.status_code == 413
    assert pulled <= 4


async def test_limits_concurrency_sheds_with_503_and_retry_after() -> None:
    app = make_app(max_concurrency=2)
    async with running(app) as client:
        held = [asyncio.create_task(post(client, "{ slow }")) for _ in range(2)]
        while probe.entered < 2:
            await asyncio.sleep(0.001)
        shed = await post(client, "{ hello }")
        probe.gate.set()
        finished = await asyncio.gather(*held)
        after = await post(client, "{ hello }")
    assert shed.status_code == 503
    assert shed.headers["retry-after"] == "1"
    assert codes(shed) == ["PLATFORM_UNAVAILABLE"]
    assert [r.json() for r in finished] == [{"data": {"slow": "done"}}] * 2
    assert after.status_code == 200
    assert app.state.view.admission.gate.active == 0


async def test_limits_deadline_answers_504() -> None:
    app = make_app(request_timeout=0.05)
    async with running(app) as client:
        response = await post(client, "{ slow }", accept=GQL_JSON)
    assert response.status_code == 504
    assert codes(response) == ["PLATFORM_TIMEOUT"]
    assert app.state.view.admission.gate.active == 0


async def test_limits_rate_limit_per_key_is_429_with_retry_after() -> None:
    async with running(make_app(rate_limit_per_second=1, rate_limit_burst=2)) as client:
        # three different documents: none is answered by reusing an earlier answer
        answers = [await post(client, q) for q in ("{ hello }", "{ a: hello }", "{ b: hello }")]
        other_key = await post(client, "{ hello }", key=BETA_KEY)
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].headers["retry-after"] == "1"
    assert codes(answers[2]) == ["PLATFORM_RATE_LIMIT_EXCEEDED"]
    assert other_key.status_code == 200
    assert probe.calls == 3


async def test_limits_token_bucket_refills() -> None:
    bucket = RateLimits(rate=10, burst=1)
    assert await bucket.acquire("k") == 0.0
    wait = await bucket.acquire("k")
    assert 0 < wait <= 0.1
    assert await RateLimits(rate=0, burst=1).acquire("k") == 0.0  # 0 turns it off


async def test_limits_cost_counts_integral_float_variables() -> None:
    query = """query Q($a: Int, $b: Int) { items(first: $a) { edges { node {
      page(first: $b) { edges { node { name children { name } } } } } } } }"""
    async with running(make_app(max_cost=5000)) as client:
        big = await post(client, query, variables={"a": 200.0, "b": 200.0})
    assert codes(big) == ["PLATFORM_QUERY_TOO_COMPLEX"]


async def test_limits_a_trickling_body_gets_408_and_holds_no_slot() -> None:
    gate_seen: list[int] = []
    app = make_app(body_timeout=0.2, max_concurrency=1)

    async def trickle() -> AsyncIterator[bytes]:
        yield b'{"query": "{ hel'
        gate_seen.append(app.state.view.admission.gate.active)
        await asyncio.sleep(5)
        yield b'lo }"}'

    async with running(app) as client:
        slow = await client.post(
            "/graphql", content=trickle(),
            headers=bearer(READ_KEY, **{"Content-Type": "application/json"}),
        )  # fmt: skip
        fine = await post(client, "{ hello }")
    assert slow.status_code == 408
    assert gate_seen == [0]  # the slot is taken only once the body is in
    assert fine.status_code == 200


@pytest.mark.parametrize("body", [b'"str"', b"1", b"null", b"true", b"[]"])
async def test_limits_a_body_that_is_not_an_object_is_400(body: bytes) -> None:
    async with running(make_app()) as client:
        response = await client.post(
            "/graphql", content=body,
            headers=bearer(READ_KEY, **{"Content-Type": "application/json"}),
        )  # fmt: skip
    assert response.status_code == 400
    assert codes(response) == ["PLATFORM_INPUT_INVALID"]
    assert probe.calls == 0
