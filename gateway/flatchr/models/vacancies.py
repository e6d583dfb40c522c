"""Vacancies (V1, V2), their questions, addresses and publications; careers items (V4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gateway.flatchr.models.common import Json, _key, _label
from gateway.flatchr.models.parse import (
    parse_bool,
    parse_datetime,
    parse_int,
    parse_number,
    parse_remote,
    parse_str,
    scrub,
    split_list,
)


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
