"""Applicant search rows (C1) and the applicant record (C2) with its candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gateway.flatchr.models.common import Json, _key
from gateway.flatchr.models.parse import (
    parse_bool,
    parse_datetime,
    parse_dmy,
    parse_int,
    parse_str,
    scrub,
)


@dataclass(frozen=True, slots=True)
class ApplicantRow:
    """One row of the applicant search (C1): one application of one person."""

    applicant: str
    vacancy: str | None  # the vacancy *title*
    column: str | None  # the column *title*
    vacancy_id: int | None
    external_id: str | None
    status: int
    score: int | None
    hired: bool
    firstname: str | None
    lastname: str | None
    email: str | None
    phone: str | None
    created_at: datetime | None
    updated_at: datetime | None
    source: str | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> ApplicantRow:
        status = parse_int(data.get("status"))
        created = data.get("created_at")
        updated = data.get("updated_at")
        return cls(
            applicant=_key(data.get("applicant") or data.get("id")),
            vacancy=parse_str(data.get("vacancy")),
            column=parse_str(data.get("column")),
            vacancy_id=parse_int(data.get("vacancy_id")),
            external_id=parse_str(data.get("external_id")) or None,
            status=1 if status is None else status,
            score=parse_int(data.get("score")),
            hired=bool(parse_bool(data.get("hired"))),
            firstname=parse_str(data.get("firstname")),
            lastname=parse_str(data.get("lastname")),
            email=parse_str(data.get("email")) or None,
            phone=parse_str(data.get("phone")) or None,
            created_at=(parse_dmy(created) if isinstance(created, str) else None)
            or parse_datetime(created),
            updated_at=(parse_dmy(updated) if isinstance(updated, str) else None)
            or parse_datetime(updated),
            source=parse_str(data.get("source")) or None,
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class Apply:
    id: str | None
    vacancy_id: str | None
    offerer_id: str | None
    created_at: datetime | None
    imported: bool


@dataclass(frozen=True, slots=True)
class CandidateRecord:
    """The person behind an applicant, as the applicant record (C2/C3) shows it."""

    id: str | None
    numeric_id: int | None
    email: str | None
    firstname: str | None
    lastname: str | None
    phone: str | None
    created_at: datetime | None
    cv_key: str | None
    cv_extension: str | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> CandidateRecord:
        aws_raw = data.get("aws")
        aws: Json = aws_raw if isinstance(aws_raw, dict) else {}
        consent = data.get("consent")
        numeric = parse_int(data.get("candidate_id"))
        if numeric is None and isinstance(consent, list):
            for entry in consent:
                if isinstance(entry, dict) and parse_int(entry.get("candidate_id")) is not None:
                    numeric = parse_int(entry.get("candidate_id"))
                    break
        return cls(
            id=parse_str(data.get("id")),
            numeric_id=numeric,
            email=parse_str(data.get("email")) or None,
            firstname=parse_str(data.get("firstname")),
            lastname=parse_str(data.get("lastname")),
            phone=parse_str(data.get("phone")) or None,
            created_at=parse_datetime(data.get("created_at")),
            cv_key=parse_str(aws.get("key")) or None,
            cv_extension=parse_str(aws.get("extension")) or None,
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class ApplicantRecord:
    """The full applicant record returned by a move (C2) or an archive (C3)."""

    id: str
    vacancy_id: str | None  # vacancy hashid here
    column_id: int | None
    status: int
    created_at: datetime | None
    updated_at: datetime | None
    candidate: CandidateRecord | None
    applies: list[Apply]
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> ApplicantRecord:
        cand = data.get("candidate")
        applies_raw = data.get("applies")
        if not isinstance(applies_raw, list):
            applies_raw = data.get("datas")
        applies: list[Any] = applies_raw if isinstance(applies_raw, list) else []
        vacancy = data.get("vacancy_id")
        if isinstance(vacancy, dict):
            vacancy = vacancy.get("id")
        status = parse_int(data.get("status"))
        return cls(
            id=_key(data.get("id")),
            vacancy_id=parse_str(vacancy),
            column_id=parse_int(data.get("column_id")),
            status=1 if status is None else status,
            created_at=parse_datetime(data.get("created_at")),
            updated_at=parse_datetime(data.get("updated_at")),
            candidate=CandidateRecord.from_json(cand) if isinstance(cand, dict) else None,
            applies=[
                Apply(
                    id=parse_str(a.get("id")),
                    vacancy_id=parse_str(a.get("vacancy_id")),
                    offerer_id=parse_str(a.get("offerer_id")),
                    created_at=parse_datetime(a.get("created_at")),
                    imported=bool(parse_bool(a.get("import"))),
                )
                for a in applies
                if isinstance(a, dict)
            ],
            raw=scrub(data),
        )
