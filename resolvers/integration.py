"""The `integration` query: the caller's Flatchr connection, its checks and prerequisites."""

from __future__ import annotations

import math
from dataclasses import dataclass

from gateway.core.settings import CONNECTION_GUIDE_PATH
from gateway.flatchr import Check
from gateway.store.breaker import BreakerState
from resolvers.context import Context

PREREQUISITES = [
    "A Flatchr account with API access; its company key (Settings > Advanced > API).",
    "A Flatchr API key generated on that page; keys expire after 365 days, so plan a renewal.",
    "The careers sub-domain (slug) of the company, needed to create candidates and to resolve "
    "job post URLs (Settings > Career site).",
    "For official job boards: the offerer id Flatchr assigned to the board (ask Flatchr; "
    "75 is the career site). Custom sources use a source id instead.",
]


@dataclass(frozen=True, slots=True)
class IntegrationRecord:
    key: str
    company_id: str
    slug: str | None
    status: str
    checks: list[Check]
    prerequisites: list[str]
    connection_guide_url: str | None
    tool: str = "flatchr"


async def integration(ctx: Context) -> IntegrationRecord:
    integ = ctx.integration
    ctx.data.uncacheable = True  # live checks
    checks = await ctx.data.client.check_connection(integ.slug)
    ok = all(c.ok for c in checks if c.name != "careers_slug_resolves") and bool(checks)
    checks.append(breaker_check(ctx))
    return IntegrationRecord(
        key=integ.id,
        company_id=integ.company_id,
        slug=integ.slug,
        status="ACTIVE" if ok else "INVALID",
        checks=checks,
        prerequisites=PREREQUISITES,
        connection_guide_url=guide_url(ctx),
    )


def breaker_check(ctx: Context) -> Check:
    """`circuit_breaker`: ok while closed; when open (or probing) it says calls fail fast."""
    breaker = ctx.services.breakers.get(ctx.integration.id)
    state = breaker.state if breaker is not None else BreakerState.CLOSED
    if breaker is None or state is BreakerState.CLOSED:
        return Check("circuit_breaker", True)
    wait = math.ceil(breaker.retry_after())
    return Check(
        "circuit_breaker",
        False,
        f"Circuit breaker {state.value}: Flatchr failed {breaker.failure_threshold} times in a "
        f"row, so calls fail at once (cached data is served while it lasts); one probe call "
        f"goes through in {wait} s and closes it if Flatchr answers.",
    )


def base_url(ctx: Context) -> str:
    """The gateway's public base URL (settings.public_url, else the request's own)."""
    base = ctx.settings.public_url
    if not base and ctx.request is not None:
        base = str(ctx.request.base_url)
    return (base or f"http://{ctx.settings.host}:{ctx.settings.port}").rstrip("/")


def guide_url(ctx: Context) -> str:
    return base_url(ctx) + CONNECTION_GUIDE_PATH
