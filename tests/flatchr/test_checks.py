"""check_connection: one verdict per check, plain-words advice, never an exception."""

from __future__ import annotations

from typing import Any

from gateway.flatchr import Check, FlatchrClient, FlatchrPool
from tests.flatchr.helpers import Sim, integration_for


def _by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


async def test_check_connection_all_ok(client: FlatchrClient, sim: Sim) -> None:
    checks = await client.check_connection(None)

    assert [c.name for c in checks] == [
        "api_key_accepted",
        "columns_readable",
        "careers_slug_resolves",
    ]
    assert all(c.ok and c.message is None for c in checks)
    assert await sim.counts() == {"S1": 1, "V4": 1}


async def test_check_connection_bad_key_explains_expiry(
    pool: FlatchrPool, sim: Sim, company: Any
) -> None:
    client = pool.client(integration_for(company, api_key="expired-key-value"))

    checks = _by_name(await client.check_connection(None))

    key = checks["api_key_accepted"]
    assert not key.ok and key.message
    assert "365 days" in key.message and "company key" in key.message
    assert "expired-key-value" not in key.message
    assert not checks["columns_readable"].ok
    assert checks["careers_slug_resolves"].ok  # the public feed needs no key


async def test_check_connection_unknown_slug_names_it(client: FlatchrClient) -> None:
    checks = _by_name(await client.check_connection("acme-typo"))

    slug = checks["careers_slug_resolves"]
    assert not slug.ok and slug.message
    assert "'acme-typo'" in slug.message and "Subdomain" in slug.message
    assert checks["api_key_accepted"].ok


async def test_check_connection_without_slug_says_so(pool: FlatchrPool, company: Any) -> None:
    client = pool.client(integration_for(company, slug=None))

    checks = _by_name(await client.check_connection(None))

    assert not checks["careers_slug_resolves"].ok
    assert "No careers slug" in (checks["careers_slug_resolves"].message or "")


async def test_check_connection_upstream_down_reports_not_raises(
    client: FlatchrClient, sim: Sim
) -> None:
    await sim.fault("*", status=503)

    checks = await client.check_connection(None)

    assert [c.ok for c in checks] == [False, False, False]
    assert all("unavailable" in (c.message or "") for c in checks)
