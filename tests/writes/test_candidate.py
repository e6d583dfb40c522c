"""Candidate fields: names, e-mail (email-validator, no DNS), phone (phonenumbers, region FR)."""

from __future__ import annotations

import pytest

from gateway.core.errors import ErrorCode
from resolvers.creation.inputs import AnswerInput, AttachmentInput, Problem, SourceInput
from resolvers.creation.validation import check_email, check_phone, validate_draft

from .factories import (
    JOB,
    LIMITS,
    OTHER_JOB,
    POLICY,
    candidate,
    draft,
    job_questions,
    jqid,
    qid,
)


def _errors(**candidate_fields: str | None) -> list[Problem]:
    result = validate_draft(
        draft(candidate=candidate(**candidate_fields)),
        job_key=JOB,
        questions=[],
        limits=LIMITS,
        policy=POLICY,
    )
    return result.errors


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("first_name", "", "required"),
        ("first_name", "   ", "required"),
        ("last_name", "x" * 101, "at most 100"),
        ("last_name", "Mar\x00tin", "control"),
        ("first_name", "12345", "letter"),
        ("first_name", "---", "letter"),
    ],
)
def test_name_invalid_reported_with_path_and_code(field: str, value: str, fragment: str) -> None:
    errors = _errors(**{field: value})
    graphql = {"first_name": "firstName", "last_name": "lastName"}[field]
    assert [e.path for e in errors] == [["candidate", graphql]]
    assert errors[0].code is ErrorCode.PLATFORM_INPUT_INVALID
    assert fragment in errors[0].message
    assert errors[0].field() == ["candidate", graphql]


@pytest.mark.parametrize("value", ["Léa", "Jean-Pierre", "O'Brien", "Zoë Ça", "李"])
def test_name_valid_accepted(value: str) -> None:
    assert _errors(first_name=value) == []


def test_names_trimmed_and_inner_spaces_collapsed() -> None:
    result = validate_draft(
        draft(candidate=candidate(first_name="  Jean   Pierre ", last_name=" Martin")),
        job_key=JOB,
        questions=[],
        limits=LIMITS,
        policy=POLICY,
    )
    assert result.draft is not None
    assert (result.draft.first_name, result.draft.last_name) == ("Jean Pierre", "Martin")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "lea",
        "lea@",
        "@example.org",
        "lea martin@example.org",
        "lea@@example.org",
        "lea@example",
        "a" * 250 + "@example.org",
        "lea@exa_mple.org",
    ],
)
def test_email_invalid(value: str) -> None:
    errors = _errors(email_address=value)
    assert [e.path for e in errors] == [["candidate", "emailAddress"]]
    assert errors[0].code is ErrorCode.PLATFORM_INPUT_INVALID


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("lea.martin@example.org", "lea.martin@example.org"),
        ("  Lea.Martin@Example.ORG ", "Lea.Martin@example.org"),
        ("léa@exämple.fr", "léa@exämple.fr"),
    ],
)
def test_email_valid_normalised_without_dns(value: str, normalised: str) -> None:
    assert check_email(value) == (normalised, None)


@pytest.mark.parametrize(
    ("value", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-2671", "+14155552671"),
        (None, None),
        ("  ", None),
    ],
)
def test_phone_valid_normalised_to_e164(value: str | None, e164: str | None) -> None:
    assert check_phone(value) == (e164, None)


@pytest.mark.parametrize("value", ["abc", "12", "06 12", "+33 6 12 34 56 78 90 12", "1" * 41])
def test_phone_invalid(value: str) -> None:
    errors = _errors(phone_number=value)
    assert [e.path for e in errors] == [["candidate", "phoneNumber"]]
    assert errors[0].code is ErrorCode.PLATFORM_INPUT_INVALID


def test_source_too_long_and_blank_parts() -> None:
    result = validate_draft(
        draft(source=SourceInput(id="x" * 201, name="  ")),
        job_key=JOB,
        questions=[],
        limits=LIMITS,
        policy=POLICY,
    )
    assert [e.path for e in result.errors] == [["source", "id"]]
    ok = validate_draft(
        draft(source=SourceInput(id=" ", name=" Salon ")),
        job_key=JOB,
        questions=[],
        limits=LIMITS,
        policy=POLICY,
    )
    assert ok.draft is not None and ok.draft.source == SourceInput(id=None, name="Salon")


def test_every_problem_reported_at_once() -> None:
    bad = draft(
        candidate=candidate(first_name="", last_name="", email_address="nope", phone_number="x"),
        attachments=[
            AttachmentInput(name="cv.pdf", type="CV", data="!!!"),
            AttachmentInput(name="", type="OTHER"),
        ],
        answers=[
            AnswerInput(qid("q-num"), "five"),
            AnswerInput("not-an-id", "x"),
            AnswerInput(jqid("q-num", OTHER_JOB), 3),
        ],
        source=SourceInput(name="s" * 300),
    )
    result = validate_draft(
        bad, job_key=JOB, questions=job_questions(), limits=LIMITS, policy=POLICY
    )
    assert [e.path for e in result.errors] == [
        ["candidate", "firstName"],
        ["candidate", "lastName"],
        ["candidate", "emailAddress"],
        ["candidate", "phoneNumber"],
        ["attachments", 0, "data"],
        ["attachments", 1, "name"],
        ["attachments", 1],
        ["screeningQuestionAnswers", 0, "answer"],
        ["screeningQuestionAnswers", 1, "questionId"],
        # required and shown, not answered: q-bool, q-select, q-text (q-file is never sent;
        # q-car and q-thesis hang on unanswered questions)
        ["screeningQuestionAnswers"],
        ["screeningQuestionAnswers"],
        ["screeningQuestionAnswers"],
        ["source", "name"],
    ]
    assert all(e.code is ErrorCode.PLATFORM_INPUT_INVALID for e in result.errors)
    assert result.draft is None
    assert len(result.warnings) == 1 and "not asked by this job" in result.warnings[0]
