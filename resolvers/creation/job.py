"""The job a create mutation applies to: a gateway Job id or `remote:<vacancy>`, open for
applications, with its screening questions.

`remote:` takes the vacancy hashid, or Flatchr's numeric `vacancy_id` when it is all digits.
A job the integration does not have is PLATFORM_NOT_FOUND; a job that does not take
applications is ATS_JOB_CLOSED: its status is not OPEN (C4 refuses vacancies whose status is
not 1) or it has no slug (C4 names the vacancy by its slug). Publication on the careers site is
not required: the JSON route of C4 accepts unpublished, active vacancies (only the careers
site's own form needs publication). Both are problems of the input, reported at the job id's
path with the other input problems.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.core.errors import ErrorCode, InputInvalid
from resolvers.context import Context
from resolvers.creation.answers import JobQuestions
from resolvers.creation.inputs import Path, Problem
from unified.ids import from_global_id
from unified.model import JobRecord

REMOTE = "remote:"


@dataclass(frozen=True, slots=True)
class OpenJob:
    record: JobRecord
    slug: str
    questions: JobQuestions


async def open_job(ctx: Context, job_id: str, path: Path) -> OpenJob | Problem:
    """The job, ready to receive an application, or the problem to report at `path`."""
    key = await _job_key(ctx, job_id.strip())
    if isinstance(key, str):
        job = await ctx.loaders.job_by_key.load(key)
    else:
        return Problem(path, key.message)
    if job is None:
        return Problem(path, f"No job {job_id!r} in this integration", ErrorCode.PLATFORM_NOT_FOUND)
    if job.status != "OPEN" or not job.slug:
        state = (job.status or "unknown").lower()
        reason = f"its status is {state}" if job.status != "OPEN" else "it has no careers slug"
        return Problem(
            path, f"The job does not take applications: {reason}", ErrorCode.ATS_JOB_CLOSED
        )
    links, by_key = await ctx.loaders.job_questions_by_key.load(job.key)
    questions = [(q, by_key[q.question_key]) for q in links.live if q.question_key in by_key]
    return OpenJob(job, job.slug, questions)


async def _job_key(ctx: Context, job_id: str) -> str | InputInvalid:
    if job_id.startswith(REMOTE):
        remote = job_id[len(REMOTE) :].strip()
        if not remote:
            return InputInvalid("`remote:` needs a Flatchr vacancy id after it")
        if remote.isdigit():
            jobs = await ctx.loaders.jobs()
            return jobs.key_by_numeric.get(int(remote), remote)
        return remote
    try:
        return from_global_id(job_id, expect="Job")[1]
    except InputInvalid as exc:
        return exc
