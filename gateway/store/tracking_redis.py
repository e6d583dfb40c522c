"""The Redis backend of change tracking, shared by every instance of a deployment.

Per (tenant, type), four keys with one hash tag (so they share a Redis Cluster slot):

    <prefix>trk:{<tenant>:<type>}:digest   the digest of the last observed collection
    <prefix>trk:{<tenant>:<type>}:rows     JSON {key: [fingerprint, first_seen, changed_at,
                                           deleted_at]} for every key ever seen
    <prefix>trk:{<tenant>:<type>}:snaps    hash key -> last snapshot (JSON bytes)
    <prefix>trk:{<tenant>:<type>}:gen      the generation: a token replaced by every write

The rows are one JSON string, not a hash: redis-py decodes a 10,000-field HGETALL in about a
third of a second, one 1 MB string in a millisecond. An observation reads the digest (one round
trip, all an unchanged collection costs), else the rows, plans the writes in Python and applies
them with one Lua script that first checks the digest is still the one the plan was made from:
an instance that raced and lost re-plans against the winner's rows (optimistic concurrency, no
lock held across round trips). Snapshots are written only for added, changed or restored keys.
`observe_since` reads the digest and the generation in one MGET: when the collection is
unchanged and the generation is the caller's, the rows are not read at all.
"""

from __future__ import annotations

import secrets
from typing import Any

import orjson
from redis.asyncio import Redis

from gateway.core.errors import StoreUnavailable
from gateway.store.redis_client import unavailable
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

#: ARGV: expected digest ('' = none yet), new digest, all rows (JSON), new generation,
#: snapshot pairs
_APPLY = """
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
local i = 5
while i < #ARGV do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  i = i + 2
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[4], ARGV[4])
return 1
"""

#: how many times an observation re-plans after losing a race before giving up
_ATTEMPTS = 8


class RedisTracking(TrackingStore):
    """Tracking in Redis (keys in the module docstring); the client is the caller's."""

    def __init__(self, client: Redis, *, prefix: str = "gw:") -> None:
        self._redis = client
        self._prefix = prefix
        self._apply = client.register_script(_APPLY)

    def _keys(self, tenant: str, type_: str) -> list[str]:
        base = f"{self._prefix}trk:{{{tenant}:{type_}}}"
        return [f"{base}:digest", f"{base}:rows", f"{base}:snaps", f"{base}:gen"]

    async def observe_collection(
        self, tenant: str, type_: str, records: Observed, now: float
    ) -> TrackState:
        return (await self._observe(tenant, type_, records, now, None))[0]

    async def observe_since(
        self, tenant: str, type_: str, records: Observed, now: float, since: str | None
    ) -> Observation:
        _, found = await self._observe(tenant, type_, records, now, since)
        return found

    async def _observe(
        self, tenant: str, type_: str, records: Observed, now: float, since: str | None
    ) -> tuple[TrackState, Observation]:
        """The observation; after it, the generation and the states (None when unchanged
        since `since`). Without a write, the generation is read with the digest, before the
        rows: a write landing in between makes the next call read again, never the reverse."""
        keys = self._keys(tenant, type_)
        digest = collection_digest(records)
        with unavailable("change tracking"):
            for _ in range(_ATTEMPTS):
                current, generation = await self._redis.mget(keys[0], keys[3])
                expected = "" if current is None else _text(current)
                token = None if generation is None else _text(generation)
                if expected == digest:
                    if since is not None and token == since:
                        return TrackState(digest), Observation(token, None)
                    return TrackState(digest), Observation(token, await self._rows(keys[1]))
                existing = await self._rows(keys[1])
                todo = plan(existing, records, now, digest)
                rows = {**existing, **todo.rows}
                token = secrets.token_hex(8)
                args: list[Any] = [expected, digest, orjson.dumps({
                    key: [t.fingerprint, t.first_seen, t.changed_at, t.deleted_at]
                    for key, t in rows.items()
                }), token]  # fmt: skip
                for key, snapshot in todo.snapshots.items():
                    args += [key, snapshot]
                if await self._apply(keys=keys, args=args):
                    return todo.state, Observation(token, rows)
        raise StoreUnavailable(
            f"Change tracking of {type_} is too busy (kept losing races); try again shortly."
        )

    async def states(self, tenant: str, type_: str) -> dict[str, Tracked]:
        with unavailable("change tracking"):
            return await self._rows(self._keys(tenant, type_)[1])

    async def deleted(self, tenant: str, type_: str) -> list[Deleted]:
        _, rows_key, snaps_key, _ = self._keys(tenant, type_)
        with unavailable("change tracking"):
            rows = await self._rows(rows_key)
            gone = sorted(k for k, t in rows.items() if t.deleted_at is not None)
            snaps: list[Any] = await self._redis.hmget(snaps_key, gone) if gone else []
        return [
            Deleted(key, snap or b"", rows[key].deleted_at or 0.0)
            for key, snap in zip(gone, snaps, strict=True)
        ]

    async def _rows(self, rows_key: str) -> dict[str, Tracked]:
        raw = await self._redis.get(rows_key)
        if raw is None:
            return {}
        return {key: Tracked(*row) for key, row in orjson.loads(raw).items()}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
