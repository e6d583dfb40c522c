"""The typed per-request context: caller, integration, data access and loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from strawberry.types import Info as _Info

from gateway.core.settings import IntegrationConfig, Settings
from loaders.cache import Deps
from loaders.loaders import Loaders
from loaders.tenant import TenantData
from resolvers.services import Services


@dataclass
class Context:
    request: Request | None
    settings: Settings
    integration: IntegrationConfig
    services: Services
    data: TenantData
    loaders: Loaders
    scopes: frozenset[str] = frozenset({"read"})
    caller_id: str | None = None
    #: merged into the response's `extensions` (e.g. stale-cache notices)
    response_extensions: dict[str, Any] = field(default_factory=dict)
    #: set (gateway.web.reuse.ReuseRecorder) when this result may be reused: the versions of the
    #: documents it was computed from (the HTTP layer then keeps the encoded body)
    cacheable_deps: Deps | None = None

    def note_stale(self, resource: str, age: float, failed: bool = False) -> None:
        """A stale copy was served: `staleResources` lists it; when Flatchr failed to refresh
        it, `stale.age` is the age in seconds of the oldest such copy (stale-if-error)."""
        self.data.uncacheable = True
        stale = self.response_extensions.setdefault("staleResources", [])
        if resource not in stale:
            stale.append(resource)
        if failed:
            notice = self.response_extensions.setdefault("stale", {"age": 0})
            notice["age"] = max(notice["age"], int(age))


Info = _Info[Context, None]


def make_context(
    *,
    request: Request | None,
    settings: Settings,
    integration: IntegrationConfig,
    services: Services,
    scopes: frozenset[str] = frozenset({"read"}),
    caller_id: str | None = None,
) -> Context:
    """A fresh context (and fresh loaders) for one request."""
    client = services.pool.client(integration)
    data = TenantData.open(client, services.cache, integration, settings, services.tracker)
    ctx = Context(
        request=request,
        settings=settings,
        integration=integration,
        services=services,
        data=data,
        loaders=data.loaders,
        scopes=scopes,
        caller_id=caller_id,
    )
    data.documents.on_stale = ctx.note_stale
    return ctx
