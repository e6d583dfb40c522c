"""Per-key token buckets: `rate` tokens a second, at most `burst` saved up.

The contract of `gateway.web.ratelimit.RateLimits.acquire` (0.0 when the call may go ahead,
else the seconds until a token is available, for Retry-After; a rate <= 0 turns it off),
awaited so that the budget can live in Redis and be shared by every process: with several
instances behind a load balancer, a client key gets one budget, not one per process.

`MemoryRateLimiter` keeps buckets in a dict (one process). `RedisRateLimiter` keeps each bucket
in hash `<prefix>rl:<key>` (`tokens`, `ts`, and the last call's token and verdict) and refills
and takes in one Lua script timed by the Redis server's clock, so processes on hosts with
skewed clocks still agree; the hash expires once it would have refilled to `burst` anyway.
"""

from __future__ import annotations

import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

from redis.asyncio import Redis

from gateway.store.redis_client import unavailable


class RateLimit(ABC):
    """A token bucket per key."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)

    async def acquire(self, key: str, tokens: int = 1) -> float:
        """Take `tokens` (at most `burst`): 0.0 when allowed, else the seconds until they are
        available (none is taken then)."""
        if self.rate <= 0:
            return 0.0
        return await self._take(key, min(float(tokens), self.burst))

    @abstractmethod
    async def _take(self, key: str, tokens: float) -> float: ...


class MemoryRateLimiter(RateLimit):
    """Buckets of one process; `clock` for tests."""

    def __init__(
        self, rate: float, burst: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(rate, burst)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    async def _take(self, key: str, tokens: float) -> float:
        return self.take(key, tokens)

    def take(self, key: str, tokens: float = 1) -> float:
        """`acquire` without the await, for callers on a hot path (the same verdicts)."""
        if self.rate <= 0:
            return 0.0
        wanted = min(float(tokens), self.burst)
        now = self._clock()
        held, last = self._buckets.get(key, (self.burst, now))
        held = min(self.burst, held + max(0.0, now - last) * self.rate)
        if held < wanted:
            self._buckets[key] = (held, now)
            return (wanted - held) / self.rate
        self._buckets[key] = (held - wanted, now)
        if len(self._buckets) > 10_000:
            self._prune(now)
        return 0.0

    def _prune(self, now: float) -> None:
        full = self.burst / self.rate
        for key, (_, last) in list(self._buckets.items()):
            if now - last > full:  # refilled to burst: same as no bucket
                del self._buckets[key]


#: ARGV: rate, burst, tokens wanted, a token per call. Returns the wait in seconds as a string
#: (Lua numbers reach Redis as integers otherwise). Times are written with %.6f: tostring()
#: keeps only 14 digits. The call's token and verdict are kept (`last`, `verdict`): a take
#: sent again by redis-py after its reply was lost gets the same verdict and takes nothing.
_TAKE = """
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'last', 'verdict')
if saved[3] == ARGV[4] then return saved[4] end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate, burst, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(saved[1]) or burst
local last = tonumber(saved[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
local wait = 0
if tokens < wanted then wait = (wanted - tokens) / rate else tokens = tokens - wanted end
local verdict = string.format('%.6f', wait)
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens),
           'ts', string.format('%.6f', now), 'last', ARGV[4], 'verdict', verdict)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return verdict
"""


class RedisRateLimiter(RateLimit):
    """Buckets shared by every process using this Redis (see the module docstring)."""

    def __init__(self, client: Redis, rate: float, burst: int, *, prefix: str = "gw:") -> None:
        super().__init__(rate, burst)
        self._prefix = prefix
        self._script = client.register_script(_TAKE)

    async def _take(self, key: str, tokens: float) -> float:
        with unavailable("rate limits"):
            key = f"{self._prefix}rl:{key}"
            call = secrets.token_hex(8)
            wait = await self._script(keys=[key], args=[self.rate, self.burst, tokens, call])
        return float(wait)
