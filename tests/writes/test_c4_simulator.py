"""The blocks together against the simulator: a vacancy's real questions (V2, mapped), a
validated draft, the C4 body sent by the Flatchr client, and what the simulator stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.flatchr import FlatchrClient, FlatchrPool
from gateway.flatchr.models import Vacancy
from resolvers.creation.answers import JobQuestions
from resolvers.creation.c4_payload import C4Payload, SourceSettings, build_c4_payload
from resolvers.creation.inputs import (
    AnswerInput,
    ApplicationDraft,
    AttachmentInput,
    SourceInput,
    UrlPolicy,
)
from resolvers.creation.validation import validate_draft
from simulator.app import create_app
from simulator.data import generate_world
from simulator.model import World
from tests.flatchr.helpers import fast_settings, integration_for
from unified.mapping import map_job_questions, map_question
from unified.model import QuestionRecord

from .factories import LIMITS, PDF, b64, candidate, oid, qid


@pytest.fixture
def world() -> World:
    return generate_world(seed=7, companies=1, vacancies=12, applicants=40)


@pytest.fixture
async def http(world: World) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(world))
    async with httpx.AsyncClient(transport=transport) as client:
        yield client


@pytest.fixture
def client(http: httpx.AsyncClient, world: World) -> FlatchrClient:
    return FlatchrPool(http, fast_settings()).client(integration_for(world.companies[0]))


async def _job(client: FlatchrClient) -> tuple[Vacancy, JobQuestions]:
    """The open vacancy with a question of every type, its questions mapped."""
    for summary in await client.list_vacancies(fields=()):
        vacancy = await client.get_vacancy(summary.id)
        if summary.status == 1 and len(vacancy.questions) >= 12:
            records = {q.id: map_question(q) for q in vacancy.questions}
            links = map_job_questions(vacancy.id, vacancy.questions)
            return vacancy, [(link, records[link.question_key]) for link in links]
    raise AssertionError("the seeded world has a vacancy with a question of every type")


def _answer(question: QuestionRecord) -> Any:
    options = [o.name for o in question.format.options]
    return {
        "TEXT": "Oui, volontiers",
        "NUMBER": 4.5,
        "BOOLEAN": True,
        "SINGLE_SELECT": oid(question.key, options[-1]) if options else None,
        "MULTI_SELECT": [oid(question.key, label) for label in options[:2]],
        "DATE": "2025-09-01",
        "FILE": "https://example.org/portfolio.pdf",
        "INFORMATION": "lu",
        "UNKNOWN": "7",
    }[question.format.type]


async def _submissions(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await http.get("http://sim/_sim/submissions")
    entries: list[dict[str, Any]] = response.json()["submissions"]
    return entries


async def _send(client: FlatchrClient, draft: ApplicationDraft, **policy: Any) -> C4Payload:
    vacancy, questions = await _job(client)
    result = validate_draft(
        draft,
        job_key=vacancy.id,
        questions=questions,
        limits=LIMITS,
        policy=UrlPolicy(**policy),
    )
    assert result.errors == [] and result.draft is not None, result.errors
    assert vacancy.slug is not None
    payload = build_c4_payload(
        result.draft, vacancy_slug=vacancy.slug, source=SourceSettings(offerer_id=75)
    )
    answer = await client.create_candidate(payload.body)
    assert answer == {"status": 200, "response": "applicant created"}
    return payload


async def test_every_question_type_written_and_stored(
    client: FlatchrClient, http: httpx.AsyncClient
) -> None:
    _, questions = await _job(client)
    answers = [AnswerInput(qid(q.key), _answer(q)) for _, q in questions]
    letter = AttachmentInput(name="lettre.txt", type="COVER_LETTER", data=b64(b"Madame, Monsieur"))
    draft = ApplicationDraft(
        candidate=candidate(),
        attachments=[letter, AttachmentInput(name="cv.pdf", type="CV", data=b64(PDF))],
        answers=answers,
        source=SourceInput(id="src-partner", name="Partenaire école"),
    )
    payload = await _send(client, draft)

    stored = (await _submissions(http))[-1]["stored"]
    not_sent = {"FILE", "INFORMATION"}
    expected_ids = [q.remote_id for _, q in questions if q.format.type not in not_sent]
    assert [a["question"] for a in stored["answers"]] == expected_ids
    assert stored["answers"] == payload.body["answers"]
    by_question = {a["question"]: a["value"] for a in stored["answers"]}
    kinds = {q.remote_id: q.format.type for _, q in questions}
    values = {kinds[k]: v for k, v in by_question.items()}
    assert values["NUMBER"] == "4.5" and values["BOOLEAN"] == "true"
    assert values["DATE"] == "2025-09-01"
    assert ";" in values["MULTI_SELECT"]
    assert (stored["offerer_id"], stored["source_id"], stored["source_name"]) == (
        75,
        "src-partner",
        "Partenaire école",
    )
    assert stored["resume"]["kind"] == "document" and stored["resume"]["size"] == len(PDF)
    assert stored["phone"] == "+33612345678"
    assert len(payload.warnings) == 1 + 2  # the cover letter, the FILE and the info answers


async def test_url_resume_not_fetched_goes_as_link(
    client: FlatchrClient, http: httpx.AsyncClient
) -> None:
    _, questions = await _job(client)
    required = [AnswerInput(qid(q.key), _answer(q)) for link, q in questions if link.required]
    url = "https://files.example.org/cv.pdf"
    draft = ApplicationDraft(
        candidate=candidate(email_address="link@example.org"),
        attachments=[AttachmentInput(name="cv.pdf", type="CV", data_url=url)],
        answers=required,
    )
    await _send(client, draft, fetch=False)
    stored = (await _submissions(http))[-1]["stored"]
    assert (stored["resume"]["kind"], stored["resume"]["url"]) == ("link", url)
    assert stored["email"] == "link@example.org"
