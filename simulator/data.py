"""Deterministic generator of a seeded Flatchr world (companies, pipelines, vacancies, people).

Everything comes from `random.Random` instances seeded from the world seed (never the global
generator, never the clock), so a seed always yields the same ids, keys and names. The first
company ("acme") is sized by the caller; the others are small and fixed.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from simulator.corpus import (
    CANDIDATE_TAGS,
    CITIES,
    COLUMNS,
    COMPANIES,
    CUSTOM_SOURCES,
    FIRST_NAMES,
    LAST_NAMES,
    OFFERERS,
    VACANCY_TAGS,
)
from simulator.ids import Kind, make_jwt, slugify
from simulator.model import Column, Company, Member, Source, Tag, User, World
from simulator.seed_people import populate_applicants
from simulator.seed_vacancies import build_vacancy, make_address

__all__ = ["KEY_LIFETIME_S", "USER_PASSWORD", "WORLD_NOW", "Company", "World", "generate_world"]

#: Seeded dates lie before this instant (so they never depend on the machine clock).
WORLD_NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
OTHER_VACANCIES = 6
OTHER_APPLICANTS = 30
USER_PASSWORD = "flatchr-sim"
#: API keys are valid 365 days (reference §1.2).
KEY_LIFETIME_S = 365 * 86400

_FIRST_IDS = {
    Kind.COMPANY: 412,
    Kind.VACANCY: 91201,
    Kind.APPLICANT: 880001,
    Kind.CANDIDATE: 703001,
    Kind.APPLY: 1204001,
    Kind.TAG: 1201,
    Kind.TRAIT: 55001,
    Kind.QUESTION: 30001,
    Kind.DISTRIBUTION: 150001,
    Kind.MEMBER: 2101,
    Kind.USER: 5101,
    Kind.OFFERER: 1,
    Kind.SOURCE: 801,
    Kind.COLUMN: 4021,
}


def generate_world(
    seed: int = 7, companies: int = 3, vacancies: int = 12, applicants: int = 120
) -> World:
    """A fresh world; `vacancies`/`applicants` size the first company ("acme")."""
    world = World(
        seed=seed,
        now=WORLD_NOW,
        companies=[],
        offerers={},
        salt=f"flatchr-sim:{seed}",
        counters=dict(_FIRST_IDS),
    )
    for number, label in OFFERERS:
        world.offerers[number] = Source(number, world.hashids.encode(Kind.OFFERER, number), label)
    for index in range(companies):
        rng = random.Random(f"{seed}:company:{index}")
        n_vacancies, n_applicants = (
            (vacancies, applicants) if index == 0 else (OTHER_VACANCIES, OTHER_APPLICANTS)
        )
        company = _company(world, rng, index)
        world.companies.append(company)
        _columns(world, company, index)
        _tags(world, company, rng)
        _members(world, company, rng, 8 if index == 0 else 3)
        for label in CUSTOM_SOURCES:
            number, hashid = world.new_id(Kind.SOURCE)
            company.sources.append(Source(number, hashid, label))
        ages = sorted((rng.uniform(15, 540) for _ in range(n_vacancies)), reverse=True)
        for position, age in enumerate(ages):
            vacancy = build_vacancy(
                world, company, rng, position, created_at=WORLD_NOW - timedelta(days=age)
            )
            company.vacancies[vacancy.hashid] = vacancy
        populate_applicants(world, company, rng, n_applicants)
    return world


def _company(world: World, rng: random.Random, index: int) -> Company:
    if index < len(COMPANIES):
        slug, name, activity_id = COMPANIES[index]
    else:
        slug, name, activity_id = f"company{index + 1}", f"Company {index + 1}", 33
    number, hashid = world.new_id(Kind.COMPANY)
    issued = int(WORLD_NOW.timestamp()) - rng.randint(10, 300) * 86400
    secret = f"{world.salt}:{slug}"
    # Keys last KEY_LIFETIME; issued 10-300 days before WORLD_NOW, the current key never expires
    # in the simulator (expiry is checked against WORLD_NOW, not the machine clock).
    api_key = make_jwt({"id": number, "iat": issued, "exp": issued + KEY_LIFETIME_S}, secret)
    # The key this one replaced: issued a key lifetime + 35 days earlier, so already expired.
    # (Derived, not drawn: the company's random stream, hence the rest of the world, is unchanged.)
    old_issued = issued - KEY_LIFETIME_S - 35 * 86400
    expired_api_key = make_jwt(
        {"id": number, "iat": old_issued, "exp": old_issued + KEY_LIFETIME_S}, secret
    )
    return Company(
        numeric_id=number,
        hashid=hashid,
        slug=slug,
        name=name,
        api_key=api_key,
        expired_api_key=expired_api_key,
        created_at=WORLD_NOW - timedelta(days=rng.randint(700, 2500)),
        address=make_address(rng, CITIES[index % len(CITIES)]),
        activity_id=activity_id,
        email=f"recrutement@{slug}.example.com",
        phone=f"+33 1 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00",
    )


def _columns(world: World, company: Company, index: int) -> None:
    specs = list(COLUMNS)
    if index == 1:
        # Documented hazard: column titles are not unique within a company.
        specs.insert(3, ("Entretien RH", False))
    hidden = index == 0
    created = company.created_at + timedelta(days=1)
    for position, (title, hired) in enumerate(specs):
        number, _ = world.new_id(Kind.COLUMN)
        company.columns.append(Column(number, title, position, True, hired, created, created))
    if hidden:
        number, _ = world.new_id(Kind.COLUMN)
        company.columns.append(Column(number, "Vivier", len(specs), False, False, created, created))


def _tags(world: World, company: Company, rng: random.Random) -> None:
    for position, (title, values, multiple, creatable) in enumerate(CANDIDATE_TAGS):
        number, hashid = world.new_id(Kind.TAG)
        company.tags.append(
            Tag(
                numeric_id=number,
                hashid=hashid,
                title=title,
                values=values,
                type="candidates",
                multiple=multiple,
                visible=True,
                creatable=creatable,
                folder=False,
                position=position,
            )
        )
    for title in rng.sample(VACANCY_TAGS, 2):
        number, hashid = world.new_id(Kind.TAG)
        company.tags.append(
            Tag(
                numeric_id=number,
                hashid=hashid,
                title=title,
                values="",
                type="vacancies",
                multiple=False,
                visible=True,
                creatable=False,
                folder=True,
                position=None,
            )
        )


def _members(world: World, company: Company, rng: random.Random, count: int) -> None:
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        user_number, user_hashid = world.new_id(Kind.USER)
        member_number, member_hashid = world.new_id(Kind.MEMBER)
        created = company.created_at + timedelta(days=rng.randint(1, 400))
        local = slugify(f"{first}.{last}").replace("-", ".")
        user = User(
            numeric_id=user_number,
            hashid=user_hashid,
            firstname=first,
            lastname=last,
            email=f"{local}.{index + 1}@{company.slug}.example.com",
            phone=f"+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}",
            language="fr_FR" if rng.random() < 0.9 else "en_GB",
            created_at=created,
            password=USER_PASSWORD,
        )
        company.members.append(
            Member(
                numeric_id=member_number,
                hashid=member_hashid,
                role_id=2 if index == 0 else 3,
                created_at=created,
                last_login=WORLD_NOW - timedelta(hours=rng.randint(1, 24 * 60)),
                user=user,
                external_id=f"EMP-{user_number}" if index % 3 == 1 else None,
            )
        )
