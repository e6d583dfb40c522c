"""C4 candidate creation on the careers host: json, custom (form data) and test routes."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from simulator.model import Company, Vacancy
from simulator.state import SimState

from .helpers import assert_error, auth, search

PDF = b"%PDF-1.4\n% a tiny CV\n"


def _open_vacancy(company: Company) -> Vacancy:
    return next(v for v in company.vacancies.values() if v.status == 1 and v.questions)


def _payload(company: Company, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vacancy": _open_vacancy(company).slug,
        "firstname": "Françoise",
        "lastname": "Nouvelle",
        "email": "francoise.nouvelle@example.org",
        "phone": "+33 6 11 22 33 44",
        "token": company.api_key,
        "type": "document",
        "resume": {
            "data": base64.b64encode(PDF).decode(),
            "fileName": "cv-francoise.pdf",
            "contentType": "application/pdf",
        },
    }
    body.update(extra)
    return body


async def test_create_json_no_ids_then_found_in_search(
    client: httpx.AsyncClient, acme: Company
) -> None:
    question = _open_vacancy(acme).questions[0]
    body = _payload(acme, offerer_id=12, answers=[{"question": question.hashid, "value": "Oui"}])
    response = await client.post("/careers/vacancy/candidate/json", json=body)
    assert response.status_code == 200
    assert response.json() == {"status": 200, "response": "applicant created"}
    rows = await search(client, acme, {"email": "francoise.nouvelle@example.org"})
    assert len(rows) == 1
    row = rows[0]
    assert row["column"] == "Nouveau" and row["source"] == "Indeed"
    assert row["vacancy_id"] == _open_vacancy(acme).numeric_id
    applicant = acme.applicants[row["applicant"]]
    assert applicant.answers == [{"question": question.hashid, "value": "Oui"}]


async def test_create_json_stores_cv_downloadable(client: httpx.AsyncClient, acme: Company) -> None:
    response = await client.post("/careers/vacancy/candidate/json", json=_payload(acme))
    assert response.status_code == 200
    row = (await search(client, acme, {"email": "francoise.nouvelle@example.org"}))[0]
    applicant = acme.applicants[row["applicant"]]
    path = f"/company/{acme.hashid}/vacancy/{applicant.vacancy}/applicant/{applicant.hashid}"
    record = (
        await client.put(path, json={"column_id": applicant.column_id}, headers=auth(acme))
    ).json()
    aws = record["candidate"]["aws"]
    assert aws["extension"] == "pdf"
    params = {"key": aws["key"], "extension": aws["extension"], "token": acme.api_key}
    cv = await client.get(f"/company/{acme.hashid}/files/expire", params=params)
    assert cv.content == PDF and cv.headers["content-type"].startswith("application/pdf")


async def test_create_json_reuses_candidate_by_email(
    client: httpx.AsyncClient, acme: Company
) -> None:
    existing = next(c for c in acme.candidates.values() if c.email)
    assert existing.email is not None
    before = len(acme.candidates)
    body = _payload(acme, email=f" {existing.email.upper()} ", firstname="Autre", lastname="Nom")
    assert (await client.post("/careers/vacancy/candidate/json", json=body)).status_code == 200
    assert len(acme.candidates) == before
    newest = list(acme.applicants.values())[-1]
    assert newest.candidate == existing.hashid


async def test_create_bearer_header_instead_of_body_token(
    client: httpx.AsyncClient, acme: Company
) -> None:
    body = _payload(acme)
    del body["token"]
    response = await client.post("/careers/vacancy/candidate/json", json=body, headers=auth(acme))
    assert response.status_code == 200


async def test_create_missing_or_wrong_token_401(client: httpx.AsyncClient, acme: Company) -> None:
    body = _payload(acme)
    del body["token"]
    assert_error(await client.post("/careers/vacancy/candidate/json", json=body), 401)
    body["token"] = "wrong"
    assert_error(await client.post("/careers/vacancy/candidate/json", json=body), 401)


async def test_create_other_company_token_403(
    client: httpx.AsyncClient, acme: Company, globex: Company
) -> None:
    body = _payload(acme, token=globex.api_key)
    assert_error(await client.post("/careers/vacancy/candidate/json", json=body), 403)


async def test_create_missing_required_fields_400(client: httpx.AsyncClient, acme: Company) -> None:
    for field in ("vacancy", "firstname", "lastname"):
        body = _payload(acme)
        del body[field]
        response = await client.post("/careers/vacancy/candidate/json", json=body)
        assert field in assert_error(response, 400)["message"]


async def test_create_unknown_vacancy_slug_404(client: httpx.AsyncClient, acme: Company) -> None:
    body = _payload(acme, vacancy="nope-nothing")
    assert_error(await client.post("/careers/vacancy/candidate/json", json=body), 404)


async def test_create_bad_base64_400(client: httpx.AsyncClient, acme: Company) -> None:
    body = _payload(acme, resume={"data": "%%%not base64", "fileName": "cv.pdf"})
    assert_error(await client.post("/careers/vacancy/candidate/json", json=body), 400)


async def test_create_bad_type_400(client: httpx.AsyncClient, acme: Company) -> None:
    body = _payload(acme, type="json")
    assert_error(await client.post("/careers/vacancy/candidate/json", json=body), 400)


async def test_create_link_resume(client: httpx.AsyncClient, acme: Company) -> None:
    body = _payload(acme, type="link", resume="https://files.example.com/cv/jean.docx")
    assert (await client.post("/careers/vacancy/candidate/json", json=body)).status_code == 200
    candidate = acme.candidates[list(acme.applicants.values())[-1].candidate]
    assert candidate.cv_key is not None
    assert acme.files[candidate.cv_key].extension == "docx"


@pytest.mark.parametrize("route", ["json", "custom", "test"])
@pytest.mark.parametrize("field", ["type", "resume"])
async def test_create_missing_type_or_resume_400(
    client: httpx.AsyncClient, acme: Company, route: str, field: str
) -> None:
    """Reference §2.4 C4 marks `type`* and `resume`* required."""
    before = len(acme.applicants)
    for missing in (None, ""):
        body = _payload(acme)
        if missing is None:
            del body[field]
        else:
            body[field] = missing
        response = await client.post(f"/careers/vacancy/candidate/{route}", json=body)
        assert f'"{field}"' in assert_error(response, 400)["message"]
    assert len(acme.applicants) == before


async def test_create_custom_form_without_type_400(
    client: httpx.AsyncClient, acme: Company
) -> None:
    form = {
        "vacancy": _open_vacancy(acme).slug,
        "firstname": "Sans",
        "lastname": "Type",
        "token": acme.api_key,
    }
    files = {"resume": ("cv.pdf", PDF, "application/pdf")}
    response = await client.post("/careers/vacancy/candidate/custom", data=form, files=files)
    assert '"type"' in assert_error(response, 400)["message"]
    form["type"] = "document"
    response = await client.post("/careers/vacancy/candidate/custom", data=form)
    assert '"resume"' in assert_error(response, 400)["message"]


async def test_create_source_id_custom_source_label(
    client: httpx.AsyncClient, acme: Company
) -> None:
    source = acme.sources[0]
    body = _payload(acme, source_id=source.hashid, offerer_id=75)
    assert (await client.post("/careers/vacancy/candidate/json", json=body)).status_code == 200
    assert list(acme.applicants.values())[-1].source == source.label
    body = _payload(acme, email="b@example.org", source="Partenaire X", source_id="px")
    assert (await client.post("/careers/vacancy/candidate/json", json=body)).status_code == 200
    assert list(acme.applicants.values())[-1].source == "Partenaire X"


async def test_create_custom_form_answers_by_question_id(
    client: httpx.AsyncClient, acme: Company
) -> None:
    vacancy = _open_vacancy(acme)
    question = vacancy.questions[0]
    form = {
        "vacancy": vacancy.slug,
        "firstname": "Loïc",
        "lastname": "Formulaire",
        "email": "loic.form@example.org",
        "token": acme.api_key,
        "type": "document",
        f"answers[{question.hashid}]": "Développeur",
    }
    files = {"resume": ("cv.pdf", PDF, "application/pdf")}
    response = await client.post("/careers/vacancy/candidate/custom", data=form, files=files)
    assert response.status_code == 200
    assert response.json() == {"status": 200, "response": "applicant created"}
    rows = await search(client, acme, {"email": "loic.form@example.org"})
    applicant = acme.applicants[rows[0]["applicant"]]
    assert applicant.answers == [{"question": question.hashid, "value": "Développeur"}]
    assert rows[0]["source"] == "Site carrière"
    cv_key = acme.candidates[applicant.candidate].cv_key
    assert cv_key is not None and acme.files[cv_key].data == PDF


async def test_create_test_route_stores_nothing(
    client: httpx.AsyncClient, acme: Company, sim: SimState
) -> None:
    before = (len(acme.applicants), len(acme.candidates), len(acme.files))
    response = await client.post("/careers/vacancy/candidate/test", json=_payload(acme))
    assert response.status_code == 200
    assert (len(acme.applicants), len(acme.candidates), len(acme.files)) == before
    assert sim.log.counts["C4T"] == 1 and sim.log.counts["C4"] == 0


async def test_create_test_route_validates(client: httpx.AsyncClient, acme: Company) -> None:
    body = _payload(acme)
    del body["firstname"]
    assert_error(await client.post("/careers/vacancy/candidate/test", json=body), 400)


async def test_create_submissions_hook_hides_token(
    client: httpx.AsyncClient, acme: Company
) -> None:
    await client.post("/careers/vacancy/candidate/json", json=_payload(acme))
    entries = (await client.get("/_sim/submissions")).json()["submissions"]
    assert entries[-1]["route"] == "json" and entries[-1]["applicant"]
    assert "token" not in entries[-1] and "data" not in entries[-1]["resume"]


async def test_create_custom_tag_answer_becomes_traits(
    client: httpx.AsyncClient, acme: Company
) -> None:
    tag = next(t for t in acme.tags if t.title == "Langues")
    form = {
        "vacancy": _open_vacancy(acme).slug,
        "firstname": "Anaïs",
        "lastname": "Trait",
        "token": acme.api_key,
        "type": "link",
        "resume": "https://files.example.com/cv/anais.pdf",
        "answers[0][question]": str(tag.numeric_id),
        "answers[0][value]": "Anglais;Espagnol",
    }
    response = await client.post("/careers/vacancy/candidate/custom", data=form)
    assert response.status_code == 200
    applicant = list(acme.applicants.values())[-1]
    assert [(t.tag, t.value) for t in acme.traits[applicant.hashid]] == [
        (tag.hashid, "Anglais"),
        (tag.hashid, "Espagnol"),
    ]


async def test_create_closed_vacancy_400(client: httpx.AsyncClient, acme: Company) -> None:
    closed = next(v for v in acme.vacancies.values() if v.status == 0)
    body = _payload(acme, vacancy=closed.slug)
    assert_error(await client.post("/careers/vacancy/candidate/json", json=body), 400)


async def _record(client: httpx.AsyncClient, company: Company, email: str) -> dict[str, Any]:
    """The C2 record (same-column move) of the newest applicant with that e-mail."""
    row = (await search(client, company, {"email": email}))[-1]
    applicant = company.applicants[row["applicant"]]
    path = f"/company/{company.hashid}/vacancy/{applicant.vacancy}/applicant/{applicant.hashid}"
    response = await client.put(
        path, json={"column_id": applicant.column_id}, headers=auth(company)
    )
    assert response.status_code == 200
    record: dict[str, Any] = response.json()
    return record


async def test_create_urls_stored_and_returned(client: httpx.AsyncClient, acme: Company) -> None:
    """Reference §2.4 C4 `urls`, Appendix A `candidate.urls`."""
    urls = {"linkedin": "https://www.linkedin.com/in/fnouvelle", "other": "https://fn.example.org"}
    body = _payload(acme, urls=urls)
    assert (await client.post("/careers/vacancy/candidate/json", json=body)).status_code == 200
    record = await _record(client, acme, "francoise.nouvelle@example.org")
    assert record["candidate"]["urls"] == urls
    applicant = acme.applicants[record["id"]]
    path = f"/company/{acme.hashid}/vacancy/{applicant.vacancy}/applicant/{applicant.hashid}"
    archived = (await client.delete(path, headers=auth(acme))).json()
    assert archived["candidate"]["urls"] == urls


async def test_create_urls_merged_on_reused_candidate(
    client: httpx.AsyncClient, acme: Company
) -> None:
    first = _payload(acme, urls={"linkedin": "https://www.linkedin.com/in/a", "twitter": "@a"})
    assert (await client.post("/careers/vacancy/candidate/json", json=first)).status_code == 200
    second = _payload(acme, urls={"linkedin": "https://www.linkedin.com/in/b", "facebook": "fb"})
    assert (await client.post("/careers/vacancy/candidate/json", json=second)).status_code == 200
    record = await _record(client, acme, "francoise.nouvelle@example.org")
    assert record["candidate"]["urls"] == {
        "linkedin": "https://www.linkedin.com/in/b",
        "twitter": "@a",
        "facebook": "fb",
    }


async def test_create_custom_form_urls(client: httpx.AsyncClient, acme: Company) -> None:
    form = {
        "vacancy": _open_vacancy(acme).slug,
        "firstname": "Loïc",
        "lastname": "Liens",
        "email": "loic.liens@example.org",
        "token": acme.api_key,
        "type": "link",
        "resume": "https://files.example.com/cv/loic.pdf",
        "urls[linkedin]": "https://www.linkedin.com/in/loic",
        "urls[facebook]": "",
    }
    response = await client.post("/careers/vacancy/candidate/custom", data=form)
    assert response.status_code == 200, response.text
    record = await _record(client, acme, "loic.liens@example.org")
    assert record["candidate"]["urls"] == {"linkedin": "https://www.linkedin.com/in/loic"}


@pytest.mark.parametrize(
    ("urls", "named"),
    [(["https://x.example"], '"urls"'), ("https://x.example", '"urls"'), ({"linkedin": 3}, "urls")],
)
async def test_create_urls_not_object_of_strings_400(
    client: httpx.AsyncClient, acme: Company, urls: Any, named: str
) -> None:
    before = len(acme.applicants)
    body = _payload(acme, urls=urls)
    response = await client.post("/careers/vacancy/candidate/json", json=body)
    assert named in assert_error(response, 400)["message"]
    assert len(acme.applicants) == before


async def test_create_malformed_multipart_envelope_and_logged_status(
    client: httpx.AsyncClient, acme: Company, sim: SimState
) -> None:
    """Starlette's multipart errors come back in the simulator's envelope, logged as 400."""
    no_boundary = {"Content-Type": "multipart/form-data"}
    response = await client.post(
        "/careers/vacancy/candidate/custom", content=b"vacancy=x", headers=no_boundary
    )
    assert "boundary" in assert_error(response, 400)["message"]
    assert response.headers["content-type"].startswith("application/json")
    no_name = (
        b"--XyZ\r\n"
        b'Content-Disposition: form-data; filename="cv.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n"
        b"%PDF-1.4\r\n"
        b"--XyZ--\r\n"
    )
    headers = {"Content-Type": "multipart/form-data; boundary=XyZ"}
    response = await client.post(
        "/careers/vacancy/candidate/custom", content=no_name, headers=headers
    )
    assert '"name"' in assert_error(response, 400)["message"]
    logged = sim.log.snapshot()["requests"][-2:]
    assert [(entry["endpoint"], entry["status"]) for entry in logged] == [("C4", 400)] * 2
