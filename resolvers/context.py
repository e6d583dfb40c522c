"""The typed per-request context (placeholder until the read API lands)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from gateway.config import IntegrationConfig, Settings
from gateway.services import Services


@dataclass
class Context:
    request: Request | None
    settings: Settings
    integration: IntegrationConfig
    services: Services
    scopes: frozenset[str] = frozenset({"read"})
    caller_id: str | None = None
    #: merged into the response's `extensions` (e.g. stale-cache notices)
    response_extensions: dict[str, Any] = field(default_factory=dict)


def make_context(
    *,
    request: Request | None,
    settings: Settings,
    integration: IntegrationConfig,
    services: Services,
    scopes: frozenset[str] = frozenset({"read"}),
    caller_id: str | None = None,
) -> Context:
    return Context(
        request=request,
        settings=settings,
        integration=integration,
        services=services,
        scopes=scopes,
        caller_id=caller_id,
    )
