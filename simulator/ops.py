"""World mutations behind `POST /_sim/mutate`: what happens in a Flatchr tenant between two
syncs (a job renamed, closed or deleted, an applicant archived or removed, a column renamed...).
Each op returns the ids of what it touched."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from simulator.corpus import FIRST_NAMES, LAST_NAMES
from simulator.ids import Kind, slugify, vacancy_slug
from simulator.model import Applicant, Column, Company, Vacancy
from simulator.ops_removal import OPS as REMOVAL_OPS
from simulator.ops_removal import keep
from simulator.people import delete_applicant as remove_applicant
from simulator.people import find_candidate_by_email, new_applicant, new_candidate
from simulator.people import set_trait as store_trait
from simulator.seed_vacancies import build_vacancy
from simulator.state import SimState
from simulator.web import ApiError

Json = dict[str, Any]
Op = Callable[[SimState, Company, Json], Json]


def _text(body: Json, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f'"{name}" is required')
    return value.strip()


def _vacancy(company: Company, body: Json) -> Vacancy:
    vacancy = company.vacancies.get(_text(body, "vacancy"))
    if vacancy is None:
        raise ApiError(404, "Vacancy not found")
    return vacancy


def _applicant(company: Company, body: Json) -> Applicant:
    applicant = company.applicants.get(_text(body, "applicant"))
    if applicant is None:
        raise ApiError(404, "Applicant not found")
    return applicant


def _vacancy_ids(vacancy: Vacancy) -> Json:
    return {"vacancy": vacancy.hashid, "vacancy_id": vacancy.numeric_id, "slug": vacancy.slug}


def _applicant_ids(applicant: Applicant) -> Json:
    return {
        "applicant": applicant.hashid,
        "applicant_id": applicant.numeric_id,
        "candidate": applicant.candidate,
        "vacancy": applicant.vacancy,
    }


def rename_vacancy(sim: SimState, company: Company, body: Json) -> Json:
    """The slug follows the title, so the old slug stops working on C4."""
    vacancy = _vacancy(company, body)
    vacancy.title = _text(body, "title")
    vacancy.slug = vacancy_slug(vacancy.hashid, vacancy.title)
    vacancy.updated_at = sim.now()
    return _vacancy_ids(vacancy)


def close_vacancy(sim: SimState, company: Company, body: Json) -> Json:
    vacancy = _vacancy(company, body)
    status = body.get("status", 0)
    if not isinstance(status, int) or isinstance(status, bool):
        raise ApiError(400, '"status" must be a number')
    vacancy.status = status
    vacancy.updated_at = sim.now()
    return {**_vacancy_ids(vacancy), "status": status}


def delete_vacancy(sim: SimState, company: Company, body: Json) -> Json:
    """Removes the vacancy and its applicants (they vanish from C1)."""
    vacancy = _vacancy(company, body)
    del company.vacancies[vacancy.hashid]
    gone = [a.hashid for a in company.applicants.values() if a.vacancy == vacancy.hashid]
    kept = [(company.applicants[h], company.traits.get(h, [])) for h in gone]
    keep(sim, "vacancy", vacancy.hashid, (vacancy, kept))
    for hashid in gone:
        remove_applicant(company, hashid)
    return {**_vacancy_ids(vacancy), "applicants": gone}


def add_vacancy(sim: SimState, company: Company, body: Json) -> Json:
    title = body.get("title")
    status = body.get("status", 1)
    published = body.get("published", True)
    if title is not None and not isinstance(title, str):
        raise ApiError(400, '"title" must be a string')
    if not isinstance(status, int) or not isinstance(published, bool):
        raise ApiError(400, '"status" must be a number and "published" a boolean')
    world = sim.world
    rng = random.Random(f"{world.seed}:add_vacancy:{world.counters[Kind.VACANCY]}")
    now = sim.now()
    vacancy = build_vacancy(
        world,
        company,
        rng,
        len(company.vacancies),
        created_at=now,
        title=title,
        status=status,
        published=published,
    )
    vacancy.updated_at = now
    company.vacancies[vacancy.hashid] = vacancy
    return _vacancy_ids(vacancy)


def archive_applicant(sim: SimState, company: Company, body: Json) -> Json:
    applicant = _applicant(company, body)
    applicant.status = 0
    applicant.updated_at = sim.now()
    return _applicant_ids(applicant)


def delete_applicant(sim: SimState, company: Company, body: Json) -> Json:
    applicant = _applicant(company, body)
    keep(sim, "applicant", applicant.hashid, (applicant, company.traits.get(applicant.hashid, [])))
    remove_applicant(company, applicant.hashid)
    return _applicant_ids(applicant)


def add_applicant(sim: SimState, company: Company, body: Json) -> Json:
    """A new application (re-using the candidate with the same e-mail), e.g. one made in the
    Flatchr UI; `column_id` or `column` (title) picks the stage, default the first one."""
    vacancy = _vacancy(company, body)
    world, now = sim.world, sim.now()
    rng = random.Random(f"{world.seed}:add_applicant:{len(company.applicants)}")
    firstname = body.get("firstname") or rng.choice(FIRST_NAMES)
    lastname = body.get("lastname") or rng.choice(LAST_NAMES)
    email = body.get("email")
    if email is None and "email" not in body:
        email = f"{slugify(firstname)}.{slugify(lastname)}.{rng.randint(100, 999)}@example.com"
    column: Column | None = company.first_column()
    if body.get("column_id") is not None:
        column_id = body["column_id"]
        column = company.column(column_id) if isinstance(column_id, int) else None
    elif body.get("column") is not None:
        column = next((c for c in company.columns if c.title == body["column"]), None)
    if column is None:
        raise ApiError(400, "Column not found")
    status = body.get("status", 1)
    if status not in (0, 1) or isinstance(status, bool):
        raise ApiError(400, '"status" must be 0 or 1')
    candidate = find_candidate_by_email(company, email) or new_candidate(
        world,
        company,
        firstname=str(firstname),
        lastname=str(lastname),
        email=email,
        phone=body.get("phone"),
        created_at=now,
    )
    applicant = new_applicant(
        world,
        company,
        vacancy=vacancy,
        candidate=candidate,
        column_id=column.id,
        created_at=now,
        source=str(body.get("source") or "Cooptation"),
        offerer=None,
        status=status,
    )
    return {**_applicant_ids(applicant), "candidate_id": candidate.numeric_id}


def rename_column(sim: SimState, company: Company, body: Json) -> Json:
    column_id = body.get("column_id")
    column = company.column(column_id) if isinstance(column_id, int) else None
    if column is None:
        raise ApiError(404, "Column not found")
    column.title = _text(body, "title")
    column.updated_at = sim.now()
    return {"column_id": column.id, "title": column.title}


def set_trait(sim: SimState, company: Company, body: Json) -> Json:
    applicant = _applicant(company, body)
    tag = company.tag(_text(body, "tag"))
    if tag is None:
        raise ApiError(404, "Tag not found")
    trait = store_trait(sim.world, company, applicant, tag.hashid, _text(body, "value"))
    return {
        "trait": trait.hashid,
        "tag": tag.hashid,
        "applicant": applicant.hashid,
        "value": trait.value,
    }


OPS: dict[str, Op] = {
    op.__name__: op
    for op in (
        rename_vacancy,
        delete_vacancy,
        close_vacancy,
        add_vacancy,
        archive_applicant,
        delete_applicant,
        add_applicant,
        rename_column,
        set_trait,
        *REMOVAL_OPS,
    )
}


def mutate(sim: SimState, body: Json) -> Json:
    reference = body.get("company")
    company = None
    if isinstance(reference, str):
        company = sim.world.company_by_hashid(reference) or sim.world.company_by_slug(reference)
    if company is None:
        raise ApiError(404, "Company not found")
    op = OPS.get(str(body.get("op")))
    if op is None:
        raise ApiError(400, f'"op" must be one of [{", ".join(OPS)}]')
    return {"op": body["op"], "company": company.hashid, **op(sim, company, body)}
