"""Root query logic: lists with filters and pagination, lookups by id, `node`.

An id always resolves inside the caller's own integration (ids carry no tenant), so an id
minted for another tenant finds nothing there and is null. Malformed ids, bad cursors and
`first` out of range are PLATFORM_INPUT_INVALID.
"""

from __future__ import annotations

from typing import Any

from resolvers import relations
from resolvers.context import Context
from resolvers.filters import (
    ApplicationSpec,
    CandidateSpec,
    CommonSpec,
    JobSpec,
    filter_applications,
    filter_candidates,
    filter_common,
    filter_jobs,
)
from resolvers.pagination import Page, decode_cursor, paginate
from unified.ids import from_global_id
from unified.keys import parse_candidate_tag_key, parse_job_question_key, parse_job_stage_key
from unified.model import (
    ApplicationRecord,
    JobRecord,
    PersonRecord,
    QuestionRecord,
    StageRecord,
    TagRecord,
)


def check_page(ctx: Context, first: int | None, after: str | None) -> None:
    """Reject bad paging arguments before anything is fetched."""
    relations.first_arg(ctx, first)
    if after is not None:
        decode_cursor(after)


def check_id(global_id: str, expect: str | None) -> None:
    """Reject a malformed id (or one of the wrong type) before anything is fetched."""
    from_global_id(global_id, expect=expect)


async def jobs(
    ctx: Context, first: int | None, after: str | None, spec: JobSpec | None
) -> Page[JobRecord]:
    n = relations.first_arg(ctx, first)
    snap = await ctx.data.jobs()
    return paginate(filter_jobs(snap.jobs, spec), n, after)


async def candidates(
    ctx: Context, first: int | None, after: str | None, spec: CandidateSpec | None
) -> Page[PersonRecord]:
    n = relations.first_arg(ctx, first)
    snap = await ctx.data.candidates()
    by_candidate = None
    if spec is not None and spec.job_ids is not None:
        apps = await ctx.data.applications()
        by_candidate = lambda key: apps.by_candidate.get(key, [])  # noqa: E731
    remote_ids = None
    if spec is not None and spec.remote_ids is not None:
        # Flatchr candidate ids are known only once learned (applicant records): look them up
        # (no upstream call) for the candidates this filter has to judge.
        remote_ids = {p.key: await relations.candidate_remote_id(ctx, p) for p in snap.candidates}
    found = filter_candidates(snap.candidates, spec, by_candidate, remote_ids)
    return paginate(found, n, after)


async def applications(
    ctx: Context, first: int | None, after: str | None, spec: ApplicationSpec | None
) -> Page[ApplicationRecord]:
    n = relations.first_arg(ctx, first)
    snap = await ctx.data.applications()
    return paginate(filter_applications(snap.applications, spec), n, after)


async def application_stages(
    ctx: Context, first: int | None, after: str | None, spec: CommonSpec | None
) -> Page[StageRecord]:
    n = relations.first_arg(ctx, first)
    snap = await ctx.data.stages()
    items = filter_common(snap.stages, spec, "ApplicationStage", lambda s: s.remote_id)
    return paginate(items, n, after)


async def screening_questions(
    ctx: Context, first: int | None, after: str | None, spec: CommonSpec | None
) -> Page[QuestionRecord]:
    n = relations.first_arg(ctx, first)
    found = await relations.all_questions(ctx)
    items = filter_common(found, spec, "ScreeningQuestion", lambda q: q.remote_id)
    return paginate(items, n, after)


async def tags(
    ctx: Context, first: int | None, after: str | None, spec: CommonSpec | None
) -> Page[TagRecord]:
    n = relations.first_arg(ctx, first)
    snap = await ctx.data.tags()
    return paginate(filter_common(snap.tags, spec, "Tag", lambda t: t.remote_id), n, after)


async def by_id(ctx: Context, global_id: str, expect: str) -> Any:
    _, key = from_global_id(global_id, expect=expect)
    return await _resolve(ctx, expect, key)


async def node(ctx: Context, global_id: str) -> Any:
    type_name, key = from_global_id(global_id)
    return await _resolve(ctx, type_name, key)


async def _resolve(ctx: Context, type_name: str, key: str) -> Any:
    loaders = ctx.loaders
    if type_name == "Job":
        return await loaders.job_by_key.load(key)
    if type_name == "Application":
        return await loaders.application_by_key.load(key)
    if type_name == "Candidate":
        return await loaders.candidate_by_key.load(key)
    if type_name == "ApplicationStage":
        return await loaders.stage_by_key.load(key)
    if type_name == "Tag":
        return await loaders.tag_by_key.load(key)
    if type_name == "ScreeningQuestion":
        for question in await relations.all_questions(ctx):
            if question.key == key:
                return question
        return None
    if type_name == "JobStage":
        parsed = parse_job_stage_key(key)
        if parsed is None or await loaders.job_by_key.load(parsed[0]) is None:
            return None
        stages = await relations.job_stages(ctx, parsed[0])
        return next((s for s in stages if s.key == key), None)
    if type_name == "JobScreeningQuestion":
        pair = parse_job_question_key(key)
        if pair is None or await loaders.job_by_key.load(pair[0]) is None:
            return None
        links = await relations.job_questions(ctx, pair[0])
        return next((q for q in links if q.key == key), None)
    if type_name == "CandidateTag":
        pair = parse_candidate_tag_key(key)
        if pair is None:
            return None
        person = await loaders.candidate_by_key.load(pair[0])
        if person is None:
            return None
        tag_links = await relations.candidate_tags(ctx, person)
        return next((t for t in tag_links if t.key == key), None)
    return None  # ids of types that are not nodes (QuestionOption, IntegrationField)
