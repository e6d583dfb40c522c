"""Writes: candidate/application creation (contract types) and the API passthrough."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry

from resolvers import writes
from resolvers.context import Info
from resolvers.creation import inputs as creation
from resolvers.creation.create import Created, CreateRequest, create
from schema.enums import AttachmentType, ErrorCode, HttpMethod, PassthroughApi
from schema.scalars import JSON

if TYPE_CHECKING:
    from schema.people import Application, Candidate


@strawberry.input
class CandidateInput:
    first_name: str
    last_name: str
    email_address: str
    phone_number: str | None = None


@strawberry.input
class ApplicationInput:
    job_id: strawberry.ID = strawberry.field(
        description="A gateway job id, or `remote:<Flatchr vacancy id>`."
    )


@strawberry.input
class ScreeningQuestionAnswerInput:
    question_id: strawberry.ID
    answer: JSON = strawberry.field(
        description='TEXT: string; NUMBER: number; BOOLEAN: boolean; DATE: "YYYY-MM-DD"; '
        "SINGLE_SELECT: option id; MULTI_SELECT: list of option ids."
    )


@strawberry.input
class AttachmentInput:
    name: str = strawberry.field(description="Human-readable file name with its extension.")
    type: AttachmentType
    content_type: str | None = None
    data_url: str | None = strawberry.field(
        default=None, description="Exactly one of dataUrl and data."
    )
    data: str | None = strawberry.field(default=None, description="Base64-encoded file content.")


@strawberry.input
class SourceInput:
    id: str | None = None
    name: str | None = None


@strawberry.input
class CreateCandidateInput:
    candidate: CandidateInput
    application: ApplicationInput
    screening_question_answers: list[ScreeningQuestionAnswerInput] | None = None
    attachments: list[AttachmentInput] | None = None
    source: SourceInput | None = None
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Repeating a mutation with the same key returns the first result and "
        "writes nothing new.",
    )


@strawberry.input
class CreateApplicationInput:
    job_id: strawberry.ID = strawberry.field(
        description="A gateway job id, or `remote:<Flatchr vacancy id>`."
    )
    candidate: CandidateInput
    screening_question_answers: list[ScreeningQuestionAnswerInput] | None = None
    attachments: list[AttachmentInput] | None = None
    source: SourceInput | None = None
    idempotency_key: str | None = None


@strawberry.type(
    description="A problem the caller can fix; `field` is the path of the offending input field."
)
class UserError:
    code: ErrorCode
    message: str
    field: list[str] | None = None


@strawberry.type
class CreateCandidatePayload:
    candidate: Annotated[Candidate, strawberry.lazy("schema.people")] | None = None
    application: Annotated[Application, strawberry.lazy("schema.people")] | None = None
    warnings: list[str] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CreateApplicationPayload:
    application: Annotated[Application, strawberry.lazy("schema.people")] | None = None
    candidate: Annotated[Candidate, strawberry.lazy("schema.people")] | None = None
    warnings: list[str] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(
    description="A raw call to Flatchr with the caller's integration credentials "
    "(Kombo's API passthrough)."
)
class PassthroughInput:
    method: HttpMethod
    path: str = strawberry.field(
        description='A path on the chosen API, starting with "/"; never a full URL.'
    )
    api: PassthroughApi = PassthroughApi.API
    query: JSON | None = None
    headers: JSON | None = None
    body: JSON | None = None
    response_as_base64: bool | None = strawberry.field(
        default=False,
        description="Return the body base64-encoded in dataBase64 (for files) instead of "
        "parsed into data.",
    )


@strawberry.type
class PassthroughResult:
    url: str = strawberry.field(description="The full URL that was called (credentials removed).")
    status: int
    headers: JSON
    data: JSON | None
    data_base64: str | None


def _draft(
    candidate: CandidateInput,
    answers: list[ScreeningQuestionAnswerInput] | None,
    attachments: list[AttachmentInput] | None,
    source: SourceInput | None,
) -> creation.ApplicationDraft:
    """The Strawberry inputs copied into the plain mirrors the write path checks."""
    return creation.ApplicationDraft(
        candidate=creation.CandidateInput(
            candidate.first_name, candidate.last_name, candidate.email_address,
            candidate.phone_number,
        ),
        attachments=[
            creation.AttachmentInput(a.name, a.type.value, a.content_type, a.data_url, a.data)
            for a in attachments or []
        ],
        answers=[creation.AnswerInput(str(a.question_id), a.answer) for a in answers or []],
        source=creation.SourceInput(source.id, source.name) if source is not None else None,
    )  # fmt: skip


async def _create(
    info: Info,
    kind: str,
    job_id: str,
    job_path: list[str | int],
    input: CreateCandidateInput | CreateApplicationInput,
) -> Created:
    """Run one create mutation through the write path (resolvers/creation/create.py)."""
    draft = _draft(
        input.candidate, input.screening_question_answers, input.attachments, input.source
    )
    request = CreateRequest(kind, job_id, job_path, draft, input.idempotency_key)
    return await create(info.context, request)


def _user_errors(created: Created) -> list[UserError]:
    return [
        UserError(code=p.code, message=p.message, field=p.field() or None) for p in created.errors
    ]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a candidate with their application to a job (Flatchr has no "
        "candidate without an application)."
    )
    async def create_candidate(
        self, input: CreateCandidateInput, info: Info
    ) -> CreateCandidatePayload:
        created = await _create(
            info, "candidate", str(input.application.job_id), ["application", "jobId"], input
        )
        return CreateCandidatePayload(
            candidate=cast(Any, created.candidate),
            application=cast(Any, created.application),
            warnings=created.warnings,
            user_errors=_user_errors(created),
        )

    @strawberry.mutation(description="Apply a candidate (found or created by e-mail) to a job.")
    async def create_application(
        self, input: CreateApplicationInput, info: Info
    ) -> CreateApplicationPayload:
        created = await _create(info, "application", str(input.job_id), ["jobId"], input)
        return CreateApplicationPayload(
            application=cast(Any, created.application),
            candidate=cast(Any, created.candidate),
            warnings=created.warnings,
            user_errors=_user_errors(created),
        )

    @strawberry.mutation
    async def passthrough(self, input: PassthroughInput, info: Info) -> PassthroughResult:
        result = await writes.passthrough(
            info.context,
            api=str(input.api.value),
            method=input.method.value,
            path=input.path,
            query=input.query,
            headers=input.headers,
            body=input.body,
            as_base64=bool(input.response_as_base64),
        )
        return PassthroughResult(**result)
