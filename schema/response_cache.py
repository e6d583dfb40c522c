"""Mark a query result reusable, with the versions of the documents it was computed from.

The HTTP view keeps the encoded response under those versions and serves it again while each
is still current (`ResourceCache.still_current`): the answer is then exactly what executing
the query again would give. This extension only decides whether a result qualifies: queries
without errors that read nothing outside the cached documents (no stale copies, live checks
or signed URLs) and added no `extensions`.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from resolvers.context import Context


class ReusableResult(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        yield
        ec = self.execution_context
        ctx, result = ec.context, ec.result
        if (
            isinstance(ctx, Context)
            and not ctx.settings.naive
            and ec.operation_type is OperationType.QUERY
            and isinstance(result, GraphQLExecutionResult)
            and not result.errors
            and result.data is not None
            and not ctx.data.uncacheable
            and not ctx.response_extensions
        ):
            ctx.cacheable_deps = dict(ctx.data.deps)
