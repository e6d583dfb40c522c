"""Connection diagnostics for an integration, in words an operator can act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gateway.core.errors import GatewayError, IntegrationAuthInvalid, RemoteNotFound

if TYPE_CHECKING:
    from gateway.flatchr.client import FlatchrClient


@dataclass(frozen=True, slots=True)
class Check:
    """One diagnostic: `ok`, and when not ok a message saying what to fix."""

    name: str
    ok: bool
    message: str | None = None


KEY_REFUSED = (
    "Flatchr refused the API key. Keys expire 365 days after they are generated and can be "
    "revoked: generate a new one in Flatchr under Settings > Advanced > API, and check that the "
    "configured company key (company_id) is the one shown on that same page, since a key only "
    "opens its own company."
)


async def run_checks(client: FlatchrClient, slug: str | None) -> list[Check]:
    checks = await _api_checks(client)
    checks.append(await _careers_check(client, slug))
    return checks


async def _api_checks(client: FlatchrClient) -> list[Check]:
    """One S1 call answers both "is the key accepted" and "can we read the columns"."""
    try:
        columns = await client.list_columns()
    except IntegrationAuthInvalid:
        return [
            Check("api_key_accepted", False, KEY_REFUSED),
            Check("columns_readable", False, "Not tried: the API key was refused."),
        ]
    except GatewayError as exc:
        reason = f"Could not reach Flatchr's API to check: {exc.message}"
        return [Check("api_key_accepted", False, reason), Check("columns_readable", False, reason)]
    if not columns:
        empty = "Flatchr returned no pipeline columns; applications will have no stage."
        return [Check("api_key_accepted", True), Check("columns_readable", False, empty)]
    return [Check("api_key_accepted", True), Check("columns_readable", True)]


async def _careers_check(client: FlatchrClient, slug: str | None) -> Check:
    name = "careers_slug_resolves"
    where = (
        "The slug is the career-site sub-domain (acme for https://acme.flatchr.io), shown in "
        "Flatchr under Settings > Career site > Subdomain configuration."
    )
    if not slug:
        return Check(name, False, f"No careers slug is configured for this integration. {where}")
    try:
        await client.careers_feed(slug)
    except RemoteNotFound:
        return Check(name, False, f"Flatchr's careers site has no company {slug!r}. {where}")
    except GatewayError as exc:
        return Check(name, False, f"Could not read the careers feed of {slug!r}: {exc.message}")
    return Check(name, True)
