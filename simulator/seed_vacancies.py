"""Seeded vacancies with their publications and screening questions.

The first positions of every company are fixed so that the quirks are present: every contract
type (and one unknown label), statuses 0/2/3, an address abroad and a vacancy without address,
boolean and enum `remote`, the numeric-string salaries, careers/intranet and unpublished
distributions, a vacancy carrying a question of every type, a day rate (position 9). The small
companies (6 vacancies) therefore lack the quirks of positions 6 to 9; from 10 vacancies a
company has them all.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from simulator.corpus import (
    ABROAD,
    CHANNELS,
    CITIES,
    CONTRACT_WEIGHTS,
    EXPERIENCES,
    JOBS,
    QUESTION_SPECS,
    ROUTES,
)
from simulator.ids import Kind, hex_token, vacancy_slug
from simulator.model import Address, Company, Distribution, Question, Vacancy, World

CAREERS_OFFER = 98
INTRANET_OFFER = 152
_FIXED_CONTRACTS = (1, 2, 6, 9, 3, 4, 5, 7)
_LATE_CONTRACTS = {9: 6}
_FIXED_STATUS = {5: 0, 7: 2, 9: 3}
_FIXED_SALARY: dict[int, str | int] = {0: "40 000", 1: "0", 2: "45 000,50", 3: 38000}
_FIXED_PUBLICATION = {
    0: ((CAREERS_OFFER, True),),
    1: ((CAREERS_OFFER, True), (INTRANET_OFFER, True)),
    2: ((INTRANET_OFFER, True),),
    4: ((CAREERS_OFFER, False),),
    8: (),
}
_REMOTE_ENUM = ("notime", "parttime", "fulltime")


def build_vacancy(
    world: World,
    company: Company,
    rng: random.Random,
    position: int,
    *,
    created_at: datetime,
    title: str | None = None,
    status: int | None = None,
    published: bool | None = None,
) -> Vacancy:
    """One vacancy; `position` is its rank in the company (it fixes the guaranteed quirks)."""
    number, hashid = world.new_id(Kind.VACANCY)
    job_title, channel_id, metier_id, _, education = JOBS[0] if position == 0 else rng.choice(JOBS)
    if title is None:
        title = job_title
        if position % 4 == 3:
            title = f"{job_title} - {rng.choice(('CDI', 'Lyon', 'Paris', 'Nantes', 'Siège'))}"
    if position < len(_FIXED_CONTRACTS):
        contract = _FIXED_CONTRACTS[position]
    else:
        contract = rng.choices(list(CONTRACT_WEIGHTS), weights=list(CONTRACT_WEIGHTS.values()))[0]
        # Drawn anyway, then pinned: a Freelance vacancy (so a day rate) from 10 vacancies on.
        contract = _LATE_CONTRACTS.get(position, contract)
    if status is None:
        status = _FIXED_STATUS.get(position, 1)
        if position >= 12:
            status = rng.choices((1, 0, 2, 3), weights=(85, 7, 4, 4))[0]
    mensuality, salary, salary_max = _salary(rng, position, contract)
    age = (world.now - created_at).total_seconds()
    updated_at = created_at + timedelta(seconds=rng.uniform(0, age))
    start = created_at + timedelta(days=rng.randint(20, 90)) if rng.random() < 0.7 else None
    end = None
    if start is not None and contract in (2, 3, 5, 7):
        end = start + timedelta(days=30 * rng.randint(2, 12))
    if position == 3:
        address = make_address(rng, ABROAD)
    elif position == 6:
        address = None
    else:
        address = make_address(rng)
    remote: bool | str = rng.choice(_REMOTE_ENUM)
    if position % 3 == 0:
        remote = position % 2 == 0  # the 2022 boolean form
    vacancy = Vacancy(
        numeric_id=number,
        hashid=hashid,
        slug=vacancy_slug(hashid, title),
        title=title,
        reference=f"REF-{created_at:%y}-{number % 10000:04d}" if rng.random() < 0.8 else "",
        mission=f"<p>Rattaché(e) au pôle {CHANNELS[channel_id]}, vous prendrez en charge "
        f"les missions du poste de {title}.</p><ul><li>Suivi des dossiers</li>"
        "<li>Reporting hebdomadaire</li></ul>",
        profile="<p>Vous êtes rigoureux(se), autonome et avez le goût du travail en équipe.</p>",
        experience=rng.choice(EXPERIENCES),
        salary=salary,
        salary_max=salary_max,
        status=status,
        language="fr_FR" if rng.random() < 0.9 else "en_GB",
        contract_type_id=contract,
        education_level_id=education,
        activity_id=company.activity_id,
        channel_id=channel_id,
        metier_id=metier_id,
        mensuality=mensuality,
        currency="EUR",
        created_at=created_at,
        updated_at=updated_at,
        start_date=start,
        end_date=end,
        remote=remote,
        partial=rng.random() < 0.1,
        driver_license=rng.random() < 0.2,
        handicap=rng.random() < 0.5,
        address=address,
        slug_mail=hex_token(rng, 6),
        created_by=rng.choice(company.members).user.hashid if company.members else None,
        external_id=f"EXT-{number}" if rng.random() < 0.1 else None,
    )
    folders = [t.hashid for t in company.tags if t.type == "vacancies"]
    if folders and rng.random() < 0.6:
        vacancy.tag_ids.append(rng.choice(folders))
    vacancy.distributions = _distributions(world, rng, position, created_at, published)
    vacancy.questions = _questions(world, rng, position)
    return vacancy


def _salary(rng: random.Random, position: int, contract: int) -> tuple[str, str | int, str | None]:
    """`(mensuality, salary, salary_max)`. Beyond the fixed positions, Freelance vacancies and
    every other Intérim one get a day rate (`mensuality` "d"); the day rates are derived from the
    same draws as the yearly/hourly amounts, so the random stream is the same either way."""
    late = position >= len(_FIXED_CONTRACTS)
    if contract in (5, 7):
        units, cents = rng.randint(11, 15), rng.choice(("50", "88", "00"))
        if contract == 5 and late and position % 2 == 0:
            return "d", f"{units * 7},{cents}", None  # an Intérim day rate, 77-105 €
        return "h", f"{units},{cents}", None
    if contract in (3, 4):
        return "m", str(rng.choice((600, 700, 900, 1100))), None
    daily = contract == 6 and late  # a freelance day rate (TJM), 260-700 €
    if position in _FIXED_SALARY:
        amount = _FIXED_SALARY[position]
    else:
        base = rng.randint(26, 70) * 1000
        rate = base // 100
        amount = rng.choice(
            (str(rate), "0", rate, str(rate), f"{rate},50")
            if daily
            else (f"{base // 1000} 000", "0", base, str(base), f"{base // 1000} 500,50")
        )
    salary_max = None
    if amount not in ("0", 0) and rng.random() < 0.5:
        top = rng.randint(45, 90)
        salary_max = str(top * 10) if daily else f"{top} 000"
    return ("d" if daily else "y"), amount, salary_max


def _distributions(
    world: World, rng: random.Random, position: int, created_at: datetime, published: bool | None
) -> list[Distribution]:
    if published is not None:
        plan: tuple[tuple[int, bool], ...] = ((CAREERS_OFFER, published),)
    elif position in _FIXED_PUBLICATION:
        plan = _FIXED_PUBLICATION[position]
    else:
        roll = rng.random()
        if roll < 0.6:
            plan = ((CAREERS_OFFER, True),)
        elif roll < 0.75:
            plan = ((CAREERS_OFFER, True), (INTRANET_OFFER, True))
        elif roll < 0.85:
            plan = ((INTRANET_OFFER, True),)
        elif roll < 0.93:
            plan = ((CAREERS_OFFER, False),)
        else:
            plan = ()
    result = []
    for offset, (offer_id, is_published) in enumerate(plan):
        number, hashid = world.new_id(Kind.DISTRIBUTION)
        result.append(
            Distribution(
                numeric_id=number,
                hashid=hashid,
                offer_id=offer_id,
                published=is_published,
                created_at=created_at + timedelta(days=offset + 1, hours=rng.randint(0, 8)),
                external_id=f"DIFF-{number}"
                if offer_id == CAREERS_OFFER and position == 1
                else None,
            )
        )
    return result


def _questions(world: World, rng: random.Random, position: int) -> list[Question]:
    if position == 0:
        specs = list(QUESTION_SPECS)
    else:
        specs = rng.sample(QUESTION_SPECS, rng.choice((0, 0, 1, 2, 3, 4)))
    questions: list[Question] = []
    by_type: dict[str, Question] = {}
    for index, (qtype, text, options, required) in enumerate(specs):
        number, hashid = world.new_id(Kind.QUESTION)
        question = Question(
            numeric_id=number,
            hashid=hashid,
            text=text,
            type=qtype,
            required=required,
            options=options,
            position=index,
            size=255 if qtype in ("text", "textarea") else 0,
            default_value="Non" if qtype == "yesno" else "",
        )
        # Conditional questions: a label, several `;` labels, or a JSON boolean.
        if qtype == "boolean" and "yesno" in by_type:
            question.parent_question = by_type["yesno"].hashid
            question.parent_answer_expected = "Oui"
        elif qtype == "multiselect" and "select" in by_type:
            question.parent_question = by_type["select"].hashid
            question.parent_answer_expected = "Bac +3;Bac +5"
        elif qtype == "date" and "boolean" in by_type:
            question.parent_question = by_type["boolean"].hashid
            question.parent_answer_expected = True
        by_type[qtype] = question
        questions.append(question)
    return questions


def make_address(rng: random.Random, city: tuple[str, ...] | None = None) -> Address:
    locality, postal, region, departement, country, lat, lng = city or rng.choice(CITIES)
    if city is None and rng.random() < 0.04:
        locality, postal, region, departement, country, lat, lng = ABROAD
    return Address(
        street_number=str(rng.randint(1, 120)),
        route=rng.choice(ROUTES),
        locality=locality,
        postal_code=postal,
        administrative_area_level_1=region,
        administrative_area_level_2=departement,
        country=country,
        lat=lat,
        lng=lng,
    )
