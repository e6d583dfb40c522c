"""Relationship resolution: every nested field goes through the request's loaders.

Functions return mapped records (the schema's types are views over them). A job's questions
are mapped once per request and job (a loader); its stages come from the stages snapshot.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeAlias, TypeVar

from loaders.tracking import TrackedList
from resolvers.context import Context
from resolvers.filters import ApplicationSpec, filter_applications, with_deleted
from resolvers.pagination import Page, check_first, paginate
from unified import mapping
from unified.model import (
    EPOCH,
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
MaybeAwaitable: TypeAlias = T | Awaitable[T]


def first_arg(ctx: Context, first: int | None) -> int:
    s = ctx.settings
    return check_first(first, default=s.default_first, maximum=s.max_first)


# Lookups by key answer synchronously once the request's snapshot loader holds the snapshot
# (most nested fields), and go through the batched loader otherwise: graphql-core awaits
# whatever is awaitable, and a plain value skips the coroutine and task overhead per row.


def job(ctx: Context, key: str | None) -> MaybeAwaitable[JobRecord | None]:
    if key is None:
        return None
    snap = ctx.loaders.ready("jobs")
    return snap.by_key.get(key) if snap is not None else ctx.loaders.job_by_key.load(key)


def stage(ctx: Context, key: str | None) -> MaybeAwaitable[StageRecord | None]:
    if key is None:
        return None
    snap = ctx.loaders.ready("stages")
    return snap.by_key.get(key) if snap is not None else ctx.loaders.stage_by_key.load(key)


def candidate(ctx: Context, key: str | None) -> MaybeAwaitable[PersonRecord | None]:
    if key is None:
        return None
    snap = ctx.loaders.ready("candidates")
    if snap is not None:
        return snap.by_key.get(key)  # type: ignore[no-any-return]
    return ctx.loaders.candidate_by_key.load(key)


def tag(ctx: Context, key: str | None) -> MaybeAwaitable[TagRecord | None]:
    if key is None:
        return None
    snap = ctx.loaders.ready("tags")
    return snap.by_key.get(key) if snap is not None else ctx.loaders.tag_by_key.load(key)


async def job_remote_data(ctx: Context, job_record: JobRecord) -> dict[str, Any]:
    details = await ctx.loaders.vacancy_details_by_key.load(job_record.key)
    if details is None:
        return job_record.remote_data
    return mapping.with_details(job_record, details).remote_data


async def job_stages(ctx: Context, job_key: str) -> list[JobStageRecord]:
    if ctx.loaders.tracker is not None:  # else (naive mode) straight from the columns
        by_job = await ctx.loaders.job_stages_by_job()
        if job_key in by_job:
            return by_job[job_key]
    stages = await ctx.loaders.stages()  # a deleted job (includeDeleted): its last pipeline
    return mapping.map_job_stages(job_key, stages.columns)


async def job_question_set(ctx: Context, job_key: str) -> TrackedList[JobQuestionRecord]:
    links, _ = await ctx.loaders.job_questions_by_key.load(job_key)
    return links


async def job_questions(ctx: Context, job_key: str) -> list[JobQuestionRecord]:
    return (await job_question_set(ctx, job_key)).live


async def question_in_job(ctx: Context, job_key: str, question_key: str) -> QuestionRecord | None:
    _, by_key = await ctx.loaders.job_questions_by_key.load(job_key)
    return by_key.get(question_key)


async def job_applications(
    ctx: Context, job_key: str, first: int | None, after: str | None, spec: ApplicationSpec | None
) -> Page[ApplicationRecord]:
    n = first_arg(ctx, first)
    apps = await ctx.loaders.applications_by_job.load(job_key)
    if spec is not None and spec.include_deleted:
        gone = (await ctx.loaders.applications()).deleted
        apps = with_deleted(apps, {k: a for k, a in gone.items() if a.job_key == job_key}, spec)
    return paginate(filter_applications(apps, spec), n, after)


async def candidate_applications(
    ctx: Context, cand_key: str, first: int | None, after: str | None, spec: ApplicationSpec | None
) -> Page[ApplicationRecord]:
    n = first_arg(ctx, first)
    apps = await ctx.loaders.applications_by_candidate.load(cand_key)
    if spec is not None and spec.include_deleted:
        gone = (await ctx.loaders.applications()).deleted
        mine = {k: a for k, a in gone.items() if a.candidate_key == cand_key}
        apps = with_deleted(apps, mine, spec)
    return paginate(filter_applications(apps, spec), n, after)


async def candidate_tags(ctx: Context, person: PersonRecord) -> list[CandidateTagRecord]:
    if ctx.loaders.tracker is not None:
        return (await ctx.loaders.candidate_tags(person)).live
    tags = await ctx.loaders.tags()  # naive mode: through the per-applicant loader as is
    traits = await ctx.loaders.traits_by_applicant.load_many(person.application_keys)
    return mapping.map_candidate_tags(person.key, traits, tags.all_by_hashid)


async def candidate_tag_list(ctx: Context, person: PersonRecord) -> list[TagRecord]:
    links = await candidate_tags(ctx, person)
    tags = await ctx.loaders.tags()
    return [tags.by_key[link.tag_key] for link in links if link.tag_key in tags.by_key]


async def candidate_remote_id(ctx: Context, person: PersonRecord) -> str | None:
    """The Flatchr candidate hashid once learned (a write or an applicant-record read): the
    newest applicant's first (design 5.7), else any applicant of the group's."""
    snap = await ctx.loaders.candidates()
    rows = [snap.rows[k] for k in person.application_keys if k in snap.rows]
    newest_first = sorted(rows, key=lambda r: r.created_at or EPOCH, reverse=True)
    for applicant in [r.applicant for r in newest_first]:
        record = await ctx.data.known_applicant_record(applicant)
        if record is not None and record.candidate is not None and record.candidate.id:
            return record.candidate.id
    return None


async def tag_candidates(
    ctx: Context, tag_key: str, first: int | None, after: str | None
) -> Page[PersonRecord]:
    """Candidates carrying the tag. Flatchr has no reverse lookup, so this reads the traits of
    every applicant (one T2 call each, cached): expensive on a cold cache."""
    n = first_arg(ctx, first)
    people = await ctx.loaders.candidates()
    applicants = list(people.rows)
    traits = await ctx.loaders.traits_by_applicant.load_many(applicants)
    tagged = {
        a for a, ts in zip(applicants, traits, strict=True) if any(t.tag_id == tag_key for t in ts)
    }
    matching = [p for p in people.candidates if any(k in tagged for k in p.application_keys)]
    return paginate(matching, n, after)
