"""The records gone from a collection, as `Tracker.track` returns them (a real SQLite store):
decoded from their last snapshot when asked for, stamped with the deletion time, each decoded
once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from gateway.store.tracking_sqlite import SqliteTracking
from loaders.tracking import Tracker
from unified.model import TagRecord

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def tag(n: int) -> TagRecord:
    return TagRecord(key=f"t{n:02d}", remote_id=str(n), name=f"tag {n}", changed_at=T0)


async def test_gone_records_come_back_from_their_snapshots(tmp_path: Path) -> None:
    now = [1000.0]
    tracker = Tracker(SqliteTracking(tmp_path / "t.db"), clock=lambda: now[0])
    try:
        first = await tracker.track("acme", "Tag", TagRecord, [tag(n) for n in range(10)])
        assert len(first.deleted) == 0 and not first.deleted
        now[0] = 2000.0
        kept = [tag(n) for n in range(10) if n % 3]
        second = await tracker.track("acme", "Tag", TagRecord, kept)
        assert [r.key for r in second.live] == [r.key for r in kept]
        assert list(second.deleted) == ["t00", "t03", "t06", "t09"]  # sorted by key
        assert len(second.deleted) == 4 and "t03" in second.deleted and "t01" not in second.deleted
        assert second.deleted.get("t01") is None
        gone = second.deleted["t03"]
        at = datetime.fromtimestamp(2000.0, UTC)
        assert (gone.name, gone.remote_id, gone.remote_deleted_at, gone.changed_at) == (
            "tag 3", "3", at, at,
        )  # fmt: skip
        assert second.deleted["t03"] is gone  # decoded once
        assert [r.key for r in second.deleted.values()] == ["t00", "t03", "t06", "t09"]
    finally:
        await tracker.close()


async def test_deletions_follow_restores_and_new_deletions(tmp_path: Path) -> None:
    """The deleted records are reused while the store shows the same deletions, and read
    again when a record comes back or another one goes."""
    now = [1000.0]
    tracker = Tracker(SqliteTracking(tmp_path / "t.db"), clock=lambda: now[0])
    try:
        await tracker.track("acme", "Tag", TagRecord, [tag(n) for n in range(5)])
        now[0] = 2000.0
        first = await tracker.track("acme", "Tag", TagRecord, [tag(n) for n in (1, 2, 3)])
        assert list(first.deleted) == ["t00", "t04"]
        now[0] = 3000.0
        same = await tracker.track("acme", "Tag", TagRecord, [tag(n) for n in (1, 2, 3)])
        assert same.deleted is first.deleted  # nothing new: not read again
        now[0] = 4000.0
        moved = await tracker.track("acme", "Tag", TagRecord, [tag(n) for n in (0, 1, 2)])
        assert list(moved.deleted) == ["t03", "t04"]  # t00 is back, t03 went
        assert moved.deleted["t03"].remote_deleted_at == datetime.fromtimestamp(4000.0, UTC)
        assert moved.deleted["t04"].remote_deleted_at == datetime.fromtimestamp(2000.0, UTC)
        assert [r.remote_deleted_at for r in moved.live] == [None, None, None]
    finally:
        await tracker.close()
