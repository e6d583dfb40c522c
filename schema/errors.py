"""Expected errors keep their message and carry `extensions.code` (design §8).

A `GatewayError` raised anywhere below (an input problem, Flatchr failing) fails only the
field that raised it: graphql-core nulls that field (or its nearest nullable parent) and the
rest of the response is served. This extension writes the error's code into the GraphQL error.
Masking of unexpected errors happens in the HTTP layer.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from gateway.core.errors import GatewayError


def code_of(error: GraphQLError) -> GatewayError | None:
    original = error.original_error
    return original if isinstance(original, GatewayError) else None


class GatewayErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        for error in result.errors:
            known = code_of(error)
            if known is not None:
                error.extensions = {**(error.extensions or {}), **known.as_extensions()}
