"""Root query logic: lists with filters and pagination, lookups by id, `node`.

An id always resolves inside the caller's own integration (ids carry no tenant), so an id
minted for another tenant finds nothing there and is null. Malformed ids, bad cursors and
`first` out of range are PLATFORM_INPUT_INVALID.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


async def page(
    ctx: Context, root: str, first: int | None, after: str | None, spec: Any
) -> Page[Any]:
    """One page of the root list `root` (a key of LISTS), filtered by `spec`."""
    n = relations.first_arg(ctx, first)
    return paginate(await LISTS[root](ctx, spec), n, after)


async def _jobs(ctx: Context, spec: JobSpec | None) -> list[JobRecord]:
    return filter_jobs((await ctx.loaders.jobs()).jobs, spec)


async def _candidates(ctx: Context, spec: CandidateSpec | None) -> list[PersonRecord]:
    snap = await ctx.loaders.candidates()
    by_candidate = None
    if spec is not None and spec.job_ids is not None:
        apps = await ctx.loaders.applications()
        by_candidate = lambda key: apps.by_candidate.get(key, [])  # noqa: E731
    remote_ids = None
    if spec is not None and spec.remote_ids is not None:
        # Flatchr candidate ids are known only once learned (applicant records): look them up
        # (no upstream call) for the candidates this filter has to judge.
        remote_ids = {p.key: await relations.candidate_remote_id(ctx, p) for p in snap.candidates}
    return filter_candidates(snap.candidates, spec, by_candidate, remote_ids)


async def _applications(ctx: Context, spec: ApplicationSpec | None) -> list[ApplicationRecord]:
    return filter_applications((await ctx.loaders.applications()).applications, spec)


async def _stages(ctx: Context, spec: CommonSpec | None) -> list[StageRecord]:
    stages = (await ctx.loaders.stages()).stages
    return filter_common(stages, spec, "ApplicationStage", lambda s: s.remote_id)


async def _questions(ctx: Context, spec: CommonSpec | None) -> list[QuestionRecord]:
    found = await relations.all_questions(ctx)
    return filter_common(found, spec, "ScreeningQuestion", lambda q: q.remote_id)


async def _tags(ctx: Context, spec: CommonSpec | None) -> list[TagRecord]:
    return filter_common((await ctx.loaders.tags()).tags, spec, "Tag", lambda t: t.remote_id)


#: root list field -> its records, filtered (paging is the same for all: `page`)
LISTS: dict[str, Callable[[Context, Any], Awaitable[list[Any]]]] = {
    "jobs": _jobs,
    "candidates": _candidates,
    "applications": _applications,
    "application_stages": _stages,
    "screening_questions": _questions,
    "tags": _tags,
}


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
        questions = await relations.all_questions(ctx)
        return next((q for q in questions if q.key == key), None)
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
