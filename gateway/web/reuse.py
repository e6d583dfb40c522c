"""The one response-reuse level: encoded answers of identical requests.

A repeated request (same tenant, same method, same media type, same body or query string)
is answered with the bytes encoded the first time, as long as every upstream document the
answer was computed from is still the current copy (`ResourceCache.still_current`): the hot
path of repeated dashboards skips GraphQL parsing, validation, execution and encoding.

`ReuseRecorder` (a schema extension) marks an execution as reusable: queries only, without
errors, stale copies, live checks or signed URLs (`TenantData.uncacheable`), and records the
documents it read. The view keeps the encoded body of such a result (`ResponseReuse.keep`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from gateway.core.scopes import has_scope
from gateway.web.auth import Caller
from loaders.responses import CachedResponse
from loaders.tenant import tenant_of
from resolvers.context import Context
from resolvers.services import Services

Key = tuple[str, str, str, str, bytes]


class ReuseRecorder(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        yield
        ec = self.execution_context
        ctx = ec.context
        result = ec.result
        if (
            isinstance(ctx, Context)
            and not ctx.settings.naive
            and ec.operation_type is OperationType.QUERY
            and result is not None
            and not result.errors
            and result.data is not None
            and not ctx.data.uncacheable
            and not ctx.response_extensions
        ):
            ctx.cacheable_deps = dict(ctx.data.deps)


class ResponseReuse:
    """Looks up and keeps encoded answers in the process's `ResponseStore`."""

    def __init__(self, services: Callable[[], Services | None]) -> None:
        self.services = services

    async def lookup(
        self, caller: Caller, method: str, media: str, payload: bytes
    ) -> tuple[Key | None, CachedResponse | None]:
        """The key this request's answer would be kept under (None: never kept), and the
        answer kept for it if it is still current."""
        services = self.services()
        if services is None or not has_scope(caller.scopes, "read"):
            return None, None
        tenant = tenant_of(caller.integration)
        key = (tenant, method, media, "http", payload)
        entry = services.responses.get(key)
        if entry is None or not await services.cache.still_current(tenant, entry.deps):
            return key, None
        services.responses.served()
        services.cache.observe("http_response", True)
        return key, entry

    def keep(self, key: Key, body: bytes, context: Any, operation: str | None) -> None:
        """Keep the encoded answer when its execution was marked reusable."""
        services = self.services()
        deps = getattr(context, "cacheable_deps", None)
        if services is None or deps is None:
            return
        headers = (
            (b"content-length", str(len(body)).encode()),
            (b"content-type", f"{key[2]}; charset=utf-8".encode()),
        )
        services.responses.put(key, CachedResponse(body, deps, operation, headers))
