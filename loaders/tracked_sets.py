"""The tracked sets that are not one snapshot: job stages (every job x column), screening
questions (the details of every job), a candidate's tags (its applicants' traits), each read
through the request's loaders and tracked once per version of the documents it comes from."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from loaders.tracked import tracked_list
from loaders.tracking import TrackedList
from unified import mapping
from unified.model import CandidateTagRecord, JobStageRecord, PersonRecord, QuestionRecord

if TYPE_CHECKING:
    from loaders.loaders import Loaders


async def tracked(
    loaders: Loaders, type_: str, cls: type, docs: list[Any], records: Callable[[], list[Any]]
) -> TrackedList[Any]:
    """A complete set of records built from `docs`, tracked under `type_` (untracked in
    naive mode or without a store)."""
    if loaders.tracker is None:
        return TrackedList(records(), {}, ok=False)
    memo, tenant = loaders.documents.cache.memo, loaders.documents.tenant
    versions = tuple(d.version for d in docs)
    return await tracked_list(memo, loaders.tracker, tenant, type_, cls, versions, records)


async def job_stages(loaders: Loaders) -> TrackedList[JobStageRecord]:
    """Every job's pipeline (job x column), tracked as one set."""
    docs = await loaders.document.load_many([("vacancies", "*"), ("columns", "*")])
    jobs, stages = await asyncio.gather(loaders.jobs(), loaders.stages())
    return await tracked(loaders, "JobStage", JobStageRecord, docs, lambda: [
        s for j in jobs.jobs for s in mapping.map_job_stages(j.key, stages.columns)
    ])  # fmt: skip


async def job_stages_by_job(loaders: Loaders) -> dict[str, list[JobStageRecord]]:
    """The live job stages grouped by job (grouped once per request)."""
    if loaders._stages_by_job is None:
        grouped: dict[str, list[JobStageRecord]] = {}
        for stage in (await job_stages(loaders)).live:
            grouped.setdefault(stage.job_key, []).append(stage)
        loaders._stages_by_job = grouped
    return loaders._stages_by_job


async def questions(loaders: Loaders) -> TrackedList[QuestionRecord]:
    """Every screening question of the company: the union over its vacancies' details
    (one V2 call per vacancy; Flatchr has no question collection)."""
    jobs = await loaders.jobs()
    docs = await loaders.document.load_many([("vacancy_details", j.key) for j in jobs.jobs])

    def union() -> list[QuestionRecord]:
        found: dict[str, QuestionRecord] = {}
        for doc in docs:
            for q in doc.value.questions or []:
                found.setdefault(q.id, mapping.map_question(q))
        return sorted(found.values(), key=lambda q: q.key)

    return await tracked(loaders, "ScreeningQuestion", QuestionRecord, docs, union)


async def candidate_tags(loaders: Loaders, person: PersonRecord) -> TrackedList[CandidateTagRecord]:
    """A candidate's tags (the traits of all its applicants), tracked per candidate."""
    keys = [("tags", "*"), *(("traits", k) for k in person.application_keys)]
    docs = await loaders.document.load_many(keys)
    tags = await loaders.tags()
    traits = [d.value for d in docs[1:]]
    return await tracked(loaders,
        f"CandidateTag:{person.key}", CandidateTagRecord, docs,
        lambda: mapping.map_candidate_tags(person.key, traits, tags.all_by_hashid),
    )  # fmt: skip
