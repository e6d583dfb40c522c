"""Small Flatchr payloads for the mapping tests, built through the records' `from_json`."""

from __future__ import annotations

from typing import Any

from gateway.flatchr.models import ApplicantRow, Column, Question, Tag, Trait, Vacancy
from unified.mapping import map_job
from unified.model import JobRecord

VACANCY_ID = "Vq5r6pYxam9AmMvP"
CAREERS = "https://careers.example.test"


def vacancy(**fields: Any) -> Vacancy:
    data: dict[str, Any] = {
        "id": VACANCY_ID,
        "vacancy_id": 91234,
        "slug": "vq5r6pyxam9ammvp-data-analyst-h-f",
        "title": "Data Analyst H/F",
        "status": 1,
    }
    data.update(fields)
    return Vacancy.from_json(data)


def row(applicant: str, **fields: Any) -> ApplicantRow:
    return ApplicantRow.from_json({"applicant": applicant, **fields})


def column(id: int, title: str, position: int, **fields: Any) -> Column:
    return Column.from_json({"id": id, "title": title, "position": position, **fields})


def question(id: str, type: str | None = "text", **fields: Any) -> Question:
    return Question.from_json({"id": id, "text": f"Question {id}", "type": type, **fields})


def tag(id: str, type: str = "candidates", **fields: Any) -> Tag:
    return Tag.from_json({"id": id, "title": f"Tag {id}", "type": type, **fields})


def trait(tag_id: str, value: Any) -> Trait:
    return Trait.from_json({"tag_id": tag_id, "value": value})


def job(**fields: Any) -> JobRecord:
    return map_job(vacancy(**fields), careers_base_url=CAREERS, slug="acme")


def dist(offer_id: int, published: Any = True, **extra: Any) -> dict[str, Any]:
    """A vacancy distribution (`items[]`); `published=None` leaves the key out."""
    data: dict[str, Any] = {"id": f"D{offer_id}", "offer_id": offer_id, **extra}
    if published is not None:
        data["published"] = published
    return data
