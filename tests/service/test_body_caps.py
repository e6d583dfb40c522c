"""Request-body caps per operation kind: mutations from keys with `write` may carry base64
attachments (up to `max_mutation_body_bytes`); queries, and every caller without `write`,
stay under `max_body_bytes`."""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
import pytest

from gateway.core.settings import ConfigError, load_settings
from tests.service.helpers import READ_KEY, RW_KEY, bearer, codes, make_app, probe, running

MB = 1024 * 1024
JSON_TYPE = {"Content-Type": "application/json"}


def padded(query: str, size: int) -> bytes:
    """A request body of about `size` bytes: the padding rides in `extensions` (a mutation's
    attachments ride in its variables; the gateway cannot tell either from the headers)."""
    return orjson.dumps({"query": query, "extensions": {"pad": "A" * size}})


async def test_a_12_mb_mutation_from_a_write_key_is_admitted() -> None:
    async with running(make_app()) as client:
        response = await client.post(
            "/graphql", content=padded("mutation { touch }", 12 * MB),
            headers=bearer(RW_KEY, **JSON_TYPE),
        )  # fmt: skip
    assert response.status_code == 200, response.text[:300]
    assert response.json() == {"data": {"touch": True}}


async def test_a_2_mb_query_from_a_write_key_is_413_once_parsed() -> None:
    async with running(make_app()) as client:
        query = await client.post(
            "/graphql", content=padded("{ hello }", 2 * MB), headers=bearer(RW_KEY, **JSON_TYPE)
        )
        batch = await client.post(
            "/graphql",
            content=orjson.dumps([orjson.loads(padded("mutation { touch }", 2 * MB)),
                                  {"query": "{ hello }"}]),
            headers=bearer(RW_KEY, **JSON_TYPE),
        )  # fmt: skip
        small = await client.post(
            "/graphql", content=padded("{ hello }", MB // 2), headers=bearer(RW_KEY, **JSON_TYPE)
        )
    assert query.status_code == batch.status_code == 413
    assert codes(query) == ["PLATFORM_INPUT_INVALID"]
    assert query.json()["errors"][0]["extensions"]["maxBytes"] == MB
    assert small.status_code == 200
    assert probe.calls == 1  # only the small query ran


async def test_a_2_mb_body_from_a_read_only_key_is_413_unread() -> None:
    pulled = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal pulled
        for _ in range(32):
            pulled += 1
            yield b" " * (64 * 1024)

    async with running(make_app()) as client:
        response = await client.post(
            "/graphql", content=chunks(),
            headers=bearer(READ_KEY, **JSON_TYPE, **{"Content-Length": str(2 * MB)}),
        )  # fmt: skip
        unread = pulled
        streamed = await client.post(
            "/graphql", content=chunks(), headers=bearer(READ_KEY, **JSON_TYPE)
        )
    assert response.status_code == streamed.status_code == 413
    assert response.json()["errors"][0]["extensions"]["maxBytes"] == MB
    assert unread == 0  # Content-Length said 2 MB: not a byte was read
    assert pulled - unread <= 17  # no Content-Length: reading stopped past 1 MiB (16 chunks)
    assert probe.calls == 0


def test_the_mutation_cap_must_hold_the_attachments_base64_encoded() -> None:
    with pytest.raises(ConfigError, match="max_mutation_body_bytes"):
        load_settings(attachment_max_total_bytes=10 * MB, max_mutation_body_bytes=12 * MB)
    with pytest.raises(ConfigError, match="max_mutation_body_bytes"):
        load_settings(max_body_bytes=20 * MB)
    fine = load_settings()
    assert fine.max_mutation_body_bytes >= fine.attachment_max_total_bytes * 4 // 3 + 64 * 1024
