"""V1 vacancy list, V2 one vacancy, V4 careers feed."""

from __future__ import annotations

import httpx

from simulator.model import Company

from .helpers import HASHID, ISO, assert_error, auth


async def test_vacancies_bare_array_all_statuses(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get(f"/company/{acme.hashid}/vacancies", headers=auth(acme))
    assert response.status_code == 200
    vacancies = response.json()
    assert isinstance(vacancies, list)
    assert [v["id"] for v in vacancies] == list(acme.vacancies)
    first = vacancies[0]
    assert HASHID.match(first["id"]) and isinstance(first["vacancy_id"], int)
    assert first["slug"].startswith(first["id"].lower() + "-")
    assert ISO.match(first["created_at"]) and ISO.match(first["updated_at"])
    assert first["company_id"] == acme.numeric_id
    assert first["contract_type"] == "CDI"
    assert {"address", "tags", "items", "questions"}.isdisjoint(first)


async def test_vacancies_type_drift_present(client: httpx.AsyncClient, acme: Company) -> None:
    vacancies = (await client.get(f"/company/{acme.hashid}/vacancies", headers=auth(acme))).json()
    remotes = {type(v["remote"]) for v in vacancies}
    assert remotes == {bool, str}
    salaries = {v["salary"] for v in vacancies}
    assert {"40 000", "0", "45 000,50"} <= salaries
    assert any(isinstance(s, int) for s in salaries)
    assert "Portage salarial" in {v["contract_type"] for v in vacancies}


async def test_vacancies_fields_toggle_address_tags_items(
    client: httpx.AsyncClient, acme: Company
) -> None:
    params = {"fields": "address,tags,items"}
    response = await client.get(
        f"/company/{acme.hashid}/vacancies", params=params, headers=auth(acme)
    )
    vacancies = response.json()
    assert all({"address", "tags", "items"} <= v.keys() for v in vacancies)
    items = [item for v in vacancies for item in v["items"]]
    assert {i["offer_id"] for i in items} == {98, 152}
    assert {i["published"] for i in items} == {True, False}
    assert set(items[0]) == {"id", "offer_id", "published", "created_at", "external_id"}
    addresses = [v["address"] for v in vacancies if v["address"]]
    assert {"locality", "postal_code", "country", "formatted_address"} <= addresses[0].keys()
    assert any(v["address"] is None for v in vacancies)
    assert any(v["tags"] and v["tags"][0]["type"] == "vacancies" for v in vacancies)


async def test_vacancies_questions_field_ignored(client: httpx.AsyncClient, acme: Company) -> None:
    params = {"fields": "questions"}
    response = await client.get(
        f"/company/{acme.hashid}/vacancies", params=params, headers=auth(acme)
    )
    assert all("questions" not in v for v in response.json())


async def test_vacancies_status_filter(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get(
        f"/company/{acme.hashid}/vacancies", params={"status": "0"}, headers=auth(acme)
    )
    vacancies = response.json()
    assert vacancies and all(v["status"] == 0 for v in vacancies)


async def test_vacancies_offer_id_filter(client: httpx.AsyncClient, acme: Company) -> None:
    params = {"offer_id": "152", "fields": "items"}
    response = await client.get(
        f"/company/{acme.hashid}/vacancies", params=params, headers=auth(acme)
    )
    vacancies = response.json()
    assert 0 < len(vacancies) < len(acme.vacancies)
    assert all(any(i["offer_id"] == 152 for i in v["items"]) for v in vacancies)


async def test_vacancies_bad_status_400(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get(
        f"/company/{acme.hashid}/vacancies", params={"status": "open"}, headers=auth(acme)
    )
    assert_error(response, 400)


async def test_vacancy_questions_field(client: httpx.AsyncClient, acme: Company) -> None:
    vacancy = next(iter(acme.vacancies.values()))
    response = await client.get(
        f"/vacancy/{vacancy.hashid}",
        params={"fields": "questions,address,tags"},
        headers=auth(acme),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == vacancy.hashid and isinstance(body["vacancy_id"], int)
    questions = body["questions"]
    assert len(questions) == len(vacancy.questions) >= 13
    keys = {"id", "text", "type", "required", "options", "position", "size", "default_value"}
    assert keys | {"parent_question", "parent_answer_expected"} == set(questions[0])
    select = next(q for q in questions if q["type"] == "select")
    assert ";" in select["options"]
    child = next(q for q in questions if q["parent_question"])
    assert child["parent_question"] in {q["id"] for q in questions}
    assert "address" in body and "tags" in body


async def test_vacancy_without_fields_has_no_questions(
    client: httpx.AsyncClient, acme: Company
) -> None:
    vacancy = next(iter(acme.vacancies.values()))
    body = (await client.get(f"/vacancy/{vacancy.hashid}", headers=auth(acme))).json()
    assert "questions" not in body


async def test_vacancy_unknown_404(client: httpx.AsyncClient, acme: Company) -> None:
    assert_error(await client.get("/vacancy/AAAAAAAAAAAAAAAA", headers=auth(acme)), 404)


async def test_vacancy_other_company_key_403(
    client: httpx.AsyncClient, acme: Company, globex: Company
) -> None:
    vacancy = next(iter(acme.vacancies.values()))
    assert_error(await client.get(f"/vacancy/{vacancy.hashid}", headers=auth(globex)), 403)


async def test_vacancy_without_key_401(client: httpx.AsyncClient, acme: Company) -> None:
    vacancy = next(iter(acme.vacancies.values()))
    assert_error(await client.get(f"/vacancy/{vacancy.hashid}"), 401)


async def test_careers_feed_published_active_only(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.get("/careers/company/acme.json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items"}
    expected = [
        d.hashid
        for v in acme.vacancies.values()
        if v.status == 1
        for d in v.distributions
        if d.published and d.offer_id == 98
    ]
    assert [item["id"] for item in body["items"]] == expected
    item = body["items"][0]
    assert item["offer_id"] == 98 and item["published"] is True
    assert isinstance(item["vacancy_id"], int)
    vacancy = item["vacancy"]
    assert vacancy["company"]["slug"] == "acme" and vacancy["company"]["id"] == acme.hashid
    assert {"address", "questions", "tags"} <= vacancy.keys()


async def test_careers_feed_filter_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/careers/company/acme.json", params={"filter": "python"})
    body = response.json()
    assert body["filter"] == "python"
    assert body["items"] and all("python" in i["vacancy"]["title"].lower() for i in body["items"])


async def test_careers_feed_unknown_slug_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/careers/company/nobody.json")
    assert response.status_code == 404
    assert response.json() == {"message": "Not available for slug nobody"}


async def test_vacancy_v2_salary_always_string(client: httpx.AsyncClient, acme: Company) -> None:
    """Reference §2.3: V2 gives `salary` as a string; V1 (and V4) keep the number drift."""
    listed = (await client.get(f"/company/{acme.hashid}/vacancies", headers=auth(acme))).json()
    numeric = [v for v in listed if isinstance(v["salary"], int)]
    assert numeric
    for vacancy in listed:
        body = (await client.get(f"/vacancy/{vacancy['id']}", headers=auth(acme))).json()
        assert isinstance(body["salary"], str)
        assert body["salary"] == str(vacancy["salary"])


async def test_careers_feed_affiliated_adds_companies(
    client: httpx.AsyncClient, acme: Company, globex: Company
) -> None:
    """V4 `affiliated`: a comma list of company hashids whose published items are appended."""
    own = [i["id"] for i in (await client.get("/careers/company/acme.json")).json()["items"]]
    other = [i["id"] for i in (await client.get("/careers/company/globex.json")).json()["items"]]
    assert own and other
    params = {"affiliated": f"{globex.hashid}, AAAAAAAAAAAAAAAA,{acme.hashid}"}
    body = (await client.get("/careers/company/acme.json", params=params)).json()
    assert [i["id"] for i in body["items"]] == own + other
    assert {i["vacancy"]["company"]["id"] for i in body["items"]} == {acme.hashid, globex.hashid}
    assert set(body) == {"items"}
    params = {"affiliated": globex.hashid, "filter": "python"}
    body = (await client.get("/careers/company/acme.json", params=params)).json()
    assert body["filter"] == "python"
    companies = {i["vacancy"]["company"]["id"] for i in body["items"]}
    assert companies == {acme.hashid, globex.hashid}
    assert all("python" in i["vacancy"]["title"].lower() for i in body["items"])
