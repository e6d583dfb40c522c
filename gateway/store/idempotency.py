"""Idempotency records: a write retried with the same key is answered, not performed again.

Per (tenant, idempotency key) the store keeps the request's fingerprint and, once the write
is done, its outcome (JSON bytes) for `ttl` (24 h by default). The write path:

    match await store.claim(tenant, key, fingerprint):
        case Claimed():    perform the write, then complete(tenant, key, outcome_json),
                           or release(tenant, key) when it failed in a way worth retrying
        case Existing(o):  answer o (the first call's outcome), without calling Flatchr
        case InProgress(): await wait_for(tenant, key, timeout), then claim again
        case Mismatch():   the key was used for a different request: refuse

A claim is itself a short lease (`claim_ttl`): if the claiming process dies mid-write, the key
frees itself instead of answering "in progress" for a day. Backends: `MemoryIdempotency` (one
process) and `RedisIdempotency` (all processes; claim and complete are Lua scripts, atomic).
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from redis.asyncio import Redis

from gateway.store.redis_client import millis, unavailable

DAY = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Claimed:
    """The caller owns the key: it performs the write."""


@dataclass(frozen=True, slots=True)
class Existing:
    """The write was already done; `outcome` is what it answered."""

    outcome: bytes


@dataclass(frozen=True, slots=True)
class InProgress:
    """Another call with the same key and request is performing the write right now."""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The key was already used for a request with a different fingerprint."""


ClaimResult = Claimed | Existing | InProgress | Mismatch


@dataclass(frozen=True, slots=True)
class _Record:
    done: bool
    fingerprint: str
    outcome: bytes | None


def _verdict(record: _Record, fingerprint: str) -> ClaimResult:
    if record.fingerprint != fingerprint:
        return Mismatch()
    if record.done and record.outcome is not None:
        return Existing(record.outcome)
    return InProgress()


class Idempotency(ABC):
    """The store API; `ttl` keeps outcomes, `claim_ttl` bounds an unfinished claim."""

    def __init__(self, *, ttl: float = DAY, claim_ttl: float = 120.0) -> None:
        self.ttl = ttl
        self.claim_ttl = claim_ttl

    @abstractmethod
    async def claim(self, tenant: str, key: str, fingerprint: str) -> ClaimResult: ...

    @abstractmethod
    async def complete(self, tenant: str, key: str, outcome: bytes) -> bool:
        """Record the outcome of a claimed write; False if the claim had already lapsed."""

    @abstractmethod
    async def release(self, tenant: str, key: str) -> None:
        """Drop an unfinished claim (a failure the caller may retry); outcomes are kept."""

    @abstractmethod
    async def _peek(self, tenant: str, key: str) -> _Record | None: ...

    async def wait_for(self, tenant: str, key: str, timeout: float) -> Existing | None:
        """The outcome once the concurrent call completes; None when its claim went away
        (released or lapsed) or `timeout` passed: claim again to learn which."""
        deadline = time.monotonic() + timeout
        pause = 0.02
        while True:
            record = await self._peek(tenant, key)
            if record is None:
                return None
            if record.done and record.outcome is not None:
                return Existing(record.outcome)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            await asyncio.sleep(min(pause, left))
            pause = min(pause * 2, 0.25)


class MemoryIdempotency(Idempotency):
    """One process's records, in a dict; `clock` for tests."""

    def __init__(
        self,
        *,
        ttl: float = DAY,
        claim_ttl: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(ttl=ttl, claim_ttl=claim_ttl)
        self._clock = clock
        self._records: dict[tuple[str, str], tuple[_Record, float]] = {}

    async def claim(self, tenant: str, key: str, fingerprint: str) -> ClaimResult:
        found = await self._peek(tenant, key)
        if found is not None:
            return _verdict(found, fingerprint)
        if len(self._records) > 10_000:
            self._prune()
        record = _Record(False, fingerprint, None)
        self._records[tenant, key] = (record, self._clock() + self.claim_ttl)
        return Claimed()

    async def complete(self, tenant: str, key: str, outcome: bytes) -> bool:
        found = await self._peek(tenant, key)
        if found is None or found.done:
            return False
        done = _Record(True, found.fingerprint, outcome)
        self._records[tenant, key] = (done, self._clock() + self.ttl)
        return True

    async def release(self, tenant: str, key: str) -> None:
        found = await self._peek(tenant, key)
        if found is not None and not found.done:
            del self._records[tenant, key]

    async def _peek(self, tenant: str, key: str) -> _Record | None:
        entry = self._records.get((tenant, key))
        if entry is None:
            return None
        if entry[1] <= self._clock():
            del self._records[tenant, key]
            return None
        return entry[0]

    def _prune(self) -> None:
        now = self._clock()
        for k in [k for k, (_, expires) in self._records.items() if expires <= now]:
            del self._records[k]


_CLAIM = """
local cur = redis.call('HMGET', KEYS[1], 'state', 'fp', 'outcome')
if cur[1] then return cur end
redis.call('HSET', KEYS[1], 'state', 'pending', 'fp', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return nil
"""

_COMPLETE = """
if redis.call('HGET', KEYS[1], 'state') ~= 'pending' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'outcome', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""

_RELEASE = """
if redis.call('HGET', KEYS[1], 'state') == 'pending' then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisIdempotency(Idempotency):
    """Records shared by every process: hash `<prefix>idem:<tenant>:<key>` with `state`
    (pending|done), `fp` and `outcome`. The claim is one script that either creates the
    pending record or returns the existing one, so two racing claims cannot both win and
    there is no gap between "SET NX failed" and reading what is there."""

    def __init__(
        self, client: Redis, *, ttl: float = DAY, claim_ttl: float = 120.0, prefix: str = "gw:"
    ) -> None:
        super().__init__(ttl=ttl, claim_ttl=claim_ttl)
        self._redis = client
        self._prefix = prefix
        self._claim = client.register_script(_CLAIM)
        self._complete = client.register_script(_COMPLETE)
        self._release = client.register_script(_RELEASE)

    def _key(self, tenant: str, key: str) -> str:
        return f"{self._prefix}idem:{tenant}:{key}"

    async def claim(self, tenant: str, key: str, fingerprint: str) -> ClaimResult:
        with unavailable("idempotency"):
            found = await self._claim(
                keys=[self._key(tenant, key)], args=[fingerprint, millis(self.claim_ttl)]
            )
        if found is None:
            return Claimed()
        return _verdict(_decode(found), fingerprint)

    async def complete(self, tenant: str, key: str, outcome: bytes) -> bool:
        with unavailable("idempotency"):
            done = await self._complete(
                keys=[self._key(tenant, key)], args=[outcome, millis(self.ttl)]
            )
        return bool(done)

    async def release(self, tenant: str, key: str) -> None:
        with unavailable("idempotency"):
            await self._release(keys=[self._key(tenant, key)])

    async def _peek(self, tenant: str, key: str) -> _Record | None:
        with unavailable("idempotency"):
            found = await self._redis.hmget(self._key(tenant, key), ["state", "fp", "outcome"])
        return None if found[0] is None else _decode(found)


def _decode(fields: list[bytes | None]) -> _Record:
    state, fp, outcome = fields
    return _Record(state == b"done", (fp or b"").decode(), outcome)
