"""Unified-model records: what the pure mapping produces and the schema layer exposes.

Plain frozen dataclasses (no Strawberry, no I/O). Every node record carries `key`, the Relay
node key of design §4 (see `unified.keys`), the schema's scalar fields in snake_case, and
the keys of related records instead of the records themselves. Enum-valued fields hold the
schema enum's member name as a string ("FULL_TIME", "OPEN", ...) or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]

#: changedAt of a record with no remote timestamp at all (the tracking store overrides it).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LocationRecord:
    city: str | None = None
    country: str | None = None
    raw: str | None = None
    state: str | None = None
    street1: str | None = None
    street2: str | None = None
    zip_code: str | None = None


@dataclass(frozen=True, slots=True)
class IntegrationFieldRecord:
    #: `<vacancy hashid>:<field name>` (the IntegrationField's `id`)
    key: str
    #: the Flatchr field name (the IntegrationField's `key`)
    field_key: str
    type: str  # "DEFAULT" | "CUSTOM"
    value: Any
    label: str | None


@dataclass(frozen=True, slots=True)
class JobRecord:
    key: str
    remote_id: str
    name: str | None
    description: str | None
    employment_type: str | None
    status: str | None
    visibility: str
    category: str | None
    department: str | None
    post_url: str | None
    experience_level: str | None
    remote_work_status: str | None
    salary_amount: float | None
    salary_amount_from: float | None
    salary_amount_to: float | None
    salary_currency: str | None
    salary_period: str | None
    location: LocationRecord | None
    custom_fields: Json
    integration_fields: list[IntegrationFieldRecord]
    opened_at: datetime | None
    closed_at: datetime | None
    remote_created_at: datetime | None
    remote_updated_at: datetime | None
    remote_data: Json
    changed_at: datetime
    #: Flatchr's numeric `vacancy_id` (C1 rows and `remote:<digits>` job ids use it)
    numeric_id: int | None
    #: the vacancy slug (C4 candidate creation is keyed by it)
    slug: str | None
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StageRecord:
    """ApplicationStage: one per company column."""

    key: str
    remote_id: str
    name: str | None
    changed_at: datetime
    remote_data: Json
    position: int
    hired: bool
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class JobStageRecord:
    key: str
    index: int
    job_key: str
    stage_key: str
    name: str | None
    changed_at: datetime
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OptionRecord:
    """QuestionOption: key `<question id>:<label>`, remote id = name = the label."""

    key: str
    remote_id: str
    name: str


@dataclass(frozen=True, slots=True)
class QuestionFormatRecord:
    """One record for every QuestionFormat type; `type` picks the GraphQL object type."""

    type: str
    display_type: str | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    options: list[OptionRecord] = field(default_factory=list)
    accepted_mime_types: list[str] | None = None
    max_file_size_bytes: int | None = None
    raw_question: Json | None = None


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """ScreeningQuestion."""

    key: str
    remote_id: str
    title: str | None
    description: str | None
    format: QuestionFormatRecord
    changed_at: datetime
    remote_data: Json
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class JobQuestionRecord:
    """JobScreeningQuestion: the (job, question) link with order, requirement, precondition."""

    key: str
    index: int | None
    required: bool | None
    precondition_question_key: str | None
    #: QuestionOption keys of the precondition question, or ["true"]/["false"]
    precondition_options: list[str] | None
    job_key: str
    question_key: str
    changed_at: datetime
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    key: str
    remote_id: str
    outcome: str  # "PENDING" | "HIRED" | "DECLINED"
    current_stage_key: str | None
    job_key: str | None
    candidate_key: str
    source: str | None
    remote_created_at: datetime | None
    remote_updated_at: datetime | None
    remote_data: Json
    changed_at: datetime
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EmailRecord:
    email_address: str
    type: str | None = None


@dataclass(frozen=True, slots=True)
class PhoneRecord:
    phone_number: str
    type: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """Candidate: the applicant rows of one person (same normalised e-mail)."""

    key: str
    remote_id: str | None
    first_name: str | None
    last_name: str | None
    email_addresses: list[EmailRecord]
    phone_numbers: list[PhoneRecord]
    #: Application keys in search-result order (an application key is the applicant hashid)
    application_keys: list[str]
    remote_data: Json
    changed_at: datetime
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None

    @property
    def applicant_hashids(self) -> list[str]:
        """The Flatchr applicant hashids of the group (the same values as application_keys)."""
        return list(self.application_keys)


@dataclass(frozen=True, slots=True)
class TagRecord:
    key: str
    remote_id: str
    name: str | None
    changed_at: datetime
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CandidateTagRecord:
    key: str
    candidate_key: str
    tag_key: str
    value: str | None
    changed_at: datetime
    #: set (from the tracking store) when the record is gone from Flatchr
    remote_deleted_at: datetime | None = None
