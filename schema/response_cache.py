"""Reuse a tenant's query result while the documents it was computed from are unchanged.

Executing a warm nested query still costs graphql-core a few microseconds per field; for the
hot dashboards that repeat the same document, this skips execution altogether. A result is
stored with the `at` stamps of every upstream document it read and is served again only if
each of them is still the current, fresh copy: the answer is exactly what executing the query
again would give. Queries only; never results with errors, stale copies, live checks or
signed URLs; the key holds the tenant, the document, the operation name and the variables.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from loaders.responses import CachedResponse
from resolvers.context import Context


class ResponseCache(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        ctx = ec.context
        store = getattr(getattr(ctx, "services", None), "responses", None)
        if (
            not isinstance(ctx, Context)
            or store is None
            or ctx.settings.naive
            or ec.operation_type is not OperationType.QUERY
            or ec.query is None
        ):
            yield
            return
        try:
            variables = orjson.dumps(ec.variables or {}, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            yield
            return
        key = (ctx.data.tenant, ec.query, ec.operation_name, variables)
        hit = store.get(key)
        if hit is not None and await ctx.data.still_current(hit.deps):
            ec.result = GraphQLExecutionResult(data=orjson.loads(hit.data), errors=None)
            ctx.cacheable_deps = hit.deps
            store.served()
            ctx.data.cache.observe("response", True)
            yield
            return
        ctx.data.cache.observe("response", False)
        yield
        result = ec.result
        if (
            isinstance(result, GraphQLExecutionResult)
            and not result.errors
            and result.data is not None
            and not ctx.data.uncacheable
            and not ctx.response_extensions
        ):
            ctx.cacheable_deps = dict(ctx.data.deps)
            store.put(key, CachedResponse(orjson.dumps(result.data), ctx.cacheable_deps))
