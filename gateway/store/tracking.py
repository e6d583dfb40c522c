"""Change tracking (design §6): when each record last changed, and which ones disappeared.

Flatchr has no change feed and no deletion feed. So every time a FULL collection of a type is
fetched for a tenant, it is shown to the tracking store, which keeps per (tenant, type, key):
the record's fingerprint, `first_seen`, `changed_at`, `deleted_at` and its last snapshot (JSON
bytes, served for includeDeleted). `observe_collection` applies these rules:

    new key                -> first_seen = changed_at = now
    fingerprint changed    -> changed_at = now, snapshot replaced
    key missing            -> deleted_at = now (once; the snapshot is kept)
    missing key is back    -> deleted_at cleared, changed_at = now

Only ever call it with a complete collection: a partial page would mark the rest deleted.
Nothing changed is the common case, so it is made cheap: a digest of the whole collection
(keys and fingerprints) is compared first, and only when it differs are rows compared and the
changed ones written; a snapshot may be given as a function, called only for the records
whose snapshot is stored (new, changed, restored). Times are epoch seconds chosen by the
caller.

The rules are the pure `plan()` below; the backends (`SqliteTracking` in tracking_sqlite.py,
the embedded default; `RedisTracking` in tracking_redis.py, for several instances) only load
rows, write the plan and the new digest atomically, and read.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

#: the JSON bytes of a record, or how to make them: only new and changed records need them
Snapshot = bytes | Callable[[], bytes]

#: what a full fetch yields: key -> (fingerprint, snapshot)
Observed = Mapping[str, tuple[str, Snapshot]]


def fingerprint(obj: Any) -> str:
    """sha256 of the canonical JSON (sorted keys) of a record's own fields."""
    return hashlib.sha256(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)).hexdigest()


def collection_digest(records: Observed) -> str:
    """One hash for a whole collection's keys and fingerprints (the "nothing changed" test)."""
    h = hashlib.sha256()
    for key in sorted(records):
        h.update(f"{key}\x1f{records[key][0]}\x1e".encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Tracked:
    """What is known about one record."""

    fingerprint: str
    first_seen: float
    changed_at: float
    deleted_at: float | None = None


@dataclass(frozen=True, slots=True)
class Deleted:
    """A record gone from its collection, with the last snapshot seen of it."""

    key: str
    snapshot: bytes
    deleted_at: float


@dataclass(frozen=True, slots=True)
class TrackState:
    """What one observation changed (keys sorted); all empty when nothing did."""

    digest: str
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.deleted or self.restored)


@dataclass(frozen=True, slots=True)
class Observation:
    """What `observe_since` read: the (tenant, type)'s generation after the observation (a
    token replaced by every write, from any process; None when the backend keeps none), and
    its states, or None when they are still those of the generation the caller gave."""

    generation: str | None
    states: dict[str, Tracked] | None


@dataclass(slots=True)
class Plan:
    """The writes one observation needs: rows to upsert and snapshots to store."""

    state: TrackState
    rows: dict[str, Tracked] = field(default_factory=dict)
    snapshots: dict[str, bytes] = field(default_factory=dict)


def plan(existing: Mapping[str, Tracked], records: Observed, now: float, digest: str) -> Plan:
    """Apply the tracking rules to the stored rows of one (tenant, type)."""
    added: list[str] = []
    changed: list[str] = []
    restored: list[str] = []
    deleted: list[str] = []
    out = Plan(TrackState(digest))
    for key, (fp, snapshot) in records.items():
        old = existing.get(key)
        if old is None:
            added.append(key)
            out.rows[key] = Tracked(fp, now, now)
        elif old.deleted_at is not None:
            restored.append(key)
            out.rows[key] = Tracked(fp, old.first_seen, now)
        elif old.fingerprint != fp:
            changed.append(key)
            out.rows[key] = Tracked(fp, old.first_seen, now)
        else:
            continue
        out.snapshots[key] = snapshot if isinstance(snapshot, bytes) else snapshot()
    for key, old in existing.items():
        if old.deleted_at is None and key not in records:
            deleted.append(key)
            out.rows[key] = replace(old, deleted_at=now)
    out.state = TrackState(
        digest, *(tuple(sorted(keys)) for keys in (added, changed, deleted, restored))
    )
    return out


class TrackingStore(ABC):
    """The tracking API shared by the backends."""

    @abstractmethod
    async def observe_collection(
        self, tenant: str, type_: str, records: Observed, now: float
    ) -> TrackState:
        """Record one full fetch of `type_` for `tenant` (rules in the module docstring)."""

    @abstractmethod
    async def states(self, tenant: str, type_: str) -> dict[str, Tracked]:
        """Every record ever seen of that type, deleted ones included (`deleted_at` set)."""

    async def observe_since(
        self, tenant: str, type_: str, records: Observed, now: float, since: str | None
    ) -> Observation:
        """`observe_collection`, then `states` unless generation `since` (of an earlier
        observation, whose states the caller kept) is still current: an unchanged collection
        then costs no read of its rows. Backends override this; by default it always reads."""
        await self.observe_collection(tenant, type_, records, now)
        return Observation(None, await self.states(tenant, type_))

    async def observe_and_read(
        self, tenant: str, type_: str, records: Observed, now: float
    ) -> dict[str, Tracked]:
        """`observe_collection` then `states`."""
        found = await self.observe_since(tenant, type_, records, now, None)
        assert found.states is not None  # nothing was known: always read
        return found.states

    @abstractmethod
    async def deleted(self, tenant: str, type_: str) -> list[Deleted]:
        """The records currently missing from the collection, by key, with their snapshot."""

    async def close(self) -> None:
        """Release what the backend holds open (a no-op unless it owns a connection)."""
        return None
