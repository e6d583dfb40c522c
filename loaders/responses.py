"""Reused responses (gateway.web.reuse, the one reuse level), bounded in bytes.

A response is kept with the versions of every document it was computed from and is valid
exactly as long as they are current in the backend (`ResourceCache.still_current`): evicting
or refreshing one of those documents makes it unreachable. A response larger than an eighth
of the byte budget is not kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from loaders.cache import Deps


@dataclass(frozen=True, slots=True)
class CachedResponse:
    #: the encoded response body
    data: bytes
    #: (resource, key) -> the version of the document it was computed from (None: absent)
    deps: Deps
    operation: str | None = None
    #: the response's header lines, built once
    headers: tuple[tuple[bytes, bytes], ...] = ()


class ResponseStore:
    """A bounded LRU of query results per tenant, valid exactly as long as the documents they
    were computed from (checked against the cache on every hit)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.used = 0
        self._items: OrderedDict[Hashable, CachedResponse] = OrderedDict()
        self.hits = 0

    def get(self, key: Hashable) -> CachedResponse | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def served(self) -> None:
        self.hits += 1

    def put(self, key: Hashable, value: CachedResponse) -> None:
        size = len(value.data)
        if size * 8 > self.max_bytes:
            return  # too large to be worth a share of the budget (0 keeps nothing)
        old = self._items.pop(key, None)
        if old is not None:
            self.used -= len(old.data)
        self._items[key] = value
        self.used += size
        while self.used > self.max_bytes:
            _, evicted = self._items.popitem(last=False)
            self.used -= len(evicted.data)
