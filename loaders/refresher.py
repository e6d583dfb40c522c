"""The background refresher (design §6): every tenant's collections fetched on a timer, so that
changes and deletions reach the tracking store without query traffic.

Every `interval` seconds (+/- `jitter`, a fraction, so instances drift apart; the first round a
random part of an interval after start-up), for each tenant:
take the lease `refresh:<tenant>` (RedisLocks with Redis: one per deployment; LocalLocks
otherwise: one per process) with a ttl of `(1 - jitter) * interval`, fetch the four collections
(vacancies, columns, applicants, tags) whatever their cache freshness, and build the tracked
snapshots from them (which observes them). The lease is renewed while the refresh runs and is
NOT released after it: it expires on its own, so across every instance a tenant is refreshed at
most once per `(1 - jitter) * interval`, and a crashed holder stops nobody for longer than
that. Per-entity documents (a vacancy's details, an applicant's traits) are not refreshed:
they are tracked when read. A failed refresh is logged and retried at the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Iterable

from gateway.core.settings import IntegrationConfig
from gateway.store.locks import Locks
from loaders.tenant import TenantData

logger = logging.getLogger("gateway.refresher")

COLLECTIONS = ("vacancies", "columns", "applicants", "tags")

#: integration -> that tenant's per-call data access (fresh loaders each refresh)
OpenTenant = Callable[[IntegrationConfig], TenantData]


class Refresher:
    def __init__(
        self, integrations: Iterable[IntegrationConfig], open_tenant: OpenTenant, locks: Locks,
        *, interval: float, jitter: float = 0.1,
    ) -> None:  # fmt: skip
        self.integrations = list(integrations)
        self.open_tenant = open_tenant
        self.locks = locks
        self.interval = interval
        self.jitter = jitter
        #: refreshes done by this process (metrics, tests)
        self.refreshes = 0
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    def start(self) -> None:
        if self.interval > 0 and self.integrations and self._task is None:
            self._stopping = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self, grace: float = 5.0) -> None:
        """Stop after the refresh under way (cancelled if it takes longer than `grace`: a
        refresh cut short leaves its connections to be closed by their owners)."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _pause(self, seconds: float) -> None:
        """Sleep, or return at once when stopping (then leave the loop)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
        if self._stopping.is_set():
            raise _Stopped

    @property
    def lease_ttl(self) -> float:
        return (1 - self.jitter) * self.interval

    async def _run(self) -> None:
        with contextlib.suppress(_Stopped):
            await self._rounds()

    async def _rounds(self) -> None:
        # The first round after a random part of an interval: instances started together
        # spread out, and start-up is not slowed by a refresh of every tenant.
        await self._pause(random.uniform(0, self.interval))
        while True:
            for integration in self.integrations:
                if self._stopping.is_set():
                    return
                try:
                    await self.refresh(integration)
                except Exception as exc:  # logged; the next tick tries again
                    code = getattr(getattr(exc, "code", None), "value", type(exc).__name__)
                    logger.warning("refresh of %s failed: %s", integration.id, code)
            spread = self.interval * self.jitter
            await self._pause(self.interval + random.uniform(-spread, spread))

    async def refresh(self, integration: IntegrationConfig) -> bool:
        """Refresh one tenant if its lease is free; False when another holder has it."""
        data = self.open_tenant(integration)
        lease = await self.locks.try_acquire(f"refresh:{data.tenant}", self.lease_ttl)
        if lease is None:
            return False
        async with lease.kept():  # renewed while the (long) refresh runs, then left to expire
            await asyncio.gather(*(data.documents.refetch(name) for name in COLLECTIONS))
            loaders = data.loaders
            await asyncio.gather(loaders.applications(), loaders.candidates(), loaders.tags())
            await loaders.job_stages()
        self.refreshes += 1
        return True


class _Stopped(Exception):
    """Raised out of a pause when the refresher is stopping."""
