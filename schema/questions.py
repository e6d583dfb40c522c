"""Screening questions, their formats and options, and the job-specific links."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers import relations
from resolvers.context import Info
from schema.common import Node, PageInfo, node_id, record_type_check
from schema.enums import ScreeningQuestionType
from schema.scalars import JSON
from unified.ids import to_global_id
from unified.model import (
    JobQuestionRecord,
    OptionRecord,
    QuestionFormatRecord,
    QuestionRecord,
)

if TYPE_CHECKING:
    from schema.jobs import Job


@strawberry.type
class QuestionOption:
    id: strawberry.ID = strawberry.field(resolver=node_id("QuestionOption"))
    remote_id: str | None
    name: str

    is_type_of = record_type_check(OptionRecord)


@strawberry.interface
class QuestionFormat:
    type: ScreeningQuestionType


def _format_check(kind: str) -> classmethod[Any, Any, bool]:
    def is_type_of(cls: type, obj: Any, _info: Any) -> bool:
        return isinstance(obj, cls) or (isinstance(obj, QuestionFormatRecord) and obj.type == kind)

    return classmethod(is_type_of)


@strawberry.type
class TextQuestionFormat(QuestionFormat):
    display_type: str | None
    max_length: int | None
    is_type_of = _format_check("TEXT")


@strawberry.type
class NumberQuestionFormat(QuestionFormat):
    display_type: str | None
    min: float | None
    max: float | None
    is_type_of = _format_check("NUMBER")


@strawberry.type
class BooleanQuestionFormat(QuestionFormat):
    is_type_of = _format_check("BOOLEAN")


@strawberry.type
class SingleSelectQuestionFormat(QuestionFormat):
    display_type: str | None
    options: list[QuestionOption]
    is_type_of = _format_check("SINGLE_SELECT")


@strawberry.type
class MultiSelectQuestionFormat(QuestionFormat):
    options: list[QuestionOption]
    is_type_of = _format_check("MULTI_SELECT")


@strawberry.type
class DateQuestionFormat(QuestionFormat):
    is_type_of = _format_check("DATE")


@strawberry.type
class FileQuestionFormat(QuestionFormat):
    accepted_mime_types: list[str] | None
    max_file_size_bytes: int | None
    is_type_of = _format_check("FILE")


@strawberry.type
class InformationQuestionFormat(QuestionFormat):
    is_type_of = _format_check("INFORMATION")


@strawberry.type
class UnknownQuestionFormat(QuestionFormat):
    raw_question: JSON | None
    is_type_of = _format_check("UNKNOWN")


FORMAT_TYPES: list[type] = [
    TextQuestionFormat,
    NumberQuestionFormat,
    BooleanQuestionFormat,
    SingleSelectQuestionFormat,
    MultiSelectQuestionFormat,
    DateQuestionFormat,
    FileQuestionFormat,
    InformationQuestionFormat,
    UnknownQuestionFormat,
]


@strawberry.type
class ScreeningQuestion(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("ScreeningQuestion"))
    remote_id: str | None
    title: str | None
    description: str | None
    format: QuestionFormat | None
    changed_at: datetime
    remote_deleted_at: datetime | None
    remote_data: JSON | None

    is_type_of = record_type_check(QuestionRecord)


@strawberry.type(
    description="Job-specific screening question: the link between a job and a question."
)
class JobScreeningQuestion(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("JobScreeningQuestion"))
    index: int | None
    required: bool | None
    changed_at: datetime
    remote_deleted_at: datetime | None

    @strawberry.field(
        description="Show this question only when that question was answered with one of "
        "`preconditionOptions`."
    )
    def precondition_question_id(
        self, root: strawberry.Parent[JobQuestionRecord]
    ) -> strawberry.ID | None:
        key = root.precondition_question_key
        return None if key is None else strawberry.ID(to_global_id("ScreeningQuestion", key))

    @strawberry.field(
        description='Option ids of the precondition question, or "true"/"false" for a '
        "BOOLEAN precondition."
    )
    def precondition_options(self, root: strawberry.Parent[JobQuestionRecord]) -> list[str] | None:
        options = root.precondition_options
        if options is None:
            return None
        return [o if o in ("true", "false") else to_global_id("QuestionOption", o) for o in options]

    @strawberry.field
    async def precondition_question(
        self, root: strawberry.Parent[JobQuestionRecord], info: Info
    ) -> ScreeningQuestion | None:
        key = root.precondition_question_key
        if key is None:
            return None
        return await relations.question_in_job(info.context, root.job_key, key)  # type: ignore[return-value]

    @strawberry.field
    def job_id(self, root: strawberry.Parent[JobQuestionRecord]) -> strawberry.ID:
        return strawberry.ID(to_global_id("Job", root.job_key))

    @strawberry.field
    def question_id(self, root: strawberry.Parent[JobQuestionRecord]) -> strawberry.ID:
        return strawberry.ID(to_global_id("ScreeningQuestion", root.question_key))

    @strawberry.field
    def job(
        self, root: strawberry.Parent[JobQuestionRecord], info: Info
    ) -> Annotated[Job, strawberry.lazy("schema.jobs")]:
        return relations.job(info.context, root.job_key)  # type: ignore[return-value]

    @strawberry.field
    async def question(
        self, root: strawberry.Parent[JobQuestionRecord], info: Info
    ) -> ScreeningQuestion:
        return await relations.question_in_job(  # type: ignore[return-value]
            info.context, root.job_key, root.question_key
        )

    is_type_of = record_type_check(JobQuestionRecord)


@strawberry.type
class ScreeningQuestionEdge:
    cursor: str
    node: ScreeningQuestion


@strawberry.type
class ScreeningQuestionConnection:
    edges: list[ScreeningQuestionEdge]
    page_info: PageInfo
    total_count: int
