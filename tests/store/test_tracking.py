"""Change tracking: the same suite on the SQLite file and on Redis."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import orjson
import pytest
from redis.asyncio import Redis

from gateway.core.errors import StoreUnavailable
from gateway.store.redis_client import connect
from gateway.store.tracking import (
    Deleted,
    Observation,
    Tracked,
    TrackingStore,
    TrackState,
    collection_digest,
    fingerprint,
)
from gateway.store.tracking_redis import RedisTracking
from gateway.store.tracking_sqlite import SqliteTracking
from tests.redis_harness import RedisServer
from tests.store import tracking_writer

ROOT = Path(__file__).resolve().parents[2]


def rec(**fields: object) -> tuple[str, bytes]:
    """(fingerprint, snapshot) as a loader would compute them from a unified record."""
    return fingerprint(fields), orjson.dumps(fields)


@pytest.fixture(params=["sqlite", "redis"])
def client(request: pytest.FixtureRequest) -> Redis | None:
    """None for the SQLite run; a client of the test's own redis-server for the Redis run."""
    if request.param == "sqlite":
        return None
    made: Redis = request.getfixturevalue("redis_client")
    return made


@pytest.fixture
async def store(client: Redis | None, tmp_path: Path) -> AsyncIterator[TrackingStore]:
    made: TrackingStore = (
        SqliteTracking(tmp_path / "tracking.db") if client is None else RedisTracking(client)
    )
    try:
        yield made
    finally:
        await made.close()


def test_fingerprint_is_canonical() -> None:
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert len(fingerprint({})) == 64


async def test_tracking_new_records_are_first_seen_now(store: TrackingStore) -> None:
    state = await store.observe_collection("acme", "jobs", {"j1": rec(t="A"), "j2": rec(t="B")}, 10)
    assert state.added == ("j1", "j2") and not state.changed and not state.deleted
    assert await store.states("acme", "jobs") == {
        "j1": Tracked(fingerprint({"t": "A"}), 10, 10, None),
        "j2": Tracked(fingerprint({"t": "B"}), 10, 10, None),
    }


async def test_tracking_change_moves_changed_at_only(store: TrackingStore) -> None:
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A"), "j2": rec(t="B")}, 10)
    state = await store.observe_collection(
        "acme", "jobs", {"j1": rec(t="A2"), "j2": rec(t="B")}, 20
    )
    assert state.changed == ("j1",) and not state.added
    states = await store.states("acme", "jobs")
    assert (states["j1"].first_seen, states["j1"].changed_at) == (10, 20)
    assert states["j2"].changed_at == 10


async def test_tracking_unchanged_collection_is_a_no_op(store: TrackingStore) -> None:
    records = {"j1": rec(t="A"), "j2": rec(t="B")}
    await store.observe_collection("acme", "jobs", records, 10)
    before = await store.states("acme", "jobs")
    state = await store.observe_collection("acme", "jobs", dict(reversed(records.items())), 99)
    assert state == TrackState(collection_digest(records))
    assert state.unchanged
    assert await store.states("acme", "jobs") == before


async def test_tracking_missing_record_is_deleted_once_with_snapshot(store: TrackingStore) -> None:
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A"), "j2": rec(t="B")}, 10)
    state = await store.observe_collection("acme", "jobs", {"j1": rec(t="A")}, 20)
    assert state.deleted == ("j2",)
    again = await store.observe_collection("acme", "jobs", {"j1": rec(t="A2")}, 30)
    assert again.deleted == () and again.changed == ("j1",)
    assert await store.deleted("acme", "jobs") == [Deleted("j2", rec(t="B")[1], 20)]
    assert (await store.states("acme", "jobs"))["j2"].deleted_at == 20  # not moved to 30


async def test_tracking_record_that_comes_back_is_undeleted(store: TrackingStore) -> None:
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A"), "j2": rec(t="B")}, 10)
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A")}, 20)
    state = await store.observe_collection("acme", "jobs", {"j1": rec(t="A"), "j2": rec(t="B")}, 30)
    assert state.restored == ("j2",) and not state.added
    assert (await store.states("acme", "jobs"))["j2"] == Tracked(fingerprint({"t": "B"}), 10, 30)
    assert await store.deleted("acme", "jobs") == []


