"""Filter inputs. Different filters combine with AND; the values inside one list filter with OR.
`updatedAfter` compares with changedAt (strictly after). `ids` takes gateway ids, `remoteIds`
Flatchr ids."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum

import strawberry

from resolvers.filters import ApplicationSpec, CandidateSpec, CommonSpec, JobSpec
from schema.enums import ApplicationOutcome, EmploymentType, JobStatus, JobVisibility


def _names(values: Sequence[Enum] | None) -> list[str] | None:
    return None if values is None else [v.value for v in values]


@strawberry.input
class CommonFilter:
    updated_after: datetime | None = None
    include_deleted: bool | None = False
    ids: list[strawberry.ID] | None = None
    remote_ids: list[str] | None = None

    def to_spec(self) -> CommonSpec:
        return CommonSpec(
            updated_after=self.updated_after,
            include_deleted=bool(self.include_deleted),
            ids=self.ids,
            remote_ids=self.remote_ids,
        )


@strawberry.input
class JobFilter:
    updated_after: datetime | None = None
    include_deleted: bool | None = False
    ids: list[strawberry.ID] | None = None
    remote_ids: list[str] | None = None
    statuses: list[JobStatus] | None = None
    employment_types: list[EmploymentType] | None = None
    visibilities: list[JobVisibility] | None = None
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive substring of the job name."
    )
    remote_created_after: datetime | None = None
    post_url: str | None = None

    def to_spec(self) -> JobSpec:
        return JobSpec(
            updated_after=self.updated_after,
            include_deleted=bool(self.include_deleted),
            ids=self.ids,
            remote_ids=self.remote_ids,
            statuses=_names(self.statuses),
            employment_types=_names(self.employment_types),
            visibilities=_names(self.visibilities),
            name_contains=self.name_contains,
            remote_created_after=self.remote_created_after,
            post_url=self.post_url,
        )


@strawberry.input
class CandidateFilter:
    updated_after: datetime | None = None
    include_deleted: bool | None = False
    ids: list[strawberry.ID] | None = None
    remote_ids: list[str] | None = None
    email: str | None = strawberry.field(
        default=None,
        description="Case-insensitive match against any of the candidate's email addresses.",
    )
    first_name: str | None = None
    last_name: str | None = None
    job_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Candidates with an application to any of these jobs."
    )

    def to_spec(self) -> CandidateSpec:
        return CandidateSpec(
            updated_after=self.updated_after,
            include_deleted=bool(self.include_deleted),
            ids=self.ids,
            remote_ids=self.remote_ids,
            email=self.email,
            first_name=self.first_name,
            last_name=self.last_name,
            job_ids=self.job_ids,
        )


@strawberry.input
class ApplicationFilter:
    updated_after: datetime | None = None
    include_deleted: bool | None = False
    ids: list[strawberry.ID] | None = None
    remote_ids: list[str] | None = None
    outcomes: list[ApplicationOutcome] | None = None
    job_ids: list[strawberry.ID] | None = None
    job_remote_ids: list[str] | None = None
    current_stage_ids: list[strawberry.ID] | None = None
    remote_created_after: datetime | None = None

    def to_spec(self) -> ApplicationSpec:
        return ApplicationSpec(
            updated_after=self.updated_after,
            include_deleted=bool(self.include_deleted),
            ids=self.ids,
            remote_ids=self.remote_ids,
            outcomes=_names(self.outcomes),
            job_ids=self.job_ids,
            job_remote_ids=self.job_remote_ids,
            current_stage_ids=self.current_stage_ids,
            remote_created_after=self.remote_created_after,
        )
