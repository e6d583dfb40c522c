"""Relay pagination over a stable order (records sorted by key) with opaque cursors.

A cursor is base64 of `cursor:<key>`: resuming finds the first record whose key is after it
(bisect), so a record added or removed between two pages never shifts the next page.
"""

from __future__ import annotations

import base64
import binascii
from bisect import bisect_right
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from gateway.core.errors import InputInvalid


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
    return base64.b64encode(f"cursor:{key}".encode()).decode("ascii")


def decode_cursor(cursor: str) -> str:
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    if not text.startswith("cursor:") or len(text) == len("cursor:"):
        raise InputInvalid("`after` is not a cursor returned by this API", field="after")
    return text[len("cursor:") :]


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
