"""Snapshots and relations with change tracking applied, memoised per document version.

Each tracked value is computed from documents at given versions and kept in the derived memo
under ("tracked", tenant, name) and those versions: the store is observed and read once per
new version of the documents per process (several processes sharing Redis observe the same
version; the store's digest check makes the repeats no-ops), and the warm path reads only the
memo. Root collections map to store types by this table; the join models are tracked where
their whole set is at hand (job stages: every job x column; a job's screening questions: its
details; a candidate's tags: the traits of all its applicants; screening questions: the
details of every job).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import replace
from typing import Any, TypeVar

from loaders import snapshots as snap
from loaders.memo import DerivedMemo, Versions
from loaders.tracking import TrackedList, Tracker
from unified.model import ApplicationRecord, JobRecord, PersonRecord, StageRecord, TagRecord

T = TypeVar("T")

#: snapshot name -> (tracking type, record class, the snapshot's list attribute)
SNAPSHOT_TYPES: dict[str, tuple[str, type, str]] = {
    "jobs": ("Job", JobRecord, "jobs"),
    "stages": ("ApplicationStage", StageRecord, "stages"),
    "applications": ("Application", ApplicationRecord, "applications"),
    "candidates": ("Candidate", PersonRecord, "candidates"),
    "tags": ("Tag", TagRecord, "tags"),
}


async def memoised(
    memo: DerivedMemo, name: Hashable, versions: Versions,
    compute: Callable[[], Awaitable[tuple[T, bool]]],
) -> T:  # fmt: skip
    """`compute()` -> (value, keep): the value is memoised only when `keep` is true."""
    found = memo.get(name, versions)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value, keep = await compute()
    if keep:
        memo.put(name, versions, value)
    return value


async def tracked_snapshot(
    memo: DerivedMemo, tracker: Tracker, tenant: str, name: str, versions: Versions, raw: Any
) -> Any:
    """The snapshot `raw` (built from documents at `versions`) with tracking applied."""
    type_, cls, attr = SNAPSHOT_TYPES[name]

    async def compute() -> tuple[Any, bool]:
        found: TrackedList[Any] = await tracker.track(tenant, type_, cls, getattr(raw, attr))
        if name == "applications":
            return snap.index_applications(found.live, found.deleted), found.ok
        by_key = {r.key: r for r in found.live}
        return replace(raw, **{attr: found.live, "by_key": by_key, "deleted": found.deleted}), (
            found.ok
        )

    return await memoised(memo, ("tracked", tenant, name), versions, compute)


async def tracked_list(
    memo: DerivedMemo, tracker: Tracker, tenant: str, type_: str, cls: type,
    versions: Versions, records: Callable[[], list[Any]],
) -> TrackedList[Any]:  # fmt: skip
    """A join model's (or the questions') complete set, tracked under `type_`."""

    async def compute() -> tuple[TrackedList[Any], bool]:
        found: TrackedList[Any] = await tracker.track(tenant, type_, cls, records())
        return found, found.ok

    return await memoised(memo, ("tracked", tenant, type_), versions, compute)
