"""A job's screening questions built with the real mapping from Flatchr-shaped JSON, and small
input builders for the write-path tests."""

from __future__ import annotations

import base64
from typing import Any

from gateway.flatchr.models import Question
from resolvers.creation.answers import JobQuestions
from resolvers.creation.inputs import (
    ApplicationDraft,
    AttachmentInput,
    CandidateInput,
    FileLimits,
    UrlPolicy,
)
from unified.ids import to_global_id
from unified.keys import job_question_key, option_key
from unified.mapping import map_job_questions, map_question

JOB = "Vq5r6pYxam9AmMvP"
OTHER_JOB = "Zx1Cv2Bn3Mm4Ll5K"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LIMITS = FileLimits(max_file_bytes=1000, max_total_bytes=1500)
POLICY = UrlPolicy(fetch=True, allow_hosts=frozenset({"127.0.0.1"}))

RAW_QUESTIONS: list[dict[str, Any]] = [
    {"id": "q-text", "text": "Poste actuel", "type": "text", "required": True, "size": 20},
    {"id": "q-area", "text": "Motivation", "type": "textarea", "required": False},
    {"id": "q-num", "text": "Années d'expérience", "type": "number", "required": False},
    {"id": "q-bool", "text": "Permis B ?", "type": "yesno", "required": True},
    {
        "id": "q-select",
        "text": "Diplôme",
        "type": "select",
        "required": True,
        "options": "Bac;Bac +3;Bac +5",
    },
    {
        "id": "q-multi",
        "text": "Langues",
        "type": "checkbox",
        "required": False,
        "options": "Anglais;Espagnol;Allemand",
    },
    {"id": "q-date", "text": "Disponible le", "type": "date", "required": False},
    {"id": "q-file", "text": "Portfolio", "type": "file", "required": True},
    {"id": "q-info", "text": "À savoir", "type": "info", "required": False},
    {
        "id": "q-car",
        "text": "Véhicule",
        "type": "text",
        "required": True,
        "parent_question": "q-bool",
        "parent_answer_expected": True,
    },
    {
        "id": "q-thesis",
        "text": "Sujet de mémoire",
        "type": "text",
        "required": True,
        "parent_question": "q-select",
        "parent_answer_expected": "Bac +3;Bac +5",
    },
    {"id": "q-slider", "text": "Note", "type": "slider", "required": False},
]


def job_questions(raw: list[dict[str, Any]] | None = None) -> JobQuestions:
    parsed = [Question.from_json(q) for q in (raw if raw is not None else RAW_QUESTIONS)]
    records = {q.id: map_question(q) for q in parsed}
    return [(link, records[link.question_key]) for link in map_job_questions(JOB, parsed)]


def qid(key: str) -> str:
    return to_global_id("ScreeningQuestion", key)


def jqid(key: str, job: str = JOB) -> str:
    return to_global_id("JobScreeningQuestion", job_question_key(job, key))


def oid(question: str, label: str) -> str:
    return to_global_id("QuestionOption", option_key(question, label))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def cv(data: bytes | None = PDF, **extra: Any) -> AttachmentInput:
    """A CV attachment; `data=None` for one given by `data_url`."""
    encoded = b64(data) if data is not None else None
    fields: dict[str, Any] = {"name": "cv.pdf", "type": "CV", "data": encoded}
    fields.update(extra)
    return AttachmentInput(**fields)


def candidate(**extra: Any) -> CandidateInput:
    fields: dict[str, Any] = {
        "first_name": "Léa",
        "last_name": "Martin",
        "email_address": "lea.martin@example.org",
        "phone_number": "06 12 34 56 78",
    }
    fields.update(extra)
    return CandidateInput(**fields)


def draft(**extra: Any) -> ApplicationDraft:
    fields: dict[str, Any] = {"candidate": candidate(), "attachments": [cv()]}
    fields.update(extra)
    return ApplicationDraft(**fields)
