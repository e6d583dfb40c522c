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
    with_deleted,
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
    snap = await ctx.loaders.jobs()
    return filter_jobs(with_deleted(snap.jobs, snap.deleted, spec), spec)


async def _candidates(ctx: Context, spec: CandidateSpec | None) -> list[PersonRecord]:
    snap = await ctx.loaders.candidates()
    people = with_deleted(snap.candidates, snap.deleted, spec)
    by_candidate = None
    if spec is not None and spec.job_ids is not None:
        apps = await ctx.loaders.applications()
        by_candidate = lambda key: apps.by_candidate.get(key, [])  # noqa: E731
    remote_ids = None
    if spec is not None and spec.remote_ids is not None:
        # Flatchr candidate ids are known only once learned (applicant records): look them up
        # (no upstream call) for the candidates this filter has to judge.
        remote_ids = {p.key: await relations.candidate_remote_id(ctx, p) for p in people}
    return filter_candidates(people, spec, by_candidate, remote_ids)


async def _applications(ctx: Context, spec: ApplicationSpec | None) -> list[ApplicationRecord]:
    snap = await ctx.loaders.applications()
    return filter_applications(with_deleted(snap.applications, snap.deleted, spec), spec)


async def _stages(ctx: Context, spec: CommonSpec | None) -> list[StageRecord]:
    snap = await ctx.loaders.stages()
    stages = with_deleted(snap.stages, snap.deleted, spec)
    return filter_common(stages, spec, "ApplicationStage", lambda s: s.remote_id)


async def _questions(ctx: Context, spec: CommonSpec | None) -> list[QuestionRecord]:
    found = await ctx.loaders.questions()
    questions = with_deleted(found.live, found.deleted, spec)
    return filter_common(questions, spec, "ScreeningQuestion", lambda q: q.remote_id)


async def _tags(ctx: Context, spec: CommonSpec | None) -> list[TagRecord]:
    snap = await ctx.loaders.tags()
    tags = with_deleted(snap.tags, snap.deleted, spec)
    return filter_common(tags, spec, "Tag", lambda t: t.remote_id)


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
    # A deleted record is found by its id too (with its remoteDeletedAt), for every type.
    if type_name == "ScreeningQuestion":
        questions = await loaders.questions()
        return _find(questions.live, key) or questions.deleted.get(key)
    if type_name == "JobStage":
        parsed = parse_job_stage_key(key)
        if parsed is None or await loaders.job_by_key.load(parsed[0]) is None:
            return None
        stages = await loaders.job_stages()
        return _find(stages.live, key) or stages.deleted.get(key)
    if type_name == "JobScreeningQuestion":
        pair = parse_job_question_key(key)
        if pair is None or await loaders.job_by_key.load(pair[0]) is None:
            return None
        links = await relations.job_question_set(ctx, pair[0])
        return _find(links.live, key) or links.deleted.get(key)
    if type_name == "CandidateTag":
        pair = parse_candidate_tag_key(key)
        if pair is None:
            return None
        person = await loaders.candidate_by_key.load(pair[0])
        if person is None:
            return None
        tag_links = await loaders.candidate_tags(person)
        return _find(tag_links.live, key) or tag_links.deleted.get(key)
    return None  # ids of types that are not nodes (QuestionOption, IntegrationField)


def _find(records: list[Any], key: str) -> Any:
    return next((r for r in records if r.key == key), None)
