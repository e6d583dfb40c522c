"""The seeded world: determinism, sizes, identifiers and the quirks it must contain."""

from __future__ import annotations

from simulator.data import generate_world
from simulator.ids import HashIds, Kind, vacancy_slug
from simulator.model import World

from .helpers import HASHID


def test_generate_world_same_seed_equal() -> None:
    first, second = generate_world(seed=11), generate_world(seed=11)
    assert first == second
    assert [c.api_key for c in first.companies] == [c.api_key for c in second.companies]


def test_generate_world_other_seed_differs() -> None:
    first, second = generate_world(seed=1), generate_world(seed=2)
    assert first.companies[0].hashid != second.companies[0].hashid
    assert first.companies[0].api_key != second.companies[0].api_key


def test_generate_world_sizes_first_company_only() -> None:
    world = generate_world(companies=4, vacancies=20, applicants=200)
    assert [c.slug for c in world.companies] == ["acme", "globex", "initech", "umbrella"]
    assert len(world.companies[0].vacancies) == 20
    assert len(world.companies[0].applicants) == 200
    assert all(len(c.vacancies) == 6 and len(c.applicants) == 30 for c in world.companies[1:])


def test_company_identity_formats(world: World) -> None:
    for company in world.companies:
        assert HASHID.match(company.hashid)
        assert company.api_key.count(".") == 2 and company.api_key.startswith("eyJ")
        assert isinstance(company.numeric_id, int)
    assert len({c.api_key for c in world.companies}) == len(world.companies)


def test_hashids_roundtrip_distinct_kinds() -> None:
    codec = HashIds("salt")
    assert codec.decode(codec.encode(Kind.VACANCY, 91201)) == (Kind.VACANCY, 91201)
    assert codec.encode(Kind.VACANCY, 5) != codec.encode(Kind.APPLICANT, 5)
    assert codec.decode("not-a-hashid-at!") is None


def test_vacancy_slug_lowercase_hashid_and_title(world: World) -> None:
    vacancy = next(iter(world.companies[0].vacancies.values()))
    assert vacancy.slug == vacancy_slug(vacancy.hashid, vacancy.title)
    assert vacancy.slug.startswith(vacancy.hashid.lower() + "-")
    assert vacancy_slug("AbC", "Développeur Python H/F") == "abc-developpeur-python-h-f"


def test_seed_quirks_present(world: World) -> None:
    acme, globex = world.companies[0], world.companies[1]
    vacancies = list(acme.vacancies.values())
    assert {v.contract_type_id for v in vacancies} >= {1, 2, 3, 4, 5, 6, 7, 9}
    assert {v.status for v in vacancies} >= {0, 1, 2, 3}
    assert {type(v.remote) for v in vacancies} == {bool, str}
    assert {"40 000", "0", "45 000,50"} <= {
        v.salary for v in vacancies if isinstance(v.salary, str)
    }
    countries = {v.address.country for v in vacancies if v.address}
    assert {"France", "Belgique"} <= countries
    assert any(v.address is None for v in vacancies)
    offers = {(d.offer_id, d.published) for v in vacancies for d in v.distributions}
    assert {(98, True), (152, True), (98, False)} <= offers
    titles = [c.title for c in globex.columns]
    assert len(titles) != len(set(titles))
    assert any(c.hired for c in acme.columns)


def test_seed_questions_every_type(world: World) -> None:
    questions = [q for v in world.companies[0].vacancies.values() for q in v.questions]
    types = {q.type for q in questions}
    expected = {"text", "textarea", "number", "yesno", "boolean", "select", "radio", "checkbox"}
    assert expected | {"multiselect", "date", "file", "info"} <= types
    assert types - expected - {"multiselect", "date", "file", "info"}  # an unknown type
    conditional = [q for q in questions if q.parent_question]
    assert {type(q.parent_answer_expected) for q in conditional} >= {str, bool}
    ids = {q.hashid for q in questions}
    assert all(q.parent_question in ids for q in conditional)


def test_seed_people_quirks(world: World) -> None:
    acme = world.companies[0]
    candidates = list(acme.candidates.values())
    assert any(c.email is None for c in candidates)
    assert any(isinstance(c.consent, list) for c in candidates)
    assert any(ch in c.firstname + c.lastname for c in candidates for ch in "éçï")
    normalized: dict[str, set[str]] = {}
    for c in candidates:
        if c.email:
            normalized.setdefault(c.email.strip().lower(), set()).add(c.email)
    assert any(len(spellings) > 1 for spellings in normalized.values())
    per_candidate: dict[str, int] = {}
    for a in acme.applicants.values():
        per_candidate[a.candidate] = per_candidate.get(a.candidate, 0) + 1
    assert max(per_candidate.values()) > 1
    assert {a.status for a in acme.applicants.values()} == {0, 1}
    sources = {a.source for a in acme.applicants.values()}
    assert {"Site carrière", "Indeed", "LinkedIn", "Cooptation"} <= sources
    multi = [t for traits in acme.traits.values() for t in traits]
    assert len(acme.traits) > len(acme.applicants) / 3
    by_tag_count = [len({t.tag for t in ts}) < len(ts) for ts in acme.traits.values()]
    assert any(by_tag_count) and multi


def test_seed_day_rates(world: World) -> None:
    """Reference §4 `mensuality` y/m/d/h: day rates exist (Freelance, some Intérim), from 10
    vacancies on, without touching the first fixed vacancies."""
    vacancies = list(world.companies[0].vacancies.values())
    assert {v.mensuality for v in vacancies} == {"y", "m", "d", "h"}
    assert [v.mensuality for v in vacancies[:8]] == ["y", "y", "y", "y", "m", "m", "h", "h"]
    assert [v.salary for v in vacancies[:4]] == ["40 000", "0", "45 000,50", 38000]
    for size in (10, 60):
        big = generate_world(vacancies=size).companies[0]
        daily = [v for v in big.vacancies.values() if v.mensuality == "d"]
        assert daily and all(v.contract_type_id in (5, 6) for v in daily)
    large = list(generate_world(vacancies=300).companies[0].vacancies.values())
    assert {v.contract_type_id for v in large if v.mensuality == "d"} == {5, 6}
    assert any(v.mensuality == "h" and v.contract_type_id == 5 for v in large)
