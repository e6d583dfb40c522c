"""Client-side spacing of calls that Flatchr rate-limits (CV downloads: 1 request/s/company)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class QueueTimeout(Exception):
    """The caller's turn would come after its deadline."""


class Throttle:
    """At most one call start per `interval` seconds; callers are served one at a time, in
    arrival order, and each holds its turn until its call has finished, so two calls never
    overlap upstream either.

    `starts` keeps the loop-clock start times of the latest calls (for tests and debugging).
    """

    def __init__(self, interval: float, history: int = 32) -> None:
        self.interval = interval
        self._lock = asyncio.Lock()
        self._last: float | None = None
        self.starts: deque[float] = deque(maxlen=history)

    @asynccontextmanager
    async def slot(self, deadline: float) -> AsyncIterator[float]:
        """Wait for this caller's turn and hold it for one call; yields the seconds waited.

        `deadline` is on the event loop's clock; raises `QueueTimeout` as soon as the turn
        cannot start before it.
        """
        loop = asyncio.get_running_loop()
        began = loop.time()
        try:
            async with asyncio.timeout_at(deadline):
                await self._lock.acquire()
        except TimeoutError:
            raise QueueTimeout from None
        try:
            if self._last is not None:
                start_at = self._last + self.interval
                if start_at >= deadline:
                    raise QueueTimeout
                delay = start_at - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            self._last = loop.time()
            self.starts.append(self._last)
            yield self._last - began
        finally:
            self._lock.release()
