"""createApplication / createCandidate end to end (design §5.6, docs/decisions.md "Write path").

    idempotency claim -> job + draft checked, CV URL fetched (nothing written on a problem)
    -> under a per-(job, person) lock: live C1 "already applied?" -> C4 once -> C1 to find the
    new applicant (reconciled when C4 timed out or failed with 5xx) -> one eviction of the
    tenant's applicant documents -> fresh loaders -> the records through the read path.

The answer is the same Application and Candidate any query gives right after, with the same
ids: they are read through the loaders from the re-fetched collection, never built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.core.errors import ErrorCode, RemoteInputInvalid, RemoteUnavailable
from loaders.loaders import Loaders
from resolvers.context import Context
from resolvers.creation import idempotent, reconcile
from resolvers.creation.c4_payload import SourceSettings, build_c4_payload
from resolvers.creation.idempotent import Outcome
from resolvers.creation.inputs import ApplicationDraft, Path, Problem
from resolvers.creation.prepare import prepare
from unified.keys import candidate_key_for_email, candidate_key_for_row
from unified.model import ApplicationRecord, PersonRecord

EMAIL_PATH: Path = ["candidate", "emailAddress"]


@dataclass(frozen=True, slots=True)
class CreateRequest:
    #: "application" | "candidate" (the mutation; part of the idempotency fingerprint)
    kind: str
    job_id: str
    #: where the job id sits in the input: ["jobId"] or ["application", "jobId"]
    job_path: Path
    draft: ApplicationDraft
    idempotency_key: str | None = None


@dataclass
class Created:
    application: ApplicationRecord | None = None
    candidate: PersonRecord | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


async def create(ctx: Context, request: CreateRequest) -> Created:
    key = request.idempotency_key
    if key is not None and (problem := idempotent.key_problem(key)) is not None:
        return Created(errors=[problem])
    fp = idempotent.fingerprint(request.kind, request.job_id, request.draft)
    outcome = await idempotent.once(ctx, key, fp, lambda: _write(ctx, request, fp))
    return await read_back(ctx, outcome)


async def _write(ctx: Context, request: CreateRequest, fp: str) -> Outcome:
    prepared = await prepare(ctx, request.job_id, request.job_path, request.draft)
    if prepared.job is None or prepared.draft is None:
        return Outcome(warnings=prepared.warnings, errors=prepared.errors)
    job, draft = prepared.job, prepared.draft
    integration = ctx.integration
    payload = build_c4_payload(
        draft,
        vacancy_slug=job.slug,
        source=SourceSettings(integration.offerer_id, integration.source_id),
    )
    warnings = [*prepared.warnings, *payload.warnings]
    target = reconcile.Target(draft.email, job.record.key, job.record.numeric_id)
    client, person = ctx.data.client, candidate_key_for_email(draft.email)
    # One write per (job, person) at a time, across processes sharing the cache backend:
    # the "already applied?" check and C4 cannot interleave with another call's.
    async with ctx.data.cache.lock(ctx.data.tenant, f"apply:{job.record.key}:{person}"):
        found = reconcile.newest(await reconcile.existing(client, target))
        if found is not None:
            key = request.idempotency_key
            if key is not None and await idempotent.was_unresolved(ctx, key, fp):
                await _evict(ctx)
                return Outcome(found.applicant, candidate_key_for_row(found), warnings)
            message = "This e-mail address has already applied to this job"
            problem = Problem(EMAIL_PATH, message, ErrorCode.ATS_APPLICATION_ALREADY_EXISTS)
            return Outcome(warnings=warnings, errors=[problem])
        try:
            submitted = await reconcile.submit(client, payload.body, target, ctx.settings)
        except RemoteInputInvalid as refused:
            return Outcome(warnings=warnings, errors=[Problem([], refused.message, refused.code)])
        await _evict(ctx)  # whatever the answer: the write may have landed
        if submitted.row is not None:
            row = submitted.row
            return Outcome(row.applicant, candidate_key_for_row(row), warnings)
        if not submitted.confirmed:
            if request.idempotency_key is not None:
                await idempotent.mark_unresolved(ctx, request.idempotency_key, fp)
            raise RemoteUnavailable(
                "Flatchr did not answer the application and it was not found afterwards; "
                "retry with the same idempotencyKey (it is safe)"
            )
    warnings.append("Flatchr accepted the application but does not list it yet")
    return Outcome(None, person, warnings)


async def _evict(ctx: Context) -> None:
    """The one eviction call for a write, then loaders that forget this request's reads."""
    await ctx.data.cache.evict_documents(ctx.data.tenant, "applicants")
    renew_loaders(ctx)


def renew_loaders(ctx: Context) -> None:
    ctx.loaders = ctx.data.loaders = Loaders(ctx.data.documents, ctx.integration)


async def read_back(ctx: Context, outcome: Outcome) -> Created:
    """The records of the outcome's keys through the loaders. A replay in a process whose
    cached collection predates the write re-reads it once."""
    app = person = None
    if outcome.application_key is not None:
        app = await ctx.loaders.application_by_key.load(outcome.application_key)
        if app is None:
            await _evict(ctx)
            app = await ctx.loaders.application_by_key.load(outcome.application_key)
    if outcome.candidate_key is not None:
        person = await ctx.loaders.candidate_by_key.load(outcome.candidate_key)
    return Created(app, person, outcome.warnings, outcome.errors)
