"""The SQLite backend of change tracking: one file, safe for several processes on one host.

WAL mode lets readers go on while one process writes; `busy_timeout` makes a writer wait for
another instead of failing at once (the set-up, which may fail at once, is retried with
backoff and creates the tables in one write transaction); an observation runs in one
`BEGIN IMMEDIATE` transaction (taking the write lock before reading), so two processes
observing the same collection cannot interleave their read-compare-write. sqlite3 blocks, so
every call runs in a worker thread, one at a time per store (the connection is not shared
between concurrent threads).
"""

from __future__ import annotations

import asyncio
import random
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from gateway.core.errors import StoreUnavailable
from gateway.store.tracking import (
    Deleted,
    Observation,
    Observed,
    Tracked,
    TrackingStore,
    TrackState,
    collection_digest,
    plan,
)

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tracked (
  tenant TEXT NOT NULL, type TEXT NOT NULL, key TEXT NOT NULL,
  fingerprint TEXT NOT NULL, first_seen REAL NOT NULL, changed_at REAL NOT NULL,
  deleted_at REAL, snapshot BLOB,
  PRIMARY KEY (tenant, type, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS collections (
  tenant TEXT NOT NULL, type TEXT NOT NULL, digest TEXT NOT NULL,
  PRIMARY KEY (tenant, type)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS generations (
  tenant TEXT NOT NULL, type TEXT NOT NULL, token TEXT NOT NULL,
  PRIMARY KEY (tenant, type)
) WITHOUT ROWID;
"""

_UPSERT = """
INSERT INTO tracked (tenant, type, key, fingerprint, first_seen, changed_at, deleted_at, snapshot)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant, type, key) DO UPDATE SET
  fingerprint = excluded.fingerprint, first_seen = excluded.first_seen,
  changed_at = excluded.changed_at, deleted_at = excluded.deleted_at,
  snapshot = COALESCE(excluded.snapshot, tracked.snapshot)
"""

_DIGEST = "SELECT digest FROM collections WHERE tenant = ? AND type = ?"


class SqliteTracking(TrackingStore):
    """Tracking in the SQLite file at `path` (created, with its tables, on first use)."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 10.0) -> None:
        self.path = str(path)
        self.busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()
        # A cancelled caller leaves its thread running: this keeps the next call off the
        # connection until that thread is done with it.
        self._thread_lock = threading.Lock()

    async def observe_collection(
        self, tenant: str, type_: str, records: Observed, now: float
    ) -> TrackState:
        return (await self._run(lambda conn: self._observe(conn, tenant, type_, records, now)))[0]

    async def observe_since(
        self, tenant: str, type_: str, records: Observed, now: float, since: str | None
    ) -> Observation:
        """In one worker-thread call; after a write, the states are the rows read before it
        with the written ones over them (what reading them again would return). Without a
        write, the generation is read before the rows: a write landing in between makes the
        next call read again, never the reverse."""

        def both(conn: sqlite3.Connection) -> Observation:
            _, states, token = self._observe(conn, tenant, type_, records, now)
            if states is not None:
                return Observation(token, states)
            token = _generation(conn, tenant, type_)
            if since is not None and token == since:
                return Observation(token, None)
            return Observation(token, _states(conn, tenant, type_))

        return await self._run(both)

    @staticmethod
    def _observe(
        conn: sqlite3.Connection, tenant: str, type_: str, records: Observed, now: float
    ) -> tuple[TrackState, dict[str, Tracked] | None, str | None]:
        """The observation, and the states and new generation when it wrote (None, None when
        nothing changed)."""
        digest = collection_digest(records)
        if _digest(conn, tenant, type_) == digest:  # the cheap, common case
            return TrackState(digest), None, None
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _digest(conn, tenant, type_) == digest:  # another process just did it
                conn.execute("COMMIT")
                return TrackState(digest), None, None
            existing = _states(conn, tenant, type_)
            todo = plan(existing, records, now, digest)
            conn.executemany(_UPSERT, [
                (tenant, type_, key, t.fingerprint, t.first_seen, t.changed_at,
                 t.deleted_at, todo.snapshots.get(key))
                for key, t in todo.rows.items()
            ])  # fmt: skip
            conn.execute(
                "INSERT INTO collections (tenant, type, digest) VALUES (?, ?, ?)"
                " ON CONFLICT (tenant, type) DO UPDATE SET digest = excluded.digest",
                (tenant, type_, digest),
            )
            token = secrets.token_hex(8)
            conn.execute(
                "INSERT INTO generations (tenant, type, token) VALUES (?, ?, ?)"
                " ON CONFLICT (tenant, type) DO UPDATE SET token = excluded.token",
                (tenant, type_, token),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return todo.state, {**existing, **todo.rows}, token

    async def states(self, tenant: str, type_: str) -> dict[str, Tracked]:
        return await self._run(lambda conn: _states(conn, tenant, type_))

    async def deleted(self, tenant: str, type_: str) -> list[Deleted]:
        def read(conn: sqlite3.Connection) -> list[Deleted]:
            rows = conn.execute(
                "SELECT key, snapshot, deleted_at FROM tracked WHERE tenant = ? AND type = ?"
                " AND deleted_at IS NOT NULL ORDER BY key",
                (tenant, type_),
            )
            return [Deleted(key, bytes(snap or b""), at) for key, snap, at in rows]

        return await self._run(read)

    async def close(self) -> None:
        async with self._lock:
            await asyncio.to_thread(self._close)

    def _close(self) -> None:
        with self._thread_lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def _run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        async with self._lock:
            try:
                return await asyncio.to_thread(self._call, job)
            except sqlite3.OperationalError as exc:  # locked past busy_timeout, disk, path
                raise StoreUnavailable(
                    "The change-tracking store is unavailable; try again shortly."
                ) from exc

    def _call(self, job: Callable[[sqlite3.Connection], T]) -> T:
        with self._thread_lock:
            if self._conn is None:
                self._conn = _connect(self.path, self.busy_timeout)
            return job(self._conn)


def _connect(path: str, busy_timeout: float) -> sqlite3.Connection:
    """Open the file and set it up, retrying with backoff while another connection holds it:
    switching to WAL can fail at once with "database is locked" (busy_timeout does not cover
    it), which several workers starting together on a new file do hit."""
    deadline = time.monotonic() + busy_timeout
    delay = 0.01
    while True:
        try:
            return _open(path, busy_timeout)
        except sqlite3.OperationalError as exc:
            locked = "locked" in str(exc) or "busy" in str(exc)
            if not locked or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay + random.uniform(0, delay))
        delay = min(delay * 2, 0.5)


def _open(path: str, busy_timeout: float) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE above), never implicit.
    conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None,
                           check_same_thread=False)  # fmt: skip
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; WAL stays sane
        # The schema in one write transaction: two processes creating it serialise here.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except BaseException:
        conn.close()
        raise
    return conn


def _digest(conn: sqlite3.Connection, tenant: str, type_: str) -> str | None:
    row = conn.execute(_DIGEST, (tenant, type_)).fetchone()
    return None if row is None else str(row[0])


def _generation(conn: sqlite3.Connection, tenant: str, type_: str) -> str | None:
    row = conn.execute(
        "SELECT token FROM generations WHERE tenant = ? AND type = ?", (tenant, type_)
    ).fetchone()
    return None if row is None else str(row[0])


def _states(conn: sqlite3.Connection, tenant: str, type_: str) -> dict[str, Tracked]:
    rows = conn.execute(
        "SELECT key, fingerprint, first_seen, changed_at, deleted_at FROM tracked"
        " WHERE tenant = ? AND type = ?",
        (tenant, type_),
    )
    return {row[0]: Tracked(*row[1:]) for row in rows}
