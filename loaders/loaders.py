"""Per-request DataLoaders: the only per-request memo.

`document` reads upstream documents (through the cross-request cache) and `snapshot` maps
them into the tenant's snapshots (through the derived memo, keyed by document versions); both
memoise within the request, so a query reads each document and builds each snapshot once.
The keyed loaders turn a batch of N keys into one snapshot lookup (one upstream collection
call at most, usually none); per-entity loaders (vacancy details V2, applicant traits T2)
fetch their batch concurrently, each key through the cache. A missing key is None; an
upstream failure fails only its own keys.

In naive mode (benchmarks) the loaders neither batch nor memoise, and nothing is derived
from a memo: every access calls Flatchr, as a gateway without loaders would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from gateway.core import tracing
from gateway.core.settings import IntegrationConfig
from gateway.flatchr.models import Trait, Vacancy
from loaders import snapshots as snap
from loaders import tracked_sets
from loaders.documents import Documents
from loaders.tracked import tracked_snapshot
from loaders.tracking import TrackedList, Tracker
from unified import mapping
from unified.model import (
    ApplicationRecord,
    CandidateTagRecord,
    JobQuestionRecord,
    JobRecord,
    JobStageRecord,
    PersonRecord,
    QuestionRecord,
    StageRecord,
    TagRecord,
)

T = TypeVar("T")
DocKey = tuple[str, str]
#: a job's question links (tracked: the live ones and the deleted ones) and its questions by key
JobQuestions = tuple["TrackedList[JobQuestionRecord]", dict[str, QuestionRecord]]


class Loaders:
    """The loaders of one request, and typed access to the tenant's snapshots."""

    def __init__(
        self, documents: Documents, integration: IntegrationConfig, tracker: Tracker | None = None
    ) -> None:
        self.documents = documents
        self.integration = integration
        self.naive = documents.naive
        #: None (or naive mode): records keep their remote timestamps, nothing is deleted
        self.tracker = None if documents.naive else tracker
        self._stages_by_job: dict[str, list[JobStageRecord]] | None = None
        self._opts: dict[str, Any] = {"cache": False, "max_batch_size": 1} if self.naive else {}
        make = self._make
        self.document: DataLoader[DocKey, Any] = make("document", self._documents)
        # One snapshot per batch: snapshots build on each other (applications on jobs), and a
        # batch's results are only delivered when the whole batch is done.
        self.snapshot: DataLoader[str, Any] = make("snapshot", self._snapshots, max_batch_size=1)
        self.job_by_key: DataLoader[str, JobRecord | None] = make(
            "job_by_key", self._by_key("jobs")
        )
        self.stage_by_key: DataLoader[str, StageRecord | None] = make(
            "stage_by_key", self._by_key("stages")
        )
        self.application_by_key: DataLoader[str, ApplicationRecord | None] = make(
            "application_by_key", self._by_key("applications")
        )
        self.applications_by_job: DataLoader[str, list[ApplicationRecord]] = make(
            "applications_by_job", self._applications_by("by_job")
        )
        self.applications_by_candidate: DataLoader[str, list[ApplicationRecord]] = make(
            "applications_by_candidate", self._applications_by("by_candidate")
        )
        self.candidate_by_key: DataLoader[str, PersonRecord | None] = make(
            "candidate_by_key", self._by_key("candidates")
        )
        self.tag_by_key: DataLoader[str, TagRecord | None] = make(
            "tag_by_key", self._by_key("tags")
        )
        self.vacancy_details_by_key: DataLoader[str, Vacancy | None] = make(
            "vacancy_details_by_key", self._vacancy_details
        )
        self.traits_by_applicant: DataLoader[str, list[Trait]] = make(
            "traits_by_applicant", self._traits
        )
        self.job_questions_by_key: DataLoader[str, JobQuestions] = make(
            "job_questions_by_key", self._job_questions
        )

    def _make(
        self, name: str, batch: Callable[[list[Any]], Awaitable[list[Any]]], **opts: Any
    ) -> Any:
        """A DataLoader whose batches each run in one span (never one per key or field)."""

        async def traced(keys: list[Any]) -> list[Any]:
            with tracing.span(f"loader {name}", **{"loader.keys": len(keys)}):
                return await batch(keys)

        return DataLoader(traced, **{**opts, **self._opts})

    # ------------------------------------------------------------ snapshots

    def ready(self, name: str) -> Any:
        """The snapshot if this request has already built it (read from the snapshot
        loader's own memo), so a resolver can answer synchronously; else None."""
        if self.naive:
            return None
        future = self.snapshot.cache_map.get(name)
        if future is None or not future.done() or future.cancelled() or future.exception():
            return None
        return future.result()

    async def jobs(self) -> snap.JobsSnapshot:
        return await self.snapshot.load("jobs")  # type: ignore[no-any-return]

    async def stages(self) -> snap.StagesSnapshot:
        return await self.snapshot.load("stages")  # type: ignore[no-any-return]

    async def applications(self) -> snap.ApplicationsSnapshot:
        return await self.snapshot.load("applications")  # type: ignore[no-any-return]

    async def candidates(self) -> snap.CandidatesSnapshot:
        return await self.snapshot.load("candidates")  # type: ignore[no-any-return]

    async def tags(self) -> snap.TagsSnapshot:
        return await self.snapshot.load("tags")  # type: ignore[no-any-return]

    async def _snapshots(self, names: list[str]) -> list[Any]:
        return [await self._build(name) for name in names]

    async def _build(self, name: str) -> Any:
        if name == "applications":
            docs = await self.document.load_many(
                [("vacancies", "*"), ("columns", "*"), ("applicants", "*")]
            )
            jobs, stages = await asyncio.gather(self.jobs(), self.stages())
            raw = self._derive(
                name, docs, lambda: snap.build_applications(docs[2].value, jobs, stages)
            )
        else:
            resource, build = _SINGLE[name]
            docs = [await self.document.load((resource, "*"))]
            raw = self._derive(name, docs, lambda: build(docs[0].value, self.integration))
        if self.tracker is None:
            return raw
        memo, tenant = self.documents.cache.memo, self.documents.tenant
        versions = tuple(d.version for d in docs)
        return await tracked_snapshot(memo, self.tracker, tenant, name, versions, raw)

    def _derive(self, name: str, docs: list[Any], build: Callable[[], T]) -> T:
        if self.naive:
            return build()
        versions = tuple(d.version for d in docs)
        memo = self.documents.cache.memo
        return memo.derive((self.documents.tenant, name), versions, build)

    # ------------------------------------------------------------ tracked sets

    async def job_stages(self) -> TrackedList[JobStageRecord]:
        return await tracked_sets.job_stages(self)

    async def job_stages_by_job(self) -> dict[str, list[JobStageRecord]]:
        return await tracked_sets.job_stages_by_job(self)

    async def questions(self) -> TrackedList[QuestionRecord]:
        return await tracked_sets.questions(self)

    async def candidate_tags(self, person: PersonRecord) -> TrackedList[CandidateTagRecord]:
        return await tracked_sets.candidate_tags(self, person)

    # ------------------------------------------------------------ batch functions

    async def _documents(self, keys: list[DocKey]) -> list[Any]:
        loads = (self.documents.load(*k) for k in keys)
        return list(await asyncio.gather(*loads, return_exceptions=True))

    def _by_key(self, name: str) -> Callable[[list[str]], Awaitable[list[Any]]]:
        async def batch(keys: list[str]) -> list[Any]:
            found = await self.snapshot.load(name)
            # a deleted record is still found by its id, with its remoteDeletedAt
            return [found.by_key.get(k) or found.deleted.get(k) for k in keys]

        return batch

    def _applications_by(self, index: str) -> Callable[[list[str]], Awaitable[list[Any]]]:
        async def batch(keys: list[str]) -> list[Any]:
            by = getattr(await self.applications(), index)
            return [by.get(k, []) for k in keys]

        return batch

    async def _vacancy_details(self, keys: list[str]) -> list[Any]:
        jobs = await self.jobs()
        known = [k for k in keys if k in jobs.by_key]
        docs = dict(zip(known, await self._each_document("vacancy_details", known), strict=True))
        return [docs.get(k) for k in keys]

    async def _traits(self, keys: list[str]) -> list[Any]:
        return await self._each_document("traits", keys)

    async def _each_document(self, resource: str, keys: list[str]) -> list[Any]:
        """Each key's parsed document, through the request's document loader; an exception
        fails only its own key."""
        loads = (self.document.load((resource, k)) for k in keys)
        found = await asyncio.gather(*loads, return_exceptions=True)
        return [d if isinstance(d, BaseException) else d.value for d in found]

    async def _job_questions(self, keys: list[str]) -> list[Any]:
        """A job's questions, mapped once per request and job, tracked per job."""
        found = await asyncio.gather(*(self._questions_of(k) for k in keys), return_exceptions=True)
        return list(found)

    async def _questions_of(self, job_key: str) -> JobQuestions:
        if job_key not in (await self.jobs()).by_key:
            return TrackedList([], {}, ok=False), {}
        doc = await self.document.load(("vacancy_details", job_key))
        links, by_key = _questions(job_key, doc.value)
        tracked = await tracked_sets.tracked(
            self, f"JobScreeningQuestion:{job_key}", JobQuestionRecord, [doc], lambda: links
        )
        if self.tracker is None:
            return tracked, by_key
        tenant, tracker = self.documents.tenant, self.tracker
        known = {k: tracker.stamp_known(tenant, "ScreeningQuestion", q) for k, q in by_key.items()}
        return tracked, known


_SINGLE: dict[str, tuple[str, Callable[[Any, IntegrationConfig], Any]]] = {
    "jobs": ("vacancies", snap.build_jobs),
    "stages": ("columns", lambda columns, _: snap.build_stages(columns)),
    "candidates": ("applicants", lambda rows, _: snap.build_candidates(rows)),
    "tags": ("tags", lambda tags, _: snap.build_tags(tags)),
}


def _questions(
    job_key: str, details: Vacancy | None
) -> tuple[list[JobQuestionRecord], dict[str, QuestionRecord]]:
    if details is None or not details.questions:
        return [], {}
    by_key = {q.id: mapping.map_question(q) for q in details.questions}
    return mapping.map_job_questions(job_key, details.questions), by_key
