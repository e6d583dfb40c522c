"""Single-flight in one process (concurrent callers of one key share one task), and the
lock a fetch holds so that processes sharing Redis fetch once.

The fetch runs in a task of its own, so a caller that goes away (its client disconnected,
its deadline passed) never cancels it for the others; but once the LAST caller waiting on a
task has gone, nobody needs its answer and it is cancelled, which closes the upstream
request. A background refresh counts as a caller: it keeps its fetch going on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from gateway.core.errors import StoreUnavailable
from gateway.store.locks import Locks

logger = logging.getLogger("gateway.cache")

T = TypeVar("T")


class Flights(Generic[T]):
    """Tasks by key, with the number of callers waiting on each."""

    def __init__(self) -> None:
        self.tasks: dict[str, asyncio.Task[T]] = {}
        self._waiters: dict[asyncio.Task[T], int] = {}

    async def join(self, key: str, start: Callable[[], Awaitable[T]]) -> T:
        """The result of the task of `key`, started with `start()` when there is none."""
        task = self.tasks.get(key)
        if task is None:
            task = asyncio.ensure_future(start())
            self.tasks[key] = task
            task.add_done_callback(lambda done: self._settle(key, done))
        self._waiters[task] = self._waiters.get(task, 0) + 1
        try:
            # shield: a cancelled caller stops waiting without cancelling the task ...
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            # ... unless it was the last one waiting: then nobody needs the answer.
            if self._waiters.get(task) == 1 and not task.done():
                task.cancel()
            raise
        finally:
            left = self._waiters.pop(task, 1) - 1
            if left > 0:
                self._waiters[task] = left

    def waiting(self, key: str) -> int:
        """How many callers wait on the task of `key` (0: none running)."""
        task = self.tasks.get(key)
        return 0 if task is None else self._waiters.get(task, 0)

    def _settle(self, key: str, task: asyncio.Task[T]) -> None:
        if self.tasks.get(key) is task:
            del self.tasks[key]
        if not task.cancelled():
            task.exception()  # retrieved: the waiters raise it; nobody else must log it


@contextlib.asynccontextmanager
async def hold(
    name: str,
    locks: Locks,
    fallback: Locks,
    *,
    wait: float,
    lease: float,
    failed: Callable[[BaseException], None],
) -> AsyncIterator[None]:
    """Hold lock `name` of `locks` (Redis leases, or this process's), or of `fallback` (this
    process's) when `locks` raise StoreUnavailable (`failed` is told). After `wait` seconds the
    caller goes ahead without it: a stuck holder must not stop reads."""
    async with contextlib.AsyncExitStack() as stack:
        try:
            try:
                await stack.enter_async_context(locks.hold(name, lease, timeout=wait, poll=0.02))
            except StoreUnavailable as exc:
                failed(exc)
                await stack.enter_async_context(fallback.hold(name, lease, timeout=wait, poll=0.02))
        except TimeoutError:
            logger.warning("lock %s still held after %g s; going ahead", name, wait)
        yield
