"""Every input problem surfaces through the mutation with its code and field path, all at
once, and nothing is written upstream (no C4 in the simulator's log)."""

from __future__ import annotations

from typing import Any

import pytest

from unified.ids import to_global_id

from .stack import PDF, Stack, application, b64, job_id, open_job


async def _refused(stack: Stack, payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    result = await stack.apply(payload)
    assert result["application"] is None and result["candidate"] is None
    assert "C4" not in await stack.counts(), "nothing may be written"
    return [(e["code"], e["field"]) for e in result["userErrors"]]


INVALID = "PLATFORM_INPUT_INVALID"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"candidate": {"firstName": " ", "lastName": "M", "emailAddress": "a@example.org"}},
         ["candidate", "firstName"]),
        ({"candidate": {"firstName": "L", "lastName": "123", "emailAddress": "a@example.org"}},
         ["candidate", "lastName"]),
        ({"candidate": {"firstName": "L", "lastName": "M", "emailAddress": "not-an-address"}},
         ["candidate", "emailAddress"]),
        ({"candidate": {"firstName": "L", "lastName": "M", "emailAddress": "a@example.org",
                        "phoneNumber": "12"}},
         ["candidate", "phoneNumber"]),
        ({"attachments": [{"name": "cv.pdf", "type": "CV", "data": "%%%"}]},
         ["attachments", "0", "data"]),
        ({"attachments": [{"name": "cv.pdf", "type": "CV"}]}, ["attachments", "0"]),
        ({"attachments": [{"name": "cv.pdf", "type": "CV", "data": b64(PDF),
                           "contentType": "image/png"}]},
         ["attachments", "0", "contentType"]),
        ({"attachments": [{"name": "l.txt", "type": "COVER_LETTER", "data": b64(b"Bonjour")}]},
         ["attachments"]),
        ({"attachments": [{"name": "cv.pdf", "type": "CV", "dataUrl": "ftp://x.org/cv.pdf"}]},
         ["attachments", "0", "dataUrl"]),
        ({"source": {"id": "x" * 201}}, ["source", "id"]),
        ({"jobId": "bm9wZQ=="}, ["jobId"]),
        ({"idempotencyKey": "k" * 300}, ["idempotencyKey"]),
    ],
)  # fmt: skip
async def test_each_problem_has_its_code_and_path(
    stack: Stack, change: dict[str, Any], field: list[str]
) -> None:
    payload = application(job_id(open_job(stack.world)), "lea@example.org")
    payload.update(change)
    assert (INVALID, field) in await _refused(stack, payload)


async def test_every_problem_is_reported_at_once(stack: Stack) -> None:
    payload = application(
        job_id(open_job(stack.world)),
        "nope",
        attachments=[
            {"name": "cv.pdf", "type": "CV", "data": b64(PDF)},
            {"name": "x.pdf", "type": "OTHER", "data": "%%%"},
        ],
    )
    payload["candidate"]["firstName"] = ""
    errors = await _refused(stack, payload)
    assert sorted(f for _, f in errors if f) == [
        ["attachments", "1", "data"],
        ["candidate", "emailAddress"],
        ["candidate", "firstName"],
    ]


async def test_unknown_job_and_closed_job(stack: Stack) -> None:
    acme = stack.acme
    unknown = to_global_id("Job", "NoSuchVacancy00")
    assert await _refused(stack, application(unknown, "a@example.org")) == [
        ("PLATFORM_NOT_FOUND", ["jobId"])
    ]
    closed = next(v for v in acme.vacancies.values() if v.status == 0)
    draft = next(v for v in acme.vacancies.values() if v.status == 2)
    for vacancy in (closed, draft):
        assert await _refused(stack, application(job_id(vacancy), "a@example.org")) == [
            ("ATS_JOB_CLOSED", ["jobId"])
        ]
    # remote ids: the hashid and the numeric vacancy_id both name the closed job
    for remote in (f"remote:{closed.hashid}", f"remote:{closed.numeric_id}"):
        assert await _refused(stack, application(remote, "a@example.org")) == [
            ("ATS_JOB_CLOSED", ["jobId"])
        ]
    assert await _refused(stack, application("remote:999999", "a@example.org")) == [
        ("PLATFORM_NOT_FOUND", ["jobId"])
    ]


async def test_job_problem_reported_with_the_other_problems(stack: Stack) -> None:
    closed = next(v for v in stack.acme.vacancies.values() if v.status == 0)
    payload = application(job_id(closed), "not-an-address")
    assert await _refused(stack, payload) == [
        ("ATS_JOB_CLOSED", ["jobId"]),
        (INVALID, ["candidate", "emailAddress"]),
    ]


async def test_answers_checked_against_the_job(stack: Stack) -> None:
    job = open_job(stack.world, questions=True)
    number = next(q for q in job.questions if q.type == "number")
    answers = [{"questionId": to_global_id("ScreeningQuestion", number.hashid), "answer": "x"}]
    errors = await _refused(
        stack, application(job_id(job), "a@example.org", screeningQuestionAnswers=answers)
    )
    assert (INVALID, ["screeningQuestionAnswers", "0", "answer"]) in errors
    assert (INVALID, ["screeningQuestionAnswers"]) in errors  # required questions left out


async def test_create_candidate_reports_the_job_under_application(stack: Stack) -> None:
    mutation = """mutation($input: CreateCandidateInput!) { createCandidate(input: $input) {
        candidate { id } userErrors { code field } } }"""
    closed = next(v for v in stack.acme.vacancies.values() if v.status == 0)
    payload = application(job_id(closed), "a@example.org")
    del payload["jobId"]
    payload["application"] = {"jobId": job_id(closed)}
    body = await stack.gql(mutation, {"input": payload})
    result = body["data"]["createCandidate"]
    assert result["candidate"] is None
    assert result["userErrors"] == [{"code": "ATS_JOB_CLOSED", "field": ["application", "jobId"]}]
    assert "C4" not in await stack.counts()
