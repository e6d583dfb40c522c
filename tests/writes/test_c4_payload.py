"""The C4 body: resume, other attachments as warnings, answers in Flatchr's form, source."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

import pytest

from resolvers.creation.attachments import with_fetched
from resolvers.creation.c4_payload import (
    C4Payload,
    SourceSettings,
    build_c4_payload,
    encode_value,
    resume_attachment,
    shortest_decimal,
)
from resolvers.creation.inputs import (
    AnswerInput,
    ApplicationDraft,
    AttachmentInput,
    SourceInput,
    ValidDraft,
)
from resolvers.creation.validation import validate_draft

from .factories import JOB, LIMITS, PDF, POLICY, b64, candidate, cv, job_questions, oid, qid

SLUG = "vq5r6pyxam9ammvp-developpeur-python-h-f"
REQUIRED = [
    AnswerInput(qid("q-text"), "Développeuse"),
    AnswerInput(qid("q-bool"), False),
    AnswerInput(qid("q-select"), oid("q-select", "Bac +3")),
    AnswerInput(qid("q-thesis"), "Graphes"),
]


def _valid(**fields: Any) -> ValidDraft:
    base: dict[str, Any] = {"candidate": candidate(), "attachments": [cv()], "answers": REQUIRED}
    base.update(fields)
    result = validate_draft(
        ApplicationDraft(**base),
        job_key=JOB,
        questions=job_questions(),
        limits=LIMITS,
        policy=POLICY,
    )
    assert result.errors == [], result.errors
    assert result.draft is not None
    return result.draft


def _build(draft: ValidDraft, source: SourceSettings | None = None) -> C4Payload:
    return build_c4_payload(draft, vacancy_slug=SLUG, source=source or SourceSettings())


def test_body_with_document_resume_and_answers() -> None:
    payload = _build(_valid())
    assert payload.warnings == []
    assert payload.body == {
        "vacancy": SLUG,
        "firstname": "Léa",
        "lastname": "Martin",
        "email": "lea.martin@example.org",
        "phone": "+33612345678",
        "type": "document",
        "resume": {"data": b64(PDF), "fileName": "cv.pdf", "contentType": "application/pdf"},
        "answers": [
            {"question": "q-text", "value": "Développeuse"},
            {"question": "q-bool", "value": "false"},
            {"question": "q-select", "value": "Bac +3"},
            {"question": "q-thesis", "value": "Graphes"},
        ],
    }
    assert base64.b64decode(payload.body["resume"]["data"]) == PDF
    assert "token" not in payload.body


def test_no_phone_no_answers_keys_left_out() -> None:
    body = _build(_valid(candidate=candidate(phone_number=None))).body
    assert "phone" not in body
    body = build_c4_payload(
        _valid_without_questions(), vacancy_slug=SLUG, source=SourceSettings()
    ).body
    assert "answers" not in body


def _valid_without_questions() -> ValidDraft:
    result = validate_draft(
        ApplicationDraft(candidate=candidate(), attachments=[cv()]),
        job_key=JOB,
        questions=[],
        limits=LIMITS,
        policy=POLICY,
    )
    assert result.draft is not None
    return result.draft


def test_first_cv_is_the_resume_others_warned() -> None:
    letter = AttachmentInput(name="lettre.pdf", type="COVER_LETTER", data=b64(PDF))
    second_cv = AttachmentInput(name="cv-en.pdf", type="CV", data=b64(b"%PDF-1.7 en"))
    draft = _valid(attachments=[letter, cv(), second_cv])
    payload = _build(draft)
    assert payload.body["resume"]["fileName"] == "cv.pdf"
    assert resume_attachment(draft) is draft.attachments[1]
    assert len(payload.warnings) == 2
    assert "attachments[0] (lettre.pdf, COVER_LETTER)" in payload.warnings[0]
    assert "attachments[2] (cv-en.pdf, CV)" in payload.warnings[1]
    assert all("not sent" in w for w in payload.warnings)


def test_link_resume_for_url_not_fetched() -> None:
    url = "http://files.example.org/cv.pdf"
    payload = _build(_valid(attachments=[cv(data=None, data_url=url)]))
    assert (payload.body["type"], payload.body["resume"]) == ("link", url)


def test_resume_to_fetch_must_be_fetched_first() -> None:
    draft = _valid(attachments=[cv(data=None, data_url="https://files.example.org/cv")])
    with pytest.raises(ValueError, match="fetched"):
        _build(draft)
    fetched, problems = with_fetched(draft.attachments[0], PDF, "application/pdf", LIMITS)
    assert problems == []
    payload = _build(_replace_attachments(draft, [fetched]))
    assert payload.body["type"] == "document"
    assert payload.body["resume"]["data"] == b64(PDF)


def _replace_attachments(draft: ValidDraft, attachments: list[Any]) -> ValidDraft:
    return dataclasses.replace(draft, attachments=attachments)


def test_data_url_resume_sent_as_document() -> None:
    url = "data:application/pdf;base64," + b64(PDF)
    payload = _build(_valid(attachments=[cv(data=None, data_url=url, name="mon cv.pdf")]))
    assert payload.body["type"] == "document"
    assert payload.body["resume"] == {
        "data": b64(PDF),
        "fileName": "mon cv.pdf",
        "contentType": "application/pdf",
    }


def test_answers_in_flatchr_form() -> None:
    extra = [
        AnswerInput(qid("q-num"), 5.0),
        AnswerInput(qid("q-multi"), [oid("q-multi", "Allemand"), oid("q-multi", "Anglais")]),
        AnswerInput(qid("q-date"), "2025-09-01"),
        AnswerInput(qid("q-file"), "https://example.org/book.pdf"),
        AnswerInput(qid("q-info"), "ok"),
        AnswerInput(qid("q-slider"), 7.25),
    ]
    answers = [
        AnswerInput(qid("q-text"), "Dév"),
        AnswerInput(qid("q-bool"), True),
        AnswerInput(qid("q-car"), "Clio"),
        AnswerInput(qid("q-select"), "Bac"),
        *extra,
    ]
    payload = _build(_valid(answers=answers))
    assert payload.body["answers"] == [
        {"question": "q-text", "value": "Dév"},
        {"question": "q-bool", "value": "true"},
        {"question": "q-car", "value": "Clio"},
        {"question": "q-select", "value": "Bac"},
        {"question": "q-num", "value": "5"},
        {"question": "q-multi", "value": "Anglais;Allemand"},
        {"question": "q-date", "value": "2025-09-01"},
        {"question": "q-slider", "value": "7.25"},
    ]
    assert len(payload.warnings) == 2
    assert (
        payload.warnings[0].startswith("screeningQuestionAnswers[7]")
        and "file" in payload.warnings[0]
    )
    assert payload.warnings[1].startswith("screeningQuestionAnswers[8]")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5, "5"),
        (5.0, "5"),
        (5.5, "5.5"),
        (-0.25, "-0.25"),
        (0.1, "0.1"),
        (1e-7, "0.0000001"),
        (1e20, "100000000000000000000"),
        (-0.0, "0"),
        (10, "10"),
        (True, "true"),
        (False, "false"),
        (["a", "b"], "a;b"),
        ("texte", "texte"),
    ],
)
def test_encode_value(value: Any, text: str) -> None:
    assert encode_value(value) == text


def test_shortest_decimal_round_trips() -> None:
    for number in (0.1 + 0.2, 1 / 3, 123456.789, 2.5e-5):
        assert float(shortest_decimal(number)) == number


@pytest.mark.parametrize(
    ("given", "settings", "expected"),
    [
        (None, SourceSettings(), {}),
        (None, SourceSettings(offerer_id=75), {"offerer_id": 75}),
        (None, SourceSettings(source_id="src-int"), {"source_id": "src-int"}),
        (
            SourceInput(id="src-call"),
            SourceSettings(source_id="src-int"),
            {"source_id": "src-call"},
        ),
        (
            SourceInput(id="src-call", name="Salon"),
            SourceSettings(offerer_id=75, source_id="src-int"),
            {"offerer_id": 75, "source_id": "src-call", "source": "Salon"},
        ),
        (
            SourceInput(name="Salon"),
            SourceSettings(offerer_id=12),
            {"offerer_id": 12, "source": "Salon"},
        ),
        (SourceInput(name="Salon"), SourceSettings(), {"source": "Salon"}),
    ],
)
def test_source_writing(
    given: SourceInput | None, settings: SourceSettings, expected: dict[str, Any]
) -> None:
    body = _build(_valid(source=given), settings).body
    sent = {k: body[k] for k in ("offerer_id", "source_id", "source") if k in body}
    assert sent == expected
