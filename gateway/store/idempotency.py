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
process) and `RedisIdempotency` (idempotency_redis.py; claim and complete are atomic).
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

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
class Record:
    """What a backend stores per key: a pending claim, or a finished write's outcome."""

    done: bool
    fingerprint: str
    outcome: bytes | None


def verdict(record: Record, fingerprint: str) -> ClaimResult:
    """What a claim finds when the key is already taken."""
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
    async def _peek(self, tenant: str, key: str) -> Record | None: ...

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
        self._records: dict[tuple[str, str], tuple[Record, float]] = {}

    async def claim(self, tenant: str, key: str, fingerprint: str) -> ClaimResult:
        found = await self._peek(tenant, key)
        if found is not None:
            return verdict(found, fingerprint)
        if len(self._records) > 10_000:
            self._prune()
        record = Record(False, fingerprint, None)
        self._records[tenant, key] = (record, self._clock() + self.claim_ttl)
        return Claimed()

    async def complete(self, tenant: str, key: str, outcome: bytes) -> bool:
        found = await self._peek(tenant, key)
        if found is None or found.done:
            return False
        done = Record(True, found.fingerprint, outcome)
        self._records[tenant, key] = (done, self._clock() + self.ttl)
        return True

    async def release(self, tenant: str, key: str) -> None:
        found = await self._peek(tenant, key)
        if found is not None and not found.done:
            del self._records[tenant, key]

    async def _peek(self, tenant: str, key: str) -> Record | None:
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
