"""World mutations that remove things and put them back (`POST /_sim/mutate`), so tests can
see a record disappear from its collection and come back with the same id: a tag, a column, a
vacancy's screening question, an applicant's trait, and `restore` for any of them (and for
vacancies and applicants removed by `delete_vacancy` / `delete_applicant`)."""

from __future__ import annotations

from typing import Any

from simulator.model import Applicant, Company
from simulator.state import SimState
from simulator.web import ApiError

Json = dict[str, Any]


def _text(body: Json, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f'"{name}" is required')
    return value.strip()


def keep(sim: SimState, kind: str, key: str, value: Any) -> None:
    """Remember what a delete removed, for `restore`."""
    sim.trash[(kind, key)] = value


def delete_tag(sim: SimState, company: Company, body: Json) -> Json:
    tag = company.tag(_text(body, "tag"))
    if tag is None:
        raise ApiError(404, "Tag not found")
    company.tags.remove(tag)
    keep(sim, "tag", tag.hashid, tag)
    return {"tag": tag.hashid}


def delete_column(sim: SimState, company: Company, body: Json) -> Json:
    column_id = body.get("column_id")
    column = company.column(column_id) if isinstance(column_id, int) else None
    if column is None:
        raise ApiError(404, "Column not found")
    company.columns.remove(column)
    keep(sim, "column", str(column.id), column)
    return {"column_id": column.id}


def delete_question(sim: SimState, company: Company, body: Json) -> Json:
    vacancy = company.vacancies.get(_text(body, "vacancy"))
    if vacancy is None:
        raise ApiError(404, "Vacancy not found")
    question = next((q for q in vacancy.questions if q.hashid == body.get("question")), None)
    if question is None:
        raise ApiError(404, "Question not found")
    vacancy.questions.remove(question)
    keep(sim, "question", f"{vacancy.hashid}:{question.hashid}", question)
    return {"vacancy": vacancy.hashid, "question": question.hashid}


def delete_trait(sim: SimState, company: Company, body: Json) -> Json:
    applicant = _text(body, "applicant")
    tag = _text(body, "tag")
    traits = company.traits.get(applicant, [])
    gone = [t for t in traits if t.tag == tag]
    if not gone:
        raise ApiError(404, "Trait not found")
    company.traits[applicant] = [t for t in traits if t.tag != tag]
    keep(sim, "trait", f"{applicant}:{tag}", gone)
    return {"applicant": applicant, "tag": tag, "traits": [t.hashid for t in gone]}


def restore(sim: SimState, company: Company, body: Json) -> Json:
    """Put back what a delete removed: `kind` (tag | column | question | trait | vacancy |
    applicant) and `key` (the id the delete answered; `<vacancy>:<question>` for a question,
    `<applicant>:<tag>` for a trait)."""
    kind, key = _text(body, "kind"), _text(body, "key")
    value = sim.trash.pop((kind, key), None)
    if value is None:
        raise ApiError(404, "Nothing to restore")
    if kind == "tag":
        company.tags.append(value)
    elif kind == "column":
        company.columns.append(value)
    elif kind == "question":
        vacancy = company.vacancies[key.split(":", 1)[0]]
        vacancy.questions.append(value)
        vacancy.questions.sort(key=lambda q: q.position)
    elif kind == "trait":
        company.traits.setdefault(key.split(":", 1)[0], []).extend(value)
    elif kind == "vacancy":
        vacancy, applicants = value
        company.vacancies[key] = vacancy
        for applicant in applicants:
            _put_applicant(company, applicant)
    elif kind == "applicant":
        _put_applicant(company, value)
    return {"kind": kind, "key": key}


def _put_applicant(company: Company, value: tuple[Applicant, list[Any]]) -> None:
    applicant, traits = value
    company.applicants[applicant.hashid] = applicant
    if traits:
        company.traits[applicant.hashid] = traits


OPS = (delete_tag, delete_column, delete_question, delete_trait, restore)