async def test_tracking_snapshot_of_deleted_is_the_last_seen(store: TrackingStore) -> None:
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A")}, 10)
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A2")}, 20)
    await store.observe_collection("acme", "jobs", {}, 30)
    assert await store.deleted("acme", "jobs") == [Deleted("j1", rec(t="A2")[1], 30)]


async def test_tracking_observe_and_read_returns_what_states_reads(store: TrackingStore) -> None:
    steps = [
        ({"j1": rec(t="A"), "j2": rec(t="B")}, 10),  # added
        ({"j1": rec(t="A2")}, 20),  # changed and deleted
        ({"j1": rec(t="A2")}, 30),  # unchanged
        ({"j1": rec(t="A2"), "j2": rec(t="B")}, 40),  # restored
    ]
    for records, now in steps:
        read = await store.observe_and_read("acme", "jobs", records, now)
        assert read == await store.states("acme", "jobs")
    assert read["j1"] == Tracked(fingerprint({"t": "A2"}), 10, 20)
    assert read["j2"] == Tracked(fingerprint({"t": "B"}), 10, 40)


async def test_tracking_lazy_snapshots_are_made_only_when_stored(store: TrackingStore) -> None:
    made: list[str] = []

    def lazy(key: str, **fields: object) -> tuple[str, Callable[[], bytes]]:
        fp, snapshot = rec(**fields)
        return fp, lambda: made.append(key) or snapshot

    await store.observe_collection("acme", "jobs", {"j1": lazy("j1", t="A")}, 10)
    await store.observe_collection("acme", "jobs", {"j1": lazy("j1", t="A")}, 20)
    records = {"j1": lazy("j1", t="A"), "j2": lazy("j2", t="B")}
    await store.observe_collection("acme", "jobs", records, 30)
    assert made == ["j1", "j2"]  # j1 once (new), not again while unchanged; j2 when added
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A")}, 40)
    assert await store.deleted("acme", "jobs") == [Deleted("j2", rec(t="B")[1], 40)]


async def test_tracking_types_and_tenants_are_isolated(store: TrackingStore) -> None:
    await store.observe_collection("acme", "jobs", {"x": rec(t="A")}, 10)
    await store.observe_collection("acme", "candidates", {"x": rec(n="C")}, 11)
    await store.observe_collection("globex", "jobs", {"x": rec(t="G")}, 12)
    await store.observe_collection("acme", "jobs", {}, 20)  # only acme's jobs lose x
    assert [d.key for d in await store.deleted("acme", "jobs")] == ["x"]
    assert await store.deleted("acme", "candidates") == []
    assert await store.deleted("globex", "jobs") == []
    assert (await store.states("acme", "candidates"))["x"].first_seen == 11
    assert (await store.states("globex", "jobs"))["x"].fingerprint == fingerprint({"t": "G"})
    assert await store.states("initech", "jobs") == {}


async def test_tracking_concurrent_observers_apply_once(
    store: TrackingStore, client: Redis | None
) -> None:
    """Several instances fetch the same new collection at once: one of them records it."""
    if isinstance(store, SqliteTracking):
        others: list[TrackingStore] = [SqliteTracking(store.path) for _ in range(4)]
    else:
        assert client is not None
        url = client.get_connection_kwargs()
        others = [
            RedisTracking(connect(f"redis://{url['host']}:{url['port']}/0")) for _ in range(4)
        ]
    records = {f"k{i}": rec(i=i) for i in range(200)}
    try:
        states = await asyncio.gather(
            *(s.observe_collection("acme", "jobs", records, 10) for s in [store, *others])
        )
    finally:
        for other in others:
            await other.close()
            if isinstance(other, RedisTracking):
                await other._redis.aclose()
    assert sum(len(s.added) for s in states) == 200
    assert [len(s.added) for s in states].count(200) == 1
    assert len(await store.states("acme", "jobs")) == 200


