"""The one in-process memo: values derived from cached documents, keyed by their versions.

A parsed document or a snapshot is a pure function of the documents it came from, so it is
kept with their versions and served only when those versions are asked for again. It is not
a second store of truth: a document evicted or refreshed gets a new version, and from then on
nothing reaches the copies derived from the old one. Each name keeps one version (a newer one
replaces it) and the whole memo is a bounded LRU.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
Versions = tuple[str | None, ...]


class DerivedMemo:
    def __init__(self, max_entries: int = 8192) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, tuple[Versions, Any]] = OrderedDict()

    def derive(self, name: Hashable, versions: Versions, build: Callable[[], T]) -> T:
        """The value `name` built from documents at `versions` (built now if not held)."""
        found = self.get(name, versions)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = build()
        self.put(name, versions, value)
        return value

    def get(self, name: Hashable, versions: Versions) -> Any:
        """The value held for `name` at exactly `versions`, else None."""
        found = self._items.get(name)
        if found is None or found[0] != versions:
            return None
        self._items.move_to_end(name)
        return found[1]

    def latest(self, name: Hashable) -> Any:
        """The value held for `name` at whatever versions (None if none); not an LRU use."""
        found = self._items.get(name)
        return None if found is None else found[1]

    def put(self, name: Hashable, versions: Versions, value: Any) -> None:
        self._items[name] = (versions, value)  # replaces the value of older versions
        self._items.move_to_end(name)
        while len(self._items) > self.max_entries:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
