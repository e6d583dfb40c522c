"""Named locks with an expiry, so that a crashed holder never blocks the others for good.

Used where one process at a time must do a job (the background refresher: "one instance
refreshes a tenant at a time"). A lock is a lease: it expires `ttl` seconds after it was taken
or last renewed, and only the holder of its random token can renew or release it, so a holder
that was too slow (its lease expired, someone else took it) cannot remove the new holder's lock.

    lease = await locks.try_acquire("refresh:acme", ttl=30)   # None: someone else has it
    async with locks.hold("refresh:acme", ttl=30) as lease:   # waits; renews every ttl/3
        ...; if lease.lost: stop writing
    async with lease.kept(): ...                              # renewed, not released after

Backends: `LocalLocks` (one process: a dict) and `RedisLocks` (every process sharing Redis:
acquire, renew and release are Lua scripts that compare the holder's token first, so a
command retried after a lost reply finds its own lock instead of a rival's).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable

from redis.asyncio import Redis

from gateway.core.errors import StoreUnavailable
from gateway.store.redis_client import millis, unavailable

logger = logging.getLogger("gateway.store.locks")


class Lease:
    """A held lock. `lost` turns true when a renewal finds the lock expired or taken."""

    def __init__(self, locks: Locks, name: str, token: str, ttl: float) -> None:
        self.locks = locks
        self.name = name
        self.token = token
        self.ttl = ttl
        self.lost = False

    async def renew(self, ttl: float | None = None) -> bool:
        """Push the expiry `ttl` (default: the lease's) seconds away; False if no longer held."""
        if self.lost:
            return False
        ok = await self.locks._renew(self.name, self.token, ttl or self.ttl)
        self.lost = not ok
        return ok

    async def release(self) -> None:
        """Give the lock up (a no-op when it already expired or was taken over)."""
        await self.locks._release(self.name, self.token)
        self.lost = True

    @contextlib.asynccontextmanager
    async def kept(self) -> AsyncIterator[Lease]:
        """Keep the lease renewed (every ttl/3) while the block runs; it is not released."""
        done = asyncio.Event()
        keeper = asyncio.create_task(_keep_renewed(self, done))
        try:
            yield self
        finally:
            done.set()
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper


class Locks(ABC):
    """The lock API; backends implement the three atomic primitives below."""

    async def try_acquire(self, name: str, ttl: float) -> Lease | None:
        """Take the lock if it is free (or its holder's lease expired); None otherwise."""
        token = secrets.token_hex(16)
        try:
            acquired = await self._acquire(name, token, ttl)
        except asyncio.CancelledError:
            # The command may have run before the cancellation: give back what may be ours,
            # or the others would wait out the whole lease for nobody.
            with contextlib.suppress(Exception):
                await asyncio.shield(self._release(name, token))
            raise
        if acquired:
            return Lease(self, name, token, ttl)
        return None

    @contextlib.asynccontextmanager
    async def hold(
        self, name: str, ttl: float, *, timeout: float | None = None, poll: float = 0.05
    ) -> AsyncIterator[Lease]:
        """Wait for the lock (TimeoutError after `timeout` seconds), keep it renewed while the
        block runs, release it at the end, even when the block fails or is cancelled."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (lease := await self.try_acquire(name, ttl)) is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"lock {name!r} still held by someone else")
            await asyncio.sleep(poll)
        try:
            async with lease.kept():
                yield lease
        finally:
            with contextlib.suppress(StoreUnavailable):  # it will expire on its own
                # shielded: a second cancellation must not leave the lock to its expiry
                await asyncio.shield(lease.release())

    @abstractmethod
    async def _acquire(self, name: str, token: str, ttl: float) -> bool: ...

    @abstractmethod
    async def _renew(self, name: str, token: str, ttl: float) -> bool: ...

    @abstractmethod
    async def _release(self, name: str, token: str) -> bool: ...


async def _keep_renewed(lease: Lease, done: asyncio.Event) -> None:
    """Renew every ttl/3 until `done` is set: two renewals may fail (a Redis blip) before the
    lease runs out. Stopped by the event, not only by cancellation: a cancellation lost inside
    the Redis client would otherwise keep the lock renewed, and its holder waiting, forever."""
    while not lease.lost:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), lease.ttl / 3)
        if done.is_set():
            return
        try:
            await lease.renew()
        except Exception:  # a Redis blip: the next renewal may still do
            logger.warning("could not renew lock %s; retrying", lease.name)
    logger.warning("lock %s was lost (expired or taken over)", lease.name)


class LocalLocks(Locks):
    """Locks for one process (asyncio tasks of one event loop); `clock` for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._held: dict[str, tuple[str, float]] = {}  # name -> (token, expires at)

    def _holder(self, name: str) -> str | None:
        held = self._held.get(name)
        if held is None or held[1] <= self._clock():
            return None
        return held[0]

    async def _acquire(self, name: str, token: str, ttl: float) -> bool:
        if self._holder(name) is not None:
            return False
        self._held[name] = (token, self._clock() + ttl)
        return True

    async def _renew(self, name: str, token: str, ttl: float) -> bool:
        if self._holder(name) != token:
            return False
        self._held[name] = (token, self._clock() + ttl)
        return True

    async def _release(self, name: str, token: str) -> bool:
        if self._holder(name) != token:
            return False
        del self._held[name]
        return True


# The token is compared first: when a reply is lost and redis-py sends the command again, the
# retry finds the lock holding its own token and succeeds, instead of waiting out its own lease.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
"""

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisLocks(Locks):
    """Locks shared by every process using this Redis; key `<prefix>lock:<name>` holds the
    holder's token and expires with the lease."""

    def __init__(self, client: Redis, *, prefix: str = "gw:") -> None:
        self._redis = client
        self._prefix = prefix
        self._acquire_script = client.register_script(_ACQUIRE)
        self._renew_script = client.register_script(_RENEW)
        self._release_script = client.register_script(_RELEASE)

    def _key(self, name: str) -> str:
        return f"{self._prefix}lock:{name}"

    async def _acquire(self, name: str, token: str, ttl: float) -> bool:
        with unavailable("locks"):
            return bool(
                await self._acquire_script(keys=[self._key(name)], args=[token, millis(ttl)])
            )

    async def _renew(self, name: str, token: str, ttl: float) -> bool:
        with unavailable("locks"):
            return bool(await self._renew_script(keys=[self._key(name)], args=[token, millis(ttl)]))

    async def _release(self, name: str, token: str) -> bool:
        with unavailable("locks"):
            return bool(await self._release_script(keys=[self._key(name)], args=[token]))
