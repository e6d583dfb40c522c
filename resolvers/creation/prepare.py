"""Everything checked before Flatchr is written to: the job, the whole draft, and the bytes of
a CV given by URL (fetched by the gateway under `gateway.urlfetch`'s rules).

Every problem is collected and reported at once; nothing here writes upstream. When the job
cannot be used, the rest of the draft is still checked (its answers cannot be: they are
checked against the job's questions).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from gateway.core.settings import Settings
from gateway.urlfetch import FetchRefused, fetch_attachment
from resolvers.context import Context
from resolvers.creation.attachments import fetch_budget, with_fetched
from resolvers.creation.c4_payload import resume_attachment
from resolvers.creation.inputs import (
    ApplicationDraft,
    FileLimits,
    Path,
    Problem,
    UrlPolicy,
    ValidDraft,
)
from resolvers.creation.job import OpenJob, open_job
from resolvers.creation.validation import validate_draft


@dataclass
class Prepared:
    """A draft ready for C4 (`job` and `draft` set), or the problems to report."""

    job: OpenJob | None = None
    draft: ValidDraft | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def file_limits(settings: Settings) -> FileLimits:
    return FileLimits(settings.attachment_max_file_bytes, settings.attachment_max_total_bytes)


def url_policy(settings: Settings) -> UrlPolicy:
    hosts = frozenset(h.lower() for h in settings.attachment_fetch_allow_hosts)
    return UrlPolicy(fetch=settings.attachment_fetch, allow_hosts=hosts)


async def prepare(ctx: Context, job_id: str, job_path: Path, draft: ApplicationDraft) -> Prepared:
    found = await open_job(ctx, job_id, job_path)
    limits, policy = file_limits(ctx.settings), url_policy(ctx.settings)
    if isinstance(found, Problem):
        checked = validate_draft(
            replace(draft, answers=[]), job_key="", questions=[], limits=limits, policy=policy
        )
        return Prepared(errors=[found, *checked.errors], warnings=checked.warnings)
    checked = validate_draft(
        draft, job_key=found.record.key, questions=found.questions, limits=limits, policy=policy
    )
    if checked.draft is None:
        return Prepared(errors=checked.errors, warnings=checked.warnings)
    valid, errors = await _fetch_resume(ctx.settings, checked.draft, limits)
    return Prepared(found, valid if not errors else None, errors, checked.warnings)


async def _fetch_resume(
    settings: Settings, draft: ValidDraft, limits: FileLimits
) -> tuple[ValidDraft, list[Problem]]:
    """The draft with the CV's bytes fetched when it is a URL the gateway fetches; only the
    CV that is sent is ever downloaded."""
    cv = resume_attachment(draft)
    if cv is None or not cv.fetch or cv.url is None:
        return draft, []
    try:
        fetched = await fetch_attachment(
            cv.url,
            max_bytes=fetch_budget(draft.attachments, limits),
            timeout=settings.attachment_fetch_timeout,
            allow_hosts=url_policy(settings).allow_hosts,
        )
    except FetchRefused as refused:
        return draft, [Problem(["attachments", cv.index, "dataUrl"], refused.message)]
    sent, problems = with_fetched(cv, fetched.data, fetched.content_type, limits)
    attachments = [sent if a is cv else a for a in draft.attachments]
    return replace(draft, attachments=attachments), problems
