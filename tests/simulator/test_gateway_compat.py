"""The gateway's record types (gateway/flatchr/models.py) read every simulator payload."""

from __future__ import annotations

import httpx

from gateway.flatchr.models import (
    ApplicantRecord,
    ApplicantRow,
    CareersItem,
    Column,
    Tag,
    Trait,
    Vacancy,
)
from simulator.model import Company

from .helpers import auth, search


async def test_gateway_models_parse_vacancies_and_feed(
    client: httpx.AsyncClient, acme: Company
) -> None:
    params = {"fields": "address,tags,items"}
    raw = (
        await client.get(f"/company/{acme.hashid}/vacancies", params=params, headers=auth(acme))
    ).json()
    vacancies = [Vacancy.from_json(v) for v in raw]
    assert {v.remote for v in vacancies} == {"notime", "parttime", "fulltime"}
    assert {v.salary for v in vacancies} >= {40000.0, 0.0, 45000.5}
    assert all(v.items is not None and v.vacancy_id for v in vacancies)
    first = next(iter(acme.vacancies.values()))
    detail = (
        await client.get(
            f"/vacancy/{first.hashid}", params={"fields": "questions"}, headers=auth(acme)
        )
    ).json()
    questions = Vacancy.from_json(detail).questions
    assert questions is not None and any(q.options for q in questions)
    assert any(q.parent_question for q in questions)
    feed = (await client.get("/careers/company/acme.json")).json()
    items = [CareersItem.from_json(i) for i in feed["items"]]
    assert all(i.distribution.published and i.vacancy is not None for i in items)


async def test_gateway_models_parse_applicants(client: httpx.AsyncClient, acme: Company) -> None:
    rows = [ApplicantRow.from_json(r) for r in await search(client, acme)]
    assert all(r.created_at is not None and r.updated_at is not None for r in rows)
    assert {r.status for r in rows} == {0, 1} and any(r.hired for r in rows)
    applicant = next(a for a in acme.applicants.values() if acme.candidates[a.candidate].cv_key)
    path = f"/company/{acme.hashid}/vacancy/{applicant.vacancy}/applicant/{applicant.hashid}"
    moved = (
        await client.put(path, json={"column_id": applicant.column_id}, headers=auth(acme))
    ).json()
    record = ApplicantRecord.from_json(moved)
    assert record.vacancy_id == applicant.vacancy and record.applies
    assert (
        record.candidate is not None and record.candidate.cv_key and record.candidate.cv_extension
    )
    assert "aws" in record.candidate.raw and "signature" not in record.candidate.raw["aws"]
    archived = ApplicantRecord.from_json((await client.delete(path, headers=auth(acme))).json())
    assert archived.status == 0


async def test_gateway_models_parse_reference_lists(
    client: httpx.AsyncClient, acme: Company
) -> None:
    base = f"/company/{acme.hashid}"
    columns = [
        Column.from_json(c)
        for c in (await client.get(f"{base}/columns", headers=auth(acme))).json()
    ]
    assert any(c.hired for c in columns) and any(not c.visible for c in columns)
    tags = [Tag.from_json(t) for t in (await client.get(f"{base}/tags", headers=auth(acme))).json()]
    assert any(t.values for t in tags)
    applicant = next(a for a, traits in acme.traits.items() if traits)
    raw_traits = (
        await client.get(f"{base}/applicant/{applicant}/traits", headers=auth(acme))
    ).json()
    assert {Trait.from_json(t).tag_id for t in raw_traits} <= {t.id for t in tags}
