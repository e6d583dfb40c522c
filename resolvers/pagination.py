"""Relay pagination over a stable order (records sorted by key) with opaque cursors.

A cursor is base64 of `cursor:<key>` (the id codec of unified/ids.py): resuming finds the
first record whose key is after it (bisect), so a record added or removed between two pages
never shifts the next page.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from gateway.core.errors import InputInvalid
from unified import ids


class Keyed(Protocol):
    @property
    def key(self) -> str: ...


K = TypeVar("K", bound=Keyed)


@dataclass(frozen=True, slots=True)
class Page(Generic[K]):
    items: list[K]
    total: int
    has_next: bool
    has_previous: bool


def encode_cursor(key: str) -> str:
    return ids.encode("cursor", key)


def decode_cursor(cursor: str) -> str:
    pair = ids.decode(cursor)
    if pair is None or pair[0] != "cursor":
        raise InputInvalid("`after` is not a cursor returned by this API", field="after")
    return pair[1]


def check_first(first: int | None, *, default: int, maximum: int) -> int:
    if first is None:
        return default
    if first < 0:
        raise InputInvalid("`first` must not be negative", field="first")
    if first > maximum:
        raise InputInvalid(
            f"`first` must be at most {maximum} (got {first}); page with `after`", field="first"
        )
    return first


def paginate(items: list[K], first: int, after: str | None) -> Page[K]:
    """`items` must be sorted by key."""
    start = 0
    if after is not None:
        key = decode_cursor(after)
        start = bisect_right(_KeyView(items), key)
    window = items[start : start + first]
    return Page(
        items=window,
        total=len(items),
        has_next=start + first < len(items),
        has_previous=start > 0,
    )


class _KeyView:
    """A read-only sequence of the keys, for bisect without copying them."""

    __slots__ = ("_items",)

    def __init__(self, items: list[K]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> str:
        return self._items[index].key
