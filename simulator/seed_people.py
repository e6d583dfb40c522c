"""Seeded candidates and applicants: the people side of a generated company.

Applicants are created in chronological order (so creation order = id order = C1 order). About
one application in eight comes from a person who already applied: either the same candidate
record, or a duplicate record whose e-mail differs only in case or surrounding whitespace (what
imports and manual entries leave behind in a real tenant).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from itertools import accumulate

from simulator.corpus import (
    COVER_LETTERS,
    CV_EXTENSIONS,
    EMAIL_DOMAINS,
    FIRST_NAMES,
    FREE_TAG_VALUES,
    LAST_NAMES,
)
from simulator.ids import slugify
from simulator.model import Candidate, Column, Company, Source, World
from simulator.people import attach_cv, new_applicant, new_candidate, set_trait

_OFFERER_WEIGHTS = {75: 30, 12: 20, 31: 15, 44: 10, 58: 5, 63: 3}
_CUSTOM_WEIGHTS = (8, 3, 4)
_IMPORT_WEIGHT = 2
_COLUMN_WEIGHTS = (35, 20, 15, 10, 6, 8, 5, 3)


def populate_applicants(world: World, company: Company, rng: random.Random, count: int) -> None:
    vacancies = list(company.vacancies.values())
    if not vacancies or count <= 0:
        return
    cumulative = list(accumulate(3 if v.status == 1 else 1 for v in vacancies))
    plans = []
    for _ in range(count):
        vacancy = rng.choices(vacancies, cum_weights=cumulative)[0]
        span = (world.now - vacancy.created_at).total_seconds()
        created = vacancy.created_at + timedelta(seconds=rng.uniform(3600, max(span, 7200)))
        plans.append((created, vacancy))
    plans.sort(key=lambda plan: plan[0])
    columns = sorted(company.columns, key=lambda c: (c.position, c.id))
    column_weights = [
        _COLUMN_WEIGHTS[min(i, len(_COLUMN_WEIGHTS) - 1)] for i in range(len(columns))
    ]
    origins = _origins(world, company)
    people: list[Candidate] = []
    emails: set[str] = set()
    for created, vacancy in plans:
        candidate = _person(world, company, rng, created, people, emails)
        column: Column = rng.choices(columns, weights=column_weights)[0]
        archive_rate = 0.05 if column.hired else (0.35 if vacancy.status != 1 else 0.15)
        status = 0 if rng.random() < archive_rate else 1
        moved = status == 0 or column.position > 0 or rng.random() < 0.3
        age = (world.now - created).total_seconds()
        updated = created + timedelta(seconds=rng.uniform(0, age)) if moved else created
        label, origin, _ = rng.choices(origins, weights=[w for _, _, w in origins])[0]
        imported = label == "Import"
        applicant = new_applicant(
            world,
            company,
            vacancy=vacancy,
            candidate=candidate,
            column_id=column.id,
            created_at=created,
            updated_at=updated,
            source=label,
            offerer=origin,
            status=status,
            score=rng.choices((0, 1, 2, 3, 4, 5), weights=(60, 5, 8, 12, 10, 5))[0],
            comment=rng.choice(COVER_LETTERS),
            external_id=f"ATS-{rng.randint(10000, 99999)}" if imported else None,
            imported=imported,
        )
        applicant.view = rng.random() < 0.7
        if rng.random() < 0.6:
            _traits(world, company, rng, applicant.hashid)


def _origins(world: World, company: Company) -> list[tuple[str, Source | None, int]]:
    """Where applications come from: job boards, the company's custom sources, imports."""
    origins: list[tuple[str, Source | None, int]] = [
        (world.offerers[number].label, world.offerers[number], weight)
        for number, weight in _OFFERER_WEIGHTS.items()
    ]
    origins += [
        (source.label, source, weight)
        for source, weight in zip(company.sources, _CUSTOM_WEIGHTS, strict=False)
    ]
    origins.append(("Import", None, _IMPORT_WEIGHT))
    return origins


def _person(
    world: World,
    company: Company,
    rng: random.Random,
    created: datetime,
    people: list[Candidate],
    emails: set[str],
) -> Candidate:
    roll = rng.random()
    if people and roll < 0.08:
        return rng.choice(people)  # the same person applies to another vacancy
    if people and roll < 0.13:
        original = rng.choice(people)
        if original.email:
            duplicate = new_candidate(
                world,
                company,
                firstname=original.firstname,
                lastname=original.lastname,
                email=_variant(rng, original.email),
                phone=original.phone,
                created_at=created,
            )
            return duplicate
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = None
    if rng.random() < 0.92:
        local = f"{slugify(first)}.{slugify(last)}"
        domain = rng.choice(EMAIL_DOMAINS)
        email, suffix = f"{local}@{domain}", 1
        while email in emails:
            suffix += 1
            email = f"{local}{suffix}@{domain}"
        emails.add(email)
    roll = rng.random()
    phone = None
    if roll < 0.75:
        digits = [rng.randint(10, 99) for _ in range(4)]
        phone = "+33 6 " + " ".join(str(d) for d in digits)
    elif roll < 0.87:
        phone = f"07{rng.randint(10000000, 99999999)}"
    candidate = new_candidate(
        world,
        company,
        firstname=first,
        lastname=last,
        email=email,
        phone=phone,
        created_at=created,
        consent_list=rng.random() < 0.15,
    )
    # §5.11: some URL fields lack a scheme, some use http:// (by id, not drawn, so the random
    # stream and the rest of the world stay the same).
    if candidate.numeric_id % 10 == 3:
        candidate.cv_scheme = ""
    elif candidate.numeric_id % 10 == 7:
        candidate.cv_scheme = "http://"
    if rng.random() < 0.2:
        candidate.urls = {"linkedin": f"https://www.linkedin.com/in/{slugify(first + last)}"}
    if rng.random() < 0.85:
        extension = rng.choices(
            [e for e, _ in CV_EXTENSIONS], weights=[w for _, w in CV_EXTENSIONS]
        )[0]
        attach_cv(company, candidate, rng, extension=extension, created_at=created)
    people.append(candidate)
    return candidate


def _variant(rng: random.Random, email: str) -> str:
    local, _, domain = email.partition("@")
    choice = rng.randrange(3)
    if choice == 0:
        return ".".join(part.capitalize() for part in local.split(".")) + "@" + domain.capitalize()
    if choice == 1:
        return f"  {email} "
    return email.upper()


def _traits(world: World, company: Company, rng: random.Random, applicant: str) -> None:
    tags = [t for t in company.tags if t.type == "candidates"]
    applicant_obj = company.applicants[applicant]
    for tag in rng.sample(tags, rng.randint(1, min(3, len(tags)))):
        values = [v for v in tag.values.split(";") if v]
        if not values:
            set_trait(world, company, applicant_obj, tag.hashid, rng.choice(FREE_TAG_VALUES))
            continue
        count = rng.randint(1, 2) if tag.multiple else 1
        for value in rng.sample(values, min(count, len(values))):
            set_trait(world, company, applicant_obj, tag.hashid, value)
