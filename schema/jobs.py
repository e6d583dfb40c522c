"""Jobs, their pipeline (stages) and the company-wide application stages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import relations
from resolvers.context import Info
from schema.common import (
    IntegrationField,
    Location,
    Node,
    PageInfo,
    node_id,
    record_type_check,
    to_connection,
)
from schema.enums import EmploymentType, JobStatus, JobVisibility, RemoteWorkStatus, SalaryPeriod
from schema.scalars import JSON
from unified.ids import to_global_id
from unified.model import JobRecord, JobStageRecord, StageRecord

if TYPE_CHECKING:
    from schema.filters import ApplicationFilter
    from schema.people import ApplicationConnection
    from schema.questions import JobScreeningQuestion


@strawberry.type
class ApplicationStage(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("ApplicationStage"))
    remote_id: str | None
    name: str | None
    changed_at: datetime
    remote_deleted_at: datetime | None
    remote_data: JSON | None

    is_type_of = record_type_check(StageRecord)


@strawberry.type
class JobStage(Node):
    """Job-specific application stage: the link between a job and a stage, with its position."""

    id: strawberry.ID = strawberry.field(resolver=node_id("JobStage"))
    index: int
    name: str | None
    changed_at: datetime
    remote_deleted_at: datetime | None

    @strawberry.field
    def job_id(self, root: strawberry.Parent[JobStageRecord]) -> strawberry.ID:
        return strawberry.ID(to_global_id("Job", root.job_key))

    @strawberry.field
    def stage_id(self, root: strawberry.Parent[JobStageRecord]) -> strawberry.ID:
        return strawberry.ID(to_global_id("ApplicationStage", root.stage_key))

    @strawberry.field
    def job(self, root: strawberry.Parent[JobStageRecord], info: Info) -> Job:
        return relations.job(info.context, root.job_key)  # type: ignore[return-value]

    @strawberry.field
    def stage(self, root: strawberry.Parent[JobStageRecord], info: Info) -> ApplicationStage:
        return relations.stage(info.context, root.stage_key)  # type: ignore[return-value]

    is_type_of = record_type_check(JobStageRecord)


@strawberry.type
class Job(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("Job"))
    remote_id: str
    changed_at: datetime
    remote_deleted_at: datetime | None
    name: str | None
    description: str | None
    employment_type: EmploymentType | None
    status: JobStatus | None
    visibility: JobVisibility | None
    category: str | None
    department: str | None
    post_url: str | None
    experience_level: str | None
    remote_work_status: RemoteWorkStatus | None
    salary_amount: float | None
    salary_amount_from: float | None
    salary_amount_to: float | None
    salary_currency: str | None
    salary_period: SalaryPeriod | None
    location: Location | None
    custom_fields: JSON
    integration_fields: list[IntegrationField]
    opened_at: datetime | None
    closed_at: datetime | None
    remote_created_at: datetime | None
    remote_updated_at: datetime | None

    @strawberry.field
    async def remote_data(self, root: strawberry.Parent[JobRecord], info: Info) -> JSON | None:
        """`{"vacancy": <V1 object>, "details": <V2 object>}`; details costs one V2 call."""
        return await relations.job_remote_data(info.context, root)  # type: ignore[return-value]

    @strawberry.field(
        description="The job-specific pipeline, ordered by index. "
        "Stages hidden for this job are still listed."
    )
    async def stages(self, root: strawberry.Parent[JobRecord], info: Info) -> list[JobStage]:
        return await relations.job_stages(info.context, root.key)  # type: ignore[return-value]

    @strawberry.field(description="The job's screening questions, ordered by index.")
    async def screening_questions(
        self, root: strawberry.Parent[JobRecord], info: Info
    ) -> list[Annotated[JobScreeningQuestion, strawberry.lazy("schema.questions")]]:
        return await relations.job_questions(info.context, root.key)  # type: ignore[return-value]

    @strawberry.field
    async def applications(
        self,
        root: strawberry.Parent[JobRecord],
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: Annotated[ApplicationFilter, strawberry.lazy("schema.filters")] | None = None,
    ) -> Annotated[ApplicationConnection, strawberry.lazy("schema.people")]:
        spec = filter.to_spec() if filter is not None else None
        page = await relations.job_applications(info.context, root.key, first, after, spec)
        return to_connection(page)  # type: ignore[no-any-return]

    is_type_of = record_type_check(JobRecord)


@strawberry.type
class JobEdge:
    cursor: str
    node: Job


@strawberry.type
class JobConnection:
    edges: list[JobEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class ApplicationStageEdge:
    cursor: str
    node: ApplicationStage


@strawberry.type
class ApplicationStageConnection:
    edges: list[ApplicationStageEdge]
    page_info: PageInfo
    total_count: int
