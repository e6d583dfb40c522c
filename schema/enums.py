"""The contract's enums. Values equal their names, so mapped records can carry plain strings."""

from __future__ import annotations

import enum

import strawberry

from gateway.core.errors import ErrorCode as _ErrorCode


@strawberry.enum
class EmploymentType(enum.Enum):
    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACT = "CONTRACT"
    SEASONAL = "SEASONAL"
    INTERNSHIP = "INTERNSHIP"


@strawberry.enum
class JobStatus(enum.Enum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    DRAFT = "DRAFT"
    ARCHIVED = "ARCHIVED"


@strawberry.enum
class JobVisibility(enum.Enum):
    PUBLIC = "PUBLIC"
    INTERNAL = "INTERNAL"
    UNLISTED = "UNLISTED"
    CONFIDENTIAL = "CONFIDENTIAL"


@strawberry.enum
class RemoteWorkStatus(enum.Enum):
    REMOTE = "REMOTE"
    HYBRID = "HYBRID"
    TEMPORARY = "TEMPORARY"
    ON_SITE = "ON_SITE"


@strawberry.enum
class SalaryPeriod(enum.Enum):
    YEAR = "YEAR"
    MONTH = "MONTH"
    TWO_WEEKS = "TWO_WEEKS"
    WEEK = "WEEK"
    DAY = "DAY"
    HOUR = "HOUR"


@strawberry.enum
class ApplicationOutcome(enum.Enum):
    PENDING = "PENDING"
    HIRED = "HIRED"
    DECLINED = "DECLINED"


@strawberry.enum
class ScreeningQuestionType(enum.Enum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    BOOLEAN = "BOOLEAN"
    SINGLE_SELECT = "SINGLE_SELECT"
    MULTI_SELECT = "MULTI_SELECT"
    DATE = "DATE"
    FILE = "FILE"
    INFORMATION = "INFORMATION"
    UNKNOWN = "UNKNOWN"


@strawberry.enum
class AttachmentType(enum.Enum):
    CV = "CV"
    COVER_LETTER = "COVER_LETTER"
    OTHER = "OTHER"


@strawberry.enum
class IntegrationFieldType(enum.Enum):
    DEFAULT = "DEFAULT"
    CUSTOM = "CUSTOM"


@strawberry.enum
class IntegrationStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    INVALID = "INVALID"


# Registers the error tree's enum as the schema's ErrorCode (one definition for both).
strawberry.enum(
    _ErrorCode,
    description="Stable machine-readable error codes: in `UserError.code` and in "
    "`errors[].extensions.code`.",
)
ErrorCode = _ErrorCode


@strawberry.enum
class PassthroughApi(enum.Enum):
    API = strawberry.enum_value("API", description="The Flatchr REST API (company-scoped paths).")
    CAREERS = strawberry.enum_value(
        "CAREERS", description="The Flatchr careers host (public feed, candidate creation)."
    )


@strawberry.enum
class HttpMethod(enum.Enum):
    GET = "GET"
    POST = "POST"
    PUT = "PUT"
    PATCH = "PATCH"
    DELETE = "DELETE"
