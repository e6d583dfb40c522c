"""Every read method against the simulator: right endpoint, typed records, filters applied."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gateway.flatchr import FlatchrClient
from tests.flatchr.helpers import Sim


async def test_list_vacancies_returns_the_company_vacancies(
    client: FlatchrClient, sim: Sim, company: Any
) -> None:
    vacancies = await client.list_vacancies()

    assert vacancies
    assert {v.company_id for v in vacancies} == {company.numeric_id}
    assert all(v.items is not None for v in vacancies)
    assert any(v.address is not None for v in vacancies)
    assert len({v.id for v in vacancies}) == len(vacancies)
    assert await sim.counts() == {"V1": 1}


async def test_list_vacancies_without_fields_has_no_distributions(client: FlatchrClient) -> None:
    vacancies = await client.list_vacancies(fields=())

    assert vacancies
    assert all(v.items is None for v in vacancies)


async def test_list_vacancies_status_filter_keeps_only_that_status(client: FlatchrClient) -> None:
    everything = await client.list_vacancies(fields=())
    statuses = {v.status for v in everything}
    assert len(statuses) > 1, "the seeded world should hold vacancies of several statuses"

    open_only = await client.list_vacancies(fields=(), status=1)

    assert open_only
    assert {v.status for v in open_only} == {1}
    assert len(open_only) < len(everything)


async def test_get_vacancy_includes_screening_questions(client: FlatchrClient, sim: Sim) -> None:
    listed = await client.list_vacancies(fields=())

    details = [await client.get_vacancy(v.id) for v in listed]

    assert [d.id for d in details] == [v.id for v in listed]
    assert all(d.questions is not None for d in details)
    assert any(d.questions for d in details)
    assert (await sim.counts())["V2"] == len(listed)


async def test_careers_feed_lists_published_vacancies_of_the_slug(
    client: FlatchrClient, sim: Sim, company: Any
) -> None:
    ids = {v.id for v in await client.list_vacancies(fields=())}

    items = await client.careers_feed(company.slug)

    assert items
    assert all(i.vacancy is not None and i.vacancy.id in ids for i in items)
    assert all(i.distribution.published for i in items)
    assert (await sim.counts())["V4"] == 1


async def test_search_applicants_returns_one_row_per_application(
    client: FlatchrClient, sim: Sim
) -> None:
    vacancy_ids = {v.vacancy_id for v in await client.list_vacancies(fields=())}

    rows = await client.search_applicants()

    assert rows
    assert len({r.applicant for r in rows}) == len(rows)
    assert {r.vacancy_id for r in rows} <= vacancy_ids
    assert all(r.created_at is not None for r in rows)
    assert (await sim.counts())["C1"] == 1


async def test_search_applicants_vacancy_filter_takes_the_hashid(client: FlatchrClient) -> None:
    rows = await client.search_applicants()
    vacancies = {v.vacancy_id: v for v in await client.list_vacancies(fields=())}
    target = vacancies[rows[0].vacancy_id]

    filtered = await client.search_applicants(vacancy=target.id)

    assert filtered
    assert {r.vacancy_id for r in filtered} == {target.vacancy_id}
    assert {r.applicant for r in filtered} == {
        r.applicant for r in rows if r.vacancy_id == target.vacancy_id
    }


async def test_search_applicants_email_filter_finds_that_person(client: FlatchrClient) -> None:
    rows = await client.search_applicants()
    email = next(r.email for r in rows if r.email)

    found = await client.search_applicants(email=email)

    assert found
    assert {(r.email or "").lower() for r in found} == {email.lower()}


async def test_search_applicants_date_window_is_sent_as_mdy(client: FlatchrClient) -> None:
    rows = await client.search_applicants()
    # A day after the 12th: read as DD/MM it would not be a valid date.
    day = next(r.created_at.date() for r in rows if r.created_at and r.created_at.day > 12)

    same_day = await client.search_applicants(start=day, end=day)
    later = await client.search_applicants(start=day + timedelta(days=1))

    assert same_day
    assert {r.applicant for r in same_day} == {
        r.applicant for r in rows if r.created_at and r.created_at.date() == day
    }
    assert all(r.created_at and r.created_at.date() > day for r in later)


async def test_search_applicants_column_filter_takes_the_title(client: FlatchrClient) -> None:
    rows = await client.search_applicants()
    title = rows[0].column
    assert title is not None

    filtered = await client.search_applicants(column=title)

    assert filtered
    assert {r.column for r in filtered} == {title}


async def test_list_columns_returns_ordered_pipeline(client: FlatchrClient, sim: Sim) -> None:
    columns = await client.list_columns()

    assert columns
    assert len({c.id for c in columns}) == len(columns)
    assert any(c.hired for c in columns)
    assert await sim.counts() == {"S1": 1}


async def test_list_tags_returns_candidate_tags(client: FlatchrClient, sim: Sim) -> None:
    tags = await client.list_tags()

    assert any(t.type == "candidates" for t in tags)
    assert await sim.counts() == {"T1": 1}


async def test_applicant_traits_returns_tag_values(client: FlatchrClient, sim: Sim) -> None:
    tag_ids = {t.id for t in await client.list_tags()}
    rows = await client.search_applicants()

    traits = [t for r in rows[:30] for t in await client.applicant_traits(r.applicant)]

    assert traits
    assert {t.tag_id for t in traits} <= tag_ids
    assert (await sim.counts())["T2"] == min(30, len(rows))
