"""C1 applicant search: row shape, order, and every documented filter."""

from __future__ import annotations

from datetime import date, datetime

import httpx

from simulator.model import Company

from .helpers import DMY, HASHID, assert_error, auth, search

ROW_KEYS = {
    "applicant", "vacancy", "column", "vacancy_id", "external_id", "status", "score", "hired",
    "firstname", "lastname", "email", "phone", "created_at", "updated_at", "source",
}  # fmt: skip


def _day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%y").date()


async def test_search_empty_body_all_rows_in_creation_order(
    client: httpx.AsyncClient, acme: Company
) -> None:
    rows = await search(client, acme)
    assert [r["applicant"] for r in rows] == list(acme.applicants)
    assert len(rows) == 120


async def test_search_without_body_all_rows(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.post(f"/company/{acme.hashid}/search/applicants", headers=auth(acme))
    assert response.status_code == 200
    assert len(response.json()) == len(acme.applicants)


async def test_search_row_shape_titles_not_ids(client: httpx.AsyncClient, acme: Company) -> None:
    rows = await search(client, acme)
    titles = {v.title for v in acme.vacancies.values()}
    columns = {c.title for c in acme.columns}
    for row in rows:
        assert set(row) == ROW_KEYS
        assert HASHID.match(row["applicant"])
        assert row["vacancy"] in titles and row["column"] in columns
        assert isinstance(row["vacancy_id"], int) and not isinstance(row["vacancy_id"], bool)
        assert DMY.match(row["created_at"]) and DMY.match(row["updated_at"])
        assert row["status"] in (0, 1) and isinstance(row["hired"], bool)
        assert isinstance(row["external_id"], str)
    assert any(r["email"] is None for r in rows)
    assert any(r["hired"] for r in rows) and any(r["status"] == 0 for r in rows)


async def test_search_created_at_matches_record(client: httpx.AsyncClient, acme: Company) -> None:
    row = (await search(client, acme))[0]
    applicant = acme.applicants[row["applicant"]]
    assert row["created_at"] == applicant.created_at.strftime("%d/%m/%y")


async def test_search_firstname_filter(client: httpx.AsyncClient, acme: Company) -> None:
    name = next(iter(acme.candidates.values())).firstname
    rows = await search(client, acme, {"firstname": name.upper()})
    assert rows and all(name.casefold() in r["firstname"].casefold() for r in rows)


async def test_search_lastname_filter(client: httpx.AsyncClient, acme: Company) -> None:
    name = next(iter(acme.candidates.values())).lastname
    rows = await search(client, acme, {"lastname": name})
    assert rows and all(name.casefold() in r["lastname"].casefold() for r in rows)
    assert len(rows) < len(acme.applicants)


async def test_search_email_filter_case_and_spaces(
    client: httpx.AsyncClient, acme: Company
) -> None:
    email = next(c.email for c in acme.candidates.values() if c.email)
    assert email is not None
    rows = await search(client, acme, {"email": f"  {email.upper()} "})
    assert rows and all(r["email"].strip().lower() == email.lower() for r in rows)


async def test_search_phone_filter_digits(client: httpx.AsyncClient, acme: Company) -> None:
    phone = next(c.phone for c in acme.candidates.values() if c.phone and c.phone.startswith("+"))
    assert phone is not None
    rows = await search(client, acme, {"phone": phone.replace(" ", "")})
    assert rows and all(r["phone"] == phone for r in rows)


async def test_search_hired_filter_bool_and_string(
    client: httpx.AsyncClient, acme: Company
) -> None:
    hired = await search(client, acme, {"hired": True})
    assert hired and all(r["hired"] and r["column"] == "Recruté" for r in hired)
    assert await search(client, acme, {"hired": "true"}) == hired
    not_hired = await search(client, acme, {"hired": "false"})
    assert len(hired) + len(not_hired) == len(acme.applicants)


async def test_search_hired_filter_invalid_400(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.post(
        f"/company/{acme.hashid}/search/applicants", json={"hired": "yes"}, headers=auth(acme)
    )
    assert_error(response, 400)


async def test_search_column_filter_by_title(client: httpx.AsyncClient, acme: Company) -> None:
    rows = await search(client, acme, {"column": "Entretien RH"})
    assert rows and all(r["column"] == "Entretien RH" for r in rows)


async def test_search_column_filter_duplicate_titles(
    client: httpx.AsyncClient, globex: Company
) -> None:
    ids = {c.id for c in globex.columns if c.title == "Entretien RH"}
    rows = await search(client, globex, {"column": "Entretien RH"})
    expected = [a.hashid for a in globex.applicants.values() if a.column_id in ids]
    assert [r["applicant"] for r in rows] == expected


async def test_search_vacancy_filter_by_hashid(client: httpx.AsyncClient, acme: Company) -> None:
    vacancy = next(iter(acme.vacancies.values()))
    rows = await search(client, acme, {"vacancy": vacancy.hashid})
    assert rows and all(r["vacancy_id"] == vacancy.numeric_id for r in rows)
    assert await search(client, acme, {"vacancy": str(vacancy.numeric_id)}) == []


async def test_search_status_filter(client: httpx.AsyncClient, acme: Company) -> None:
    archived = await search(client, acme, {"status": 0})
    assert archived and all(r["status"] == 0 for r in archived)
    active = await search(client, acme, {"status": "1"})
    assert len(archived) + len(active) == len(acme.applicants)


async def test_search_created_window_mmddyy(client: httpx.AsyncClient, acme: Company) -> None:
    rows = await search(client, acme, {"start": "01/01/25", "end": "03/31/25"})
    assert rows
    assert all(date(2025, 1, 1) <= _day(r["created_at"]) <= date(2025, 3, 31) for r in rows)
    expected = [
        a.hashid
        for a in acme.applicants.values()
        if date(2025, 1, 1) <= a.created_at.date() <= date(2025, 3, 31)
    ]
    assert [r["applicant"] for r in rows] == expected


async def test_search_update_window_mmddyy(client: httpx.AsyncClient, acme: Company) -> None:
    rows = await search(client, acme, {"start_update": "05/01/25", "end_update": "05/31/25"})
    assert rows
    assert all(date(2025, 5, 1) <= _day(r["updated_at"]) <= date(2025, 5, 31) for r in rows)


async def test_search_bad_date_400(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.post(
        f"/company/{acme.hashid}/search/applicants",
        json={"start": "2025-01-01"},
        headers=auth(acme),
    )
    assert_error(response, 400)


async def test_search_invalid_json_400(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.post(
        f"/company/{acme.hashid}/search/applicants",
        content=b"{not json",
        headers={**auth(acme), "Content-Type": "application/json"},
    )
    assert_error(response, 400)


async def test_search_phone_filter_without_digits_matches_nothing(
    client: httpx.AsyncClient, acme: Company
) -> None:
    for value in ("n/a", "  ", "+ ( ) -", "inconnu"):
        assert await search(client, acme, {"phone": value}) == [], value
    # Other filters are still validated first.
    response = await client.post(
        f"/company/{acme.hashid}/search/applicants",
        json={"phone": "n/a", "start": "2025-01-01"},
        headers=auth(acme),
    )
    assert_error(response, 400)
