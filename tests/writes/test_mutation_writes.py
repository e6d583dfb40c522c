"""Successful writes through the public app: what C4 stored, what the mutation answers, and
that the answer is what the read API says right after."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from simulator.model import World
from unified.ids import to_global_id

from .stack import PDF, Stack, application, b64, job_id, open_job, start_stack

READ = """query($a: ID!, $c: ID!) {
  application(id: $a) { id remoteId jobId candidateId source outcome }
  candidate(id: $c) { id firstName lastName emailAddresses { emailAddress }
                      applications { edges { node { id } } } }
}"""


@pytest.fixture
async def sourced(sim: tuple[World, str]) -> AsyncIterator[Stack]:
    """The app with an integration that sets both source settings."""
    world, url = sim
    settings = {"offerer_id": 75, "source_id": "src-integration"}
    async with start_stack(url, world, integration=settings) as running:
        yield running


def _answer(question: Any) -> Any:
    labels = [label for label in question.options.split(";") if label]
    option = lambda label: to_global_id("QuestionOption", f"{question.hashid}:{label}")  # noqa: E731
    return {
        "text": "Oui, volontiers",
        "textarea": "Sur plusieurs\nlignes",
        "number": 4.5,
        "boolean": True,
        "yesno": False,
        "select": option(labels[-1]) if labels else None,
        "radio": option(labels[0]) if labels else None,
        "checkbox": [option(label) for label in labels[:2]],
        "multiselect": [option(label) for label in labels[:2]],
        "date": "2025-09-01",
        "file": "https://example.org/portfolio.pdf",
        "info": "lu",
        "slider": "7",
    }[question.type]


async def test_cv_answers_and_sources_reach_flatchr(sourced: Stack) -> None:
    job = open_job(sourced.world, questions=True)
    answers = [
        {"questionId": to_global_id("ScreeningQuestion", q.hashid), "answer": _answer(q)}
        for q in job.questions
    ]
    letter = {"name": "lettre.txt", "type": "COVER_LETTER", "data": b64(b"Madame, Monsieur")}
    payload = application(
        job_id(job),
        "Lea.Martin@Example.org",
        attachments=[letter, {"name": "cv.pdf", "type": "CV", "data": b64(PDF)}],
        screeningQuestionAnswers=answers,
        source={"id": "src-partner", "name": "Partenaire école"},
    )
    payload["candidate"]["phoneNumber"] = "06 12 34 56 78"
    result = await sourced.apply(payload)
    assert result["userErrors"] == []
    # the cover letter, the FILE answer and the information item are not sent
    assert len(result["warnings"]) == 3
    assert any("attachments[0]" in w for w in result["warnings"])

    submission = (await sourced.submissions())[-1]
    stored = submission["stored"]
    assert stored["applicant"] == result["application"]["remoteId"]
    assert stored["resume"]["kind"] == "document" and stored["resume"]["size"] == len(PDF)
    assert stored["phone"] == "+33612345678"
    assert (stored["offerer_id"], stored["source_id"], stored["source_name"]) == (
        75, "src-partner", "Partenaire école",
    )  # fmt: skip
    sent = {a["question"]: a["value"] for a in stored["answers"]}
    by_type = {q.type: sent.get(q.hashid) for q in job.questions}
    assert by_type["number"] == "4.5"
    assert by_type["boolean"] == "true" and by_type["yesno"] == "false"
    assert by_type["date"] == "2025-09-01"
    assert by_type["file"] is None and by_type["info"] is None
    multi = next(q for q in job.questions if q.type in ("checkbox", "multiselect"))
    assert sent[multi.hashid] == ";".join(multi.options.split(";")[:2])
    assert (await sourced.counts())["C4"] == 1


async def test_integration_source_used_when_the_input_has_none(sourced: Stack) -> None:
    job = open_job(sourced.world)
    result = await sourced.apply(application(job_id(job), "no-source@example.org"))
    assert result["userErrors"] == []
    stored = (await sourced.submissions())[-1]["stored"]
    assert (stored["offerer_id"], stored["source_id"], stored["source_name"]) == (
        75, "src-integration", None,
    )  # fmt: skip


async def test_no_source_settings_send_no_source(stack: Stack) -> None:
    job = open_job(stack.world)
    result = await stack.apply(
        application(job_id(job), "named@example.org", source={"name": "Salon"})
    )
    assert result["userErrors"] == []
    submission = (await stack.submissions())[-1]
    assert "offerer_id" not in submission and "source_id" not in submission
    assert submission["stored"]["source_name"] == "Salon"


async def test_answer_is_what_the_read_api_says(stack: Stack) -> None:
    job = open_job(stack.world)
    result = await stack.apply(application(f"remote:{job.numeric_id}", "read@example.org"))
    app, person = result["application"], result["candidate"]
    assert app["jobId"] == job_id(job) and app["candidateId"] == person["id"]
    assert person["emailAddresses"] == [{"emailAddress": "read@example.org"}]
    assert [e["node"]["id"] for e in person["applications"]["edges"]] == [app["id"]]
    read = await stack.gql(READ, {"a": app["id"], "c": person["id"]})
    assert read["data"] == {"application": app, "candidate": person}
    assert len(stack.applicants_of("read@example.org", job.hashid)) == 1


async def test_create_candidate_returns_the_candidate_and_its_application(stack: Stack) -> None:
    mutation = """mutation($input: CreateCandidateInput!) { createCandidate(input: $input) {
        candidate { id firstName } application { id candidateId } warnings
        userErrors { code field } } }"""
    job = open_job(stack.world)
    payload = application(job_id(job), "cand@example.org")
    payload["application"] = {"jobId": payload.pop("jobId")}
    result = (await stack.gql(mutation, {"input": payload}))["data"]["createCandidate"]
    assert result["userErrors"] == []
    assert result["candidate"]["firstName"] == "Léa"
    assert result["application"]["candidateId"] == result["candidate"]["id"]
    assert len(stack.applicants_of("cand@example.org", job.hashid)) == 1


async def test_same_person_same_job_twice_is_already_exists(stack: Stack) -> None:
    job = open_job(stack.world)
    first = await stack.apply(application(job_id(job), "twice@example.org"))
    assert first["userErrors"] == []
    again = await stack.apply(application(job_id(job), "TWICE@example.org"))
    assert again["application"] is None
    assert [(e["code"], e["field"]) for e in again["userErrors"]] == [
        ("ATS_APPLICATION_ALREADY_EXISTS", ["candidate", "emailAddress"])
    ]
    assert (await stack.counts())["C4"] == 1
    assert len(stack.applicants_of("twice@example.org", job.hashid)) == 1


async def test_same_person_other_job_is_one_candidate(stack: Stack) -> None:
    open_ones = [v for v in stack.acme.vacancies.values() if v.status == 1]
    plain = [v for v in open_ones if not any(q.required for q in v.questions)][:2]
    first = await stack.apply(application(job_id(plain[0]), "both@example.org"))
    second = await stack.apply(application(job_id(plain[1]), "both@example.org"))
    assert first["candidate"]["id"] == second["candidate"]["id"]
    ids = {e["node"]["id"] for e in second["candidate"]["applications"]["edges"]}
    assert ids == {first["application"]["id"], second["application"]["id"]}


async def test_data_url_and_fetched_url_resumes(stack: Stack) -> None:
    from tests.urlfetch.server import PDF as SERVED
    from tests.urlfetch.server import serve

    job = open_job(stack.world)
    inline = f"data:application/pdf;base64,{b64(PDF)}"
    result = await stack.apply(
        application(job_id(job), "dataurl@example.org",
                    attachments=[{"name": "cv.pdf", "type": "CV", "dataUrl": inline}])
    )  # fmt: skip
    assert result["userErrors"] == []
    assert (await stack.submissions())[-1]["stored"]["resume"]["size"] == len(PDF)
    with serve() as port:  # 127.0.0.1 is allow-listed in these tests' settings
        url = f"http://127.0.0.1:{port}/cv.pdf"
        result = await stack.apply(
            application(job_id(job), "fetched@example.org",
                        attachments=[{"name": "cv.pdf", "type": "CV", "dataUrl": url}])
        )  # fmt: skip
    assert result["userErrors"] == []
    resume = (await stack.submissions())[-1]["stored"]["resume"]
    assert (resume["kind"], resume["size"]) == ("document", len(SERVED))
