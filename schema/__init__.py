"""The public GraphQL schema: every type, query and mutation of the contract.

`build_schema(extensions)` assembles it; the HTTP layer adds its limits as
extensions. Object types are views over `unified.model` records (see schema.common).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from schema.errors import GatewayErrorCodes
from schema.mutations import Mutation
from schema.query import Query
from schema.questions import FORMAT_TYPES
from schema.scalars import DateTimeScalar


def _default_resolver(obj: Any, name: str) -> Any:
    # Records carry only what they know; an absent attribute (e.g. remoteDeletedAt before the
    # tracking store) reads as null.
    return getattr(obj, name, None)


def build_schema(
    extensions: Sequence[type[SchemaExtension] | Callable[[], SchemaExtension]] = (),
    *,
    disable_field_suggestions: bool = False,
) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=FORMAT_TYPES,
        extensions=[GatewayErrorCodes, *extensions],
        config=StrawberryConfig(
            default_resolver=_default_resolver,
            scalar_map={datetime: DateTimeScalar},
            disable_field_suggestions=disable_field_suggestions,
        ),
    )
