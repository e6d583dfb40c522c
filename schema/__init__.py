"""The public GraphQL schema (placeholder until the read API lands)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension

from gateway.config import Settings


@strawberry.type
class Query:
    @strawberry.field(description="Always true while the gateway serves requests.")
    def health(self) -> bool:
        return True


def build_schema(
    settings: Settings,
    extensions: Sequence[type[SchemaExtension] | Callable[[], SchemaExtension]] = (),
) -> strawberry.Schema:
    ext: list[Any] = list(extensions)
    return strawberry.Schema(query=Query, extensions=ext)
