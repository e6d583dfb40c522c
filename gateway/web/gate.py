"""The concurrency gate: excess requests get 503 at once instead of joining a growing queue."""

from __future__ import annotations


class ConcurrencyGate:
    """At most `limit` requests in flight; the next one is refused at once, not queued."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0

    def try_enter(self) -> bool:
        if self.active >= self.limit:
            return False
        self.active += 1
        return True

    def leave(self) -> None:
        self.active -= 1
