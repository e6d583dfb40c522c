"""Typed raw records returned by the Flatchr client.

Each record is built leniently from Flatchr JSON with `from_json` and keeps the scrubbed
original in `raw` (for `remoteData`). These are still Flatchr's concepts (vacancy, applicant
row, column...); mapping them to the unified model happens in `unified/mapping.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gateway.flatchr.parse import (
    parse_bool,
    parse_datetime,
    parse_dmy,
    parse_int,
    parse_number,
    parse_remote,
    parse_str,
    scrub,
    split_list,
)

Json = dict[str, Any]


def _key(value: Any) -> str:
    """An identifier as text; "" when Flatchr left it out (never the string "None")."""
    return "" if value is None else str(value)


def _label(value: Any) -> str | None:
    """Label fields come as a string or as `{id, text}`/`{title}` objects."""
    if isinstance(value, dict):
        return parse_str(value.get("text") or value.get("title") or value.get("name"))
    return parse_str(value)


@dataclass(frozen=True, slots=True)
class Address:
    locality: str | None = None
    postal_code: str | None = None
    route: str | None = None
    street_number: str | None = None
    administrative_area_level_1: str | None = None
    administrative_area_level_2: str | None = None
    formatted_address: str | None = None
    country: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> Address | None:
        if isinstance(data, str):
            return cls(formatted_address=data) if data.strip() else None
        if not isinstance(data, dict) or not data:
            return None
        return cls(
            locality=parse_str(data.get("locality")),
            postal_code=parse_str(data.get("postal_code")),
            route=parse_str(data.get("route")),
            street_number=parse_str(data.get("street_number")),
            administrative_area_level_1=parse_str(data.get("administrative_area_level_1")),
            administrative_area_level_2=parse_str(data.get("administrative_area_level_2")),
            formatted_address=parse_str(
                data.get("formatted_address") or data.get("formated_address")
            ),
            country=parse_str(data.get("country")),
        )


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str | None
    type: str | None
    required: bool
    options: list[str]
    position: int | None
    size: int | None
    default_value: str | None
    parent_question: str | None
    parent_answer_expected: Any
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Question:
        return cls(
            id=_key(data.get("id")),
            text=parse_str(data.get("text")),
            type=parse_str(data.get("type")),
            required=bool(parse_bool(data.get("required"))),
            options=split_list(data.get("options")),
            position=parse_int(data.get("position")),
            size=parse_int(data.get("size")),
            default_value=parse_str(data.get("default_value")),
            parent_question=parse_str(data.get("parent_question")) or None,
            parent_answer_expected=data.get("parent_answer_expected"),
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class Distribution:
    """A publication of a vacancy on a channel (`offer_id` 98 careers site, 152 intranet)."""

    id: str | None
    offer_id: int | None
    published: bool
    created_at: datetime | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Distribution:
        published = parse_bool(data.get("published"))
        if published is None:
            published = parse_str(data.get("status")) == "published"
        return cls(
            id=parse_str(data.get("id")),
            offer_id=parse_int(data.get("offer_id")),
            published=published,
            created_at=parse_datetime(data.get("created_at")),
            raw=scrub({k: v for k, v in data.items() if k != "vacancy"}),
        )


@dataclass(frozen=True, slots=True)
class Vacancy:
    id: str
    vacancy_id: int | None
    slug: str | None
    title: str | None
    reference: str | None
    description: str | None
    mission: str | None
    profile: str | None
    experience: int | None
    salary: float | None
    salary_max: float | None
    status: int | None
    language: str | None
    contract_type: str | None
    education_level: str | None
    activity: str | None
    channel: str | None
    metier: str | None
    company_id: int | None
    mensuality: str | None
    apply_url: str | None
    currency: str | None
    created_at: datetime | None
    updated_at: datetime | None
    start_date: datetime | None
    end_date: datetime | None
    remote: str | None
    partial: bool
    address: Address | None
    tags: list[Json]
    #: None when the call did not ask for questions (V1); a list (maybe empty) from V2.
    questions: list[Question] | None
    #: None when the call did not ask for `fields=items`.
    items: list[Distribution] | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Vacancy:
        questions = data.get("questions")
        items = data.get("items")
        tags = data.get("tags")
        return cls(
            id=_key(data.get("id")),
            vacancy_id=parse_int(data.get("vacancy_id")),
            slug=parse_str(data.get("slug")),
            title=parse_str(data.get("title")),
            reference=parse_str(data.get("reference")),
            description=parse_str(data.get("description")),
            mission=parse_str(data.get("mission")),
            profile=parse_str(data.get("profile")),
            experience=parse_int(data.get("experience")),
            salary=parse_number(data.get("salary")),
            salary_max=parse_number(data.get("salary_max")),
            status=parse_int(data.get("status")),
            language=parse_str(data.get("language")),
            contract_type=_label(data.get("contract_type")),
            education_level=_label(data.get("education_level")),
            activity=_label(data.get("activity")),
            channel=_label(data.get("channel")),
            metier=_label(data.get("metier")),
            company_id=parse_int(data.get("company_id")),
            mensuality=parse_str(data.get("mensuality")),
            apply_url=parse_str(data.get("apply_url")) or None,
            currency=parse_str(data.get("currency")) or None,
            created_at=parse_datetime(data.get("created_at")),
            updated_at=parse_datetime(data.get("updated_at")),
            start_date=parse_datetime(data.get("start_date")),
            end_date=parse_datetime(data.get("end_date")),
            remote=parse_remote(data.get("remote")),
            partial=bool(parse_bool(data.get("partial"))),
            address=Address.from_json(data.get("address")),
            tags=[t for t in tags if isinstance(t, dict)] if isinstance(tags, list) else [],
            questions=(
                [Question.from_json(q) for q in questions if isinstance(q, dict)]
                if isinstance(questions, list)
                else None
            ),
            items=(
                [Distribution.from_json(i) for i in items if isinstance(i, dict)]
                if isinstance(items, list)
                else None
            ),
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class CareersItem:
    """One entry of the public careers feed (V4): a published distribution with its vacancy."""

    distribution: Distribution
    vacancy: Vacancy | None
    vacancy_id: int | None

    @classmethod
    def from_json(cls, data: Json) -> CareersItem:
        vac = data.get("vacancy")
        return cls(
            distribution=Distribution.from_json(data),
            vacancy=Vacancy.from_json(vac) if isinstance(vac, dict) else None,
            vacancy_id=parse_int(data.get("vacancy_id")),
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


@dataclass(frozen=True, slots=True)
class Column:
    id: int
    title: str | None
    position: int
    visible: bool
    hired: bool
    created_at: datetime | None
    updated_at: datetime | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Column:
        return cls(
            id=parse_int(data.get("id")) or 0,
            title=parse_str(data.get("title")),
            position=parse_int(data.get("position")) or 0,
            visible=parse_bool(data.get("visible")) is not False,
            hired=bool(parse_bool(data.get("hired"))),
            created_at=parse_datetime(data.get("created_at")),
            updated_at=parse_datetime(data.get("updated_at")),
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    tag_id: int | None
    title: str | None
    values: list[str]
    type: str | None
    multiple: bool
    visible: bool
    position: int | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Tag:
        return cls(
            id=_key(data.get("id")),
            tag_id=parse_int(data.get("tag_id")),
            title=parse_str(data.get("title")),
            values=split_list(data.get("values")),
            type=parse_str(data.get("type")),
            multiple=bool(parse_bool(data.get("multiple"))),
            visible=parse_bool(data.get("visible")) is not False,
            position=parse_int(data.get("position")),
            raw=scrub(data),
        )


@dataclass(frozen=True, slots=True)
class Trait:
    """A tag value on an applicant (T2); `tag_id` is the tag *hashid* here."""

    id: str | None
    tag_id: str
    value: str | None
    raw: Json

    @classmethod
    def from_json(cls, data: Json) -> Trait:
        return cls(
            id=parse_str(data.get("id")),
            tag_id=_key(data.get("tag_id") or data.get("tag")),
            value=parse_str(data.get("value")),
            raw=scrub(data),
        )
