"""GraphQL over HTTP: media types, status codes, GET rules, CSRF, errors and masking."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests.service.helpers import (
    ACME_FLATCHR_KEY,
    GQL_JSON,
    READ_KEY,
    bearer,
    codes,
    make_app,
    post,
    probe,
    running,
)

HELLO = "query Hello { hello }"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        (GQL_JSON, GQL_JSON),
        (f"application/json;q=0.5, {GQL_JSON}", GQL_JSON),
        (f"{GQL_JSON}, application/json", GQL_JSON),
    ],
)
async def test_http_content_negotiation(accept: str | None, media: str) -> None:
    headers = bearer(READ_KEY) | ({"Accept": accept} if accept else {})
    async with running(make_app()) as client:
        response = await client.post("/graphql", json={"query": HELLO}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert response.json() == {"data": {"hello": "world"}}


async def test_http_unacceptable_accept_is_406() -> None:
    async with running(make_app()) as client:
        response = await post(client, HELLO, accept="text/xml")
    assert response.status_code == 406
    assert probe.calls == 0


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{", None, "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query Q($n: Int!) { items(first: $n) { totalCount } }", {"n": None}, None),
    ],
    ids=["parse", "validation", "variables"],
)
async def test_http_request_errors_status_by_media_type(
    query: str, variables: dict[str, None] | None, code: str | None
) -> None:
    async with running(make_app()) as client:
        gql = await post(client, query, variables=variables, accept=GQL_JSON)
        legacy = await post(client, query, variables=variables, accept="application/json")
    assert gql.status_code == 400
    assert legacy.status_code == 200
    for response in (gql, legacy):
        assert "data" not in response.json()
        assert codes(response) == [code or "GRAPHQL_VALIDATION_FAILED"]
    assert probe.calls == 0


async def test_http_bad_json_and_wrong_types_are_400() -> None:
    async with running(make_app()) as client:
        bad_json = await client.post(
            "/graphql",
            content=b'{"query": ',
            headers=bearer(READ_KEY, **{"Content-Type": "application/json"}),
        )
        bad_name = await client.post(
            "/graphql", json={"query": HELLO, "operationName": 3}, headers=bearer(READ_KEY)
        )
    async with running(make_app(batching=False)) as client:
        batch = await client.post("/graphql", json=[{"query": HELLO}], headers=bearer(READ_KEY))
    assert [bad_json.status_code, bad_name.status_code, batch.status_code] == [400, 400, 400]
    assert codes(batch) == ["PLATFORM_INPUT_INVALID"]
    assert codes(bad_json) == ["PLATFORM_INPUT_INVALID"]
    assert probe.calls == 0


async def test_http_post_needs_json_content_type() -> None:
    async with running(make_app()) as client:
        plain = await client.post("/graphql", content=HELLO, headers=bearer(READ_KEY))
        form = await client.post("/graphql", data={"query": HELLO}, headers=bearer(READ_KEY))
    assert plain.status_code == form.status_code == 415
    assert probe.calls == 0


async def test_http_other_methods_are_405() -> None:
    async with running(make_app()) as client:
        response = await client.put("/graphql", json={"query": HELLO}, headers=bearer(READ_KEY))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_http_get_query_runs() -> None:
    async with running(make_app()) as client:
        response = await client.get("/graphql", params={"query": HELLO}, headers=bearer(READ_KEY))
    assert response.json() == {"data": {"hello": "world"}}


async def test_http_get_mutation_is_405_and_not_run() -> None:
    async with running(make_app()) as client:
        response = await client.get(
            "/graphql", params={"query": "mutation { touch }"}, headers=bearer(READ_KEY)
        )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert probe.calls == 0


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 200),  # not a browser (curl, servers)
        ({"Origin": "https://evil.example"}, 400),
        ({"Sec-Fetch-Site": "cross-site"}, 400),
        ({"Sec-Fetch-Site": "same-site"}, 400),
        ({"Sec-Fetch-Site": "same-origin"}, 200),
        ({"Origin": "https://evil.example", "GraphQL-Preflight": "1"}, 200),
        ({"Origin": "https://evil.example", "X-Requested-With": "XMLHttpRequest"}, 200),
        ({"Origin": "https://evil.example", "Apollo-Require-Preflight": "true"}, 200),
        ({"Origin": "https://evil.example", "Content-Type": "application/json"}, 200),
        ({"Origin": "https://evil.example", "Content-Type": "text/plain"}, 400),
    ],
)
async def test_http_csrf_rule_for_get(headers: dict[str, str], status: int) -> None:
    async with running(make_app(mode="demo")) as client:
        response = await client.get("/graphql", params={"query": HELLO}, headers=headers)
    assert response.status_code == status
    assert probe.calls == (1 if status == 200 else 0)


async def test_http_csrf_authorization_header_counts_as_preflight() -> None:
    async with running(make_app()) as client:
        response = await client.get(
            "/graphql",
            params={"query": HELLO},
            headers=bearer(READ_KEY, Origin="https://x.example"),
        )
    assert response.status_code == 200


async def test_http_csrf_strict_needs_a_header_from_anyone() -> None:
    async with running(make_app(mode="demo", csrf_strict=True)) as client:
        plain = await client.get("/graphql", params={"query": HELLO})
        marked = await client.get(
            "/graphql", params={"query": HELLO}, headers={"GraphQL-Preflight": "1"}
        )
    assert (plain.status_code, marked.status_code) == (400, 200)


async def test_http_graphiql_loads_without_key_or_preflight() -> None:
    async with running(make_app()) as client:
        page = await client.get(
            "/graphql", headers={"Accept": "text/html", "Origin": "https://x.example"}
        )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "graphiql" in page.text.lower()


async def test_http_production_turns_off_graphiql_introspection_suggestions() -> None:
    app = make_app(mode="production", signing_secret="s" * 32, public_url="https://gw.example")
    async with running(app) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        schema = await post(client, "{ __schema { types { name } } }")
        typo = await post(client, "{ helo }")
    assert page.status_code == 404
    assert set(codes(schema)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "introspection" in schema.json()["errors"][0]["message"]
    assert "Did you mean" not in typo.text


async def test_http_development_keeps_suggestions_and_each_switch_overrides() -> None:
    async with running(make_app(introspection=False)) as client:
        typo = await post(client, "{ helo }")
        schema = await post(client, "{ __schema { queryType { name } } }")
    assert "Did you mean 'hello'?" in typo.text
    assert set(codes(schema)) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_http_unexpected_error_is_masked_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    async with running(make_app()) as client:
        response = await post(client, "{ boom hello }", **{"X-Request-Id": "req-123"})
    body = response.json()
    assert response.status_code == 200
    assert body["data"] == {"boom": None, "hello": "world"}  # partial data
    assert body["errors"] == [
        {
            "message": "Internal server error",
            "locations": [{"line": 1, "column": 3}],
            "path": ["boom"],
            "extensions": {"code": "PLATFORM_UNKNOWN_ERROR", "requestId": "req-123"},
        }
    ]
    assert ACME_FLATCHR_KEY not in response.text and "RuntimeError" not in response.text
    logged = [r for r in caplog.records if r.name == "gateway.core.errors"]
    assert len(logged) == 1
    traceback = logged[0].fields["traceback"]  # type: ignore[attr-defined]
    assert "Traceback" in traceback and "RuntimeError" in traceback
    assert ACME_FLATCHR_KEY not in traceback  # configured secrets are redacted from logs
    assert not [r for r in caplog.records if r.name.startswith("strawberry")]


async def test_http_gateway_error_keeps_message_and_code() -> None:
    async with running(make_app()) as client:
        response = await post(client, "{ missing hello }", accept=GQL_JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"missing": None, "hello": "world"}
    assert body["errors"][0]["message"] == "No job with that id in this integration."
    assert body["errors"][0]["extensions"] == {"code": "PLATFORM_NOT_FOUND"}
    assert body["errors"][0]["path"] == ["missing"]


async def test_http_context_response_extensions_are_merged() -> None:
    async with running(make_app()) as client:
        response = await post(client, "{ stale }")
    assert response.json() == {
        "data": {"stale": "cached"},
        "extensions": {"staleResources": ["vacancies"]},
    }


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [("abc-123_X.y:z", True), ("bad id with spaces", False), ("x" * 65, False), (None, False)],
)
async def test_http_request_id_is_echoed_when_safe(sent: str | None, echoed: bool) -> None:
    headers = {"X-Request-Id": sent} if sent else {}
    async with running(make_app()) as client:
        response = await post(client, HELLO, **headers)
    returned = response.headers["x-request-id"]
    assert (returned == sent) is echoed
    assert 1 <= len(returned) <= 64


async def test_http_graphql_answers_the_same_behind_a_root_path() -> None:
    """/graphql takes a direct lane past the router (gateway.web.direct); mounted under a root
    path it goes through the router instead, with the same answers."""
    app = make_app()
    async with app.router.lifespan_context(app):
        for root in ("", "/gw"):
            transport = httpx.ASGITransport(app=app, root_path=root)
            async with httpx.AsyncClient(transport=transport, base_url="http://g.test") as c:
                ok = await c.post(
                    f"{root}/graphql", json={"query": HELLO}, headers=bearer(READ_KEY)
                )
                assert ok.json() == {"data": {"hello": "world"}}, root
                refused = await c.put(f"{root}/graphql", json={"query": HELLO})
                assert refused.status_code == 405, root
                health = await c.get(f"{root}/healthz")
                assert health.status_code == 200, root
