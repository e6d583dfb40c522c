"""Per-request DataLoaders, named by what they load and by which key.

Collection-backed loaders turn a batch of N keys into one snapshot lookup (one upstream
collection call at most, usually none: the snapshot is cached). Per-entity loaders (vacancy
details V2, applicant traits T2) fetch their batch concurrently, each key through the cache.
A missing key is None; an upstream failure fails only its own keys.

In naive mode (benchmarks) the loaders neither batch nor memoise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from gateway.core import tracing
from gateway.flatchr.models import Trait, Vacancy
from loaders.tenant import TenantData
from unified.model import (
    ApplicationRecord,
    JobRecord,
    PersonRecord,
    StageRecord,
    TagRecord,
)

K = TypeVar("K")
V = TypeVar("V")


async def _each(keys: Sequence[K], load_one: Callable[[K], Awaitable[V]]) -> list[Any]:
    """Load keys concurrently; an exception fails only its own key."""
    results = await asyncio.gather(*(load_one(k) for k in keys), return_exceptions=True)
    return list(results)


class Loaders:
    """The loaders of one request."""

    def __init__(self, data: TenantData) -> None:
        self.data = data
        naive = data.settings.naive
        self._opts: dict[str, Any] = {"cache": False, "max_batch_size": 1} if naive else {}
        make = self._make
        self.job_by_key: DataLoader[str, JobRecord | None] = make("job_by_key", self._jobs_by_key)
        self.stage_by_key: DataLoader[str, StageRecord | None] = make(
            "stage_by_key", self._stages_by_key
        )
        self.application_by_key: DataLoader[str, ApplicationRecord | None] = make(
            "application_by_key", self._applications_by_key
        )
        self.applications_by_job: DataLoader[str, list[ApplicationRecord]] = make(
            "applications_by_job", self._applications_by_job
        )
        self.applications_by_candidate: DataLoader[str, list[ApplicationRecord]] = make(
            "applications_by_candidate", self._applications_by_candidate
        )
        self.candidate_by_key: DataLoader[str, PersonRecord | None] = make(
            "candidate_by_key", self._candidates_by_key
        )
        self.tag_by_key: DataLoader[str, TagRecord | None] = make("tag_by_key", self._tags_by_key)
        self.vacancy_details_by_key: DataLoader[str, Vacancy | None] = make(
            "vacancy_details_by_key", self._vacancy_details
        )
        self.traits_by_applicant: DataLoader[str, list[Trait]] = make(
            "traits_by_applicant", self._traits
        )

    def _make(self, name: str, batch: Callable[[list[str]], Awaitable[list[Any]]]) -> Any:
        """A DataLoader whose batches each run in one span (never one per key or field)."""

        async def traced(keys: list[str]) -> list[Any]:
            with tracing.span(f"loader {name}", **{"loader.keys": len(keys)}):
                return await batch(keys)

        return DataLoader(traced, **self._opts)

    async def _jobs_by_key(self, keys: list[str]) -> list[JobRecord | None]:
        snap = await self.data.jobs()
        return [snap.by_key.get(k) for k in keys]

    async def _stages_by_key(self, keys: list[str]) -> list[StageRecord | None]:
        snap = await self.data.stages()
        return [snap.by_key.get(k) for k in keys]

    async def _applications_by_key(self, keys: list[str]) -> list[ApplicationRecord | None]:
        snap = await self.data.applications()
        return [snap.by_key.get(k) for k in keys]

    async def _applications_by_job(self, keys: list[str]) -> list[list[ApplicationRecord]]:
        snap = await self.data.applications()
        return [snap.by_job.get(k, []) for k in keys]

    async def _applications_by_candidate(self, keys: list[str]) -> list[list[ApplicationRecord]]:
        snap = await self.data.applications()
        return [snap.by_candidate.get(k, []) for k in keys]

    async def _candidates_by_key(self, keys: list[str]) -> list[PersonRecord | None]:
        snap = await self.data.candidates()
        return [snap.by_key.get(k) for k in keys]

    async def _tags_by_key(self, keys: list[str]) -> list[TagRecord | None]:
        snap = await self.data.tags()
        return [snap.by_key.get(k) for k in keys]

    async def _vacancy_details(self, keys: list[str]) -> list[Any]:
        jobs = await self.data.jobs()

        async def one(key: str) -> Vacancy | None:
            if key not in jobs.by_key:
                return None
            return await self.data.vacancy_details(key)

        return await _each(keys, one)

    async def _traits(self, keys: list[str]) -> list[Any]:
        return await _each(keys, self.data.traits)
