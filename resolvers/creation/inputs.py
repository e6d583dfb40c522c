"""Plain mirrors of the write inputs (CreateApplicationInput / CreateCandidateInput) and the
shapes validation hands on, so that validation and the C4 payload are pure and table-tested
without Strawberry. The schema layer copies its inputs into these; nothing here knows GraphQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gateway.core.errors import ErrorCode

#: A field path in the mutation input, GraphQL names: ["attachments", 1, "data"].
Path = list[str | int]


@dataclass(frozen=True, slots=True)
class CandidateInput:
    first_name: str
    last_name: str
    email_address: str
    phone_number: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentInput:
    name: str
    #: "CV" | "COVER_LETTER" | "OTHER" (the AttachmentType member name)
    type: str
    content_type: str | None = None
    data_url: str | None = None
    data: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerInput:
    #: a ScreeningQuestion or JobScreeningQuestion global id
    question_id: str
    #: the JSON value as the caller sent it
    answer: Any


@dataclass(frozen=True, slots=True)
class SourceInput:
    id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ApplicationDraft:
    """Everything a create mutation asks to write, before any check."""

    candidate: CandidateInput
    attachments: list[AttachmentInput] = field(default_factory=list)
    answers: list[AnswerInput] = field(default_factory=list)
    source: SourceInput | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing the caller must fix; becomes a `UserError` (field = the path as strings)."""

    path: Path
    message: str
    code: ErrorCode = ErrorCode.PLATFORM_INPUT_INVALID

    def field(self) -> list[str]:
        return [str(part) for part in self.path]


@dataclass(frozen=True, slots=True)
class FileLimits:
    """Size caps on decoded attachment bytes (from settings)."""

    max_file_bytes: int
    max_total_bytes: int


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    """Which `dataUrl`s the gateway fetches itself (see `gateway.urlfetch`).

    `fetch`: https URLs (and http on allow-listed hosts) are fetched and sent as documents;
    when False, or for a plain-http URL on another host, the URL is handed to Flatchr as a
    link resume instead.
    """

    fetch: bool = True
    allow_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ValidAttachment:
    """An attachment that passed validation. Exactly one of `data` (decoded bytes) and `url`
    is set; `fetch` says the gateway must fetch `url` (and re-check the bytes) before sending."""

    index: int
    name: str
    type: str
    content_type: str | None
    data: bytes | None = None
    url: str | None = None
    fetch: bool = False


@dataclass(frozen=True, slots=True)
class ValidAnswer:
    """An answer matched to a question of the job; `value` is already checked against the
    question's format (str, number, bool, option labels, ISO date text)."""

    index: int
    question_remote_id: str
    question_type: str
    title: str | None
    value: Any


@dataclass(frozen=True, slots=True)
class ValidDraft:
    """A draft with normalised values: trimmed names, the validated e-mail, an E.164 phone."""

    first_name: str
    last_name: str
    email: str
    phone: str | None
    attachments: list[ValidAttachment]
    answers: list[ValidAnswer]
    source: SourceInput | None


@dataclass(slots=True)
class Validation:
    """Every error at once (`draft` is None when there is any) and the warnings."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    draft: ValidDraft | None = None
