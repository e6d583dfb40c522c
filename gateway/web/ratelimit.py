"""The per-key rate limit (429 with Retry-After past it)."""

from __future__ import annotations

import time


class RateLimiter:
    """Per-key token bucket, in memory: `rate` tokens a second, at most `burst` saved up."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}

    def acquire(self, key: str, tokens: int = 1) -> float:
        """Take `tokens` (one per operation; at most `burst`): 0.0 when allowed, else the
        seconds until they are available (none is taken then)."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        held, last = self._buckets.get(key, (self.burst, now))
        held = min(self.burst, held + (now - last) * self.rate)
        wanted = min(float(tokens), self.burst)
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
