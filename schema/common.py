"""Types shared by every family: the Node interface, PageInfo, value types, connections.

Object types here are *views* over the mapped records of `unified.model`: a resolver returns
the record itself and plain fields read its attributes (no copying, sync resolution).
`is_type_of` lets a record stand for its GraphQL type where an interface needs to know.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from resolvers.pagination import Page, encode_cursor
from schema.enums import IntegrationFieldType
from schema.scalars import JSON
from unified.ids import to_global_id


@strawberry.interface(
    description="An object with a globally unique, stable, opaque id "
    "(Relay Global Object Identification)."
)
class Node:
    id: strawberry.ID


def node_id(type_name: str) -> Callable[..., strawberry.ID]:
    """A sync `id` resolver computing the global id from the record's key."""

    def resolve(root: Any) -> strawberry.ID:
        return strawberry.ID(to_global_id(type_name, root.key))

    return resolve


def record_type_check(*record_types: type) -> classmethod[Any, Any, bool]:
    def is_type_of(cls: type, obj: Any, _info: Any) -> bool:
        return isinstance(obj, (cls, *record_types))

    return classmethod(is_type_of)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Location:
    city: str | None
    country: str | None
    raw: str | None
    state: str | None
    street1: str | None
    street2: str | None
    zip_code: str | None


@strawberry.type
class EmailAddress:
    email_address: str
    type: str | None


@strawberry.type
class PhoneNumber:
    phone_number: str
    type: str | None


@strawberry.type(
    description="A raw field of the remote record, exposed as-is (Kombo's integration_fields)."
)
class IntegrationField:
    @strawberry.field
    def id(self, root: strawberry.Parent[Any]) -> strawberry.ID:
        return strawberry.ID(to_global_id("IntegrationField", root.key))

    @strawberry.field
    def key(self, root: strawberry.Parent[Any]) -> str:
        return str(root.field_key)

    type: IntegrationFieldType
    value: JSON | None
    label: str | None


class _Edge:
    __slots__ = ("cursor", "node")

    def __init__(self, cursor: str, node: Any) -> None:
        self.cursor = cursor
        self.node = node


class _Connection:
    __slots__ = ("edges", "page_info", "total_count")

    def __init__(self, edges: list[_Edge], page_info: PageInfo, total_count: int) -> None:
        self.edges = edges
        self.page_info = page_info
        self.total_count = total_count


def to_connection(page: Page[Any]) -> Any:
    """A connection object (duck-typed for `Connection[T]`) from a page of records."""
    edges = [_Edge(encode_cursor(item.key), item) for item in page.items]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return _Connection(edges, info, page.total)