async def test_sqlite_tracking_shared_by_two_processes(tmp_path: Path) -> None:
    """A subprocess churns one collection while this process writes another and reads."""
    path = tmp_path / "shared.db"
    rounds = 42
    store = SqliteTracking(path)
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A")}, 0)  # creates the file
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.store.tracking_writer", str(path), str(rounds), cwd=ROOT
    )
    reads = 0
    try:
        while child.returncode is None:
            deleted = await store.deleted("acme", "applications")
            assert len(deleted) <= 1  # each round deletes one and restores one, atomically
            await store.observe_collection("acme", "jobs", {"j1": rec(t=f"A{reads % 3}")}, reads)
            reads += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(child.wait(), 0.001)
        assert child.returncode == 0
        states = await store.states("acme", "applications")
        assert len(states) == tracking_writer.KEYS
        assert states["a42"].deleted_at == 42  # missing in the last round
        assert (states["a41"].deleted_at, states["a41"].changed_at) == (None, 42)  # back
        assert states["a0"].first_seen == 1 and states["a0"].changed_at == 40  # round 40: v8
        assert states["a1"].first_seen == 2  # missing from round 1: first seen in round 2
        assert [d.key for d in await store.deleted("acme", "applications")] == ["a42"]
        assert "j1" in await store.states("acme", "jobs")
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
        await store.close()


async def test_sqlite_tracking_unusable_file_raises_store_unavailable(tmp_path: Path) -> None:
    store = SqliteTracking(tmp_path / "missing-dir" / "tracking.db")
    with pytest.raises(StoreUnavailable):
        await store.states("acme", "jobs")


async def test_redis_tracking_down_raises_store_unavailable(
    redis_server: RedisServer, redis_client: Redis
) -> None:
    store = RedisTracking(redis_client)
    await store.observe_collection("acme", "jobs", {"j1": rec(t="A")}, 10)
    redis_server.kill()
    with pytest.raises(StoreUnavailable):
        await store.observe_collection("acme", "jobs", {"j1": rec(t="A")}, 20)
    with pytest.raises(StoreUnavailable):
        await store.states("acme", "jobs")


_STARTER = """
import asyncio, sys
from gateway.store.tracking import fingerprint
from gateway.store.tracking_sqlite import SqliteTracking

async def main(path, n):
    store = SqliteTracking(path)
    records = {f"k{i}": (fingerprint({"i": i}), b"{}") for i in range(50)}
    state = await store.observe_collection("acme", "jobs", records, 10)
    await store.close()
    print(len(state.added))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def test_sqlite_tracking_workers_starting_together_on_a_new_file(tmp_path: Path) -> None:
    """Several workers open a file that does not exist yet at the same moment (WAL switch and
    schema creation race): every one of them gets through, and one records the collection."""
    path = tmp_path / "fresh.db"
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _STARTER,
            str(path),
            str(n),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for n in range(8)
    ]
    results = [await w.communicate() for w in workers]
    assert [w.returncode for w in workers] == [0] * 8, [err.decode()[-300:] for _, err in results]
    added = sorted(int(out) for out, _ in results)
    assert added == [0] * 7 + [50]
    store = SqliteTracking(path)
    try:
        assert len(await store.states("acme", "jobs")) == 50
    finally:
        await store.close()


async def test_tracking_observe_since_skips_the_rows_only_while_nobody_wrote(
    store: TrackingStore, client: Redis | None, tmp_path: Path
) -> None:
    """An unchanged collection observed again with the caller's generation reads no rows; a
    write by another instance in between (here A -> B -> A, which leaves the digest as it
    was but moves changed_at) makes the next observation read them again."""
    other: TrackingStore = (
        SqliteTracking(tmp_path / "tracking.db") if client is None else RedisTracking(client)
    )
    a = {"j1": rec(t="A"), "j2": rec(t="B")}
    try:
        first = await store.observe_since("acme", "jobs", a, 10, None)
        assert first.states is not None and first.generation is not None
        again = await store.observe_since("acme", "jobs", a, 20, first.generation)
        assert again == Observation(first.generation, None)  # nothing read
        await other.observe_collection("acme", "jobs", {"j1": rec(t="A2"), "j2": rec(t="B")}, 30)
        await other.observe_collection("acme", "jobs", a, 40)
        after = await store.observe_since("acme", "jobs", a, 50, first.generation)
        assert after.generation not in (None, first.generation)
        assert after.states == await store.states("acme", "jobs")
        assert after.states is not None and after.states["j1"].changed_at == 40
        # a write by this instance returns the written states and the new generation
        mine = await store.observe_since("acme", "jobs", {"j1": rec(t="A3")}, 60, after.generation)
        assert mine.states == await store.states("acme", "jobs")
        assert mine.generation not in (None, after.generation)
        quiet = await store.observe_since("acme", "jobs", {"j1": rec(t="A3")}, 70, mine.generation)
        assert quiet.states is None
    finally:
        await other.close()
