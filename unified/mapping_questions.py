"""Vacancy questions -> screening questions and their job links (design §5.4, §5.7)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from gateway.flatchr.models import Question
from gateway.flatchr.models.parse import parse_bool, split_list
from unified.keys import job_question_key, option_key
from unified.mapping_tables import fold
from unified.model import (
    EPOCH,
    JobQuestionRecord,
    OptionRecord,
    QuestionFormatRecord,
    QuestionRecord,
)

# Flatchr `type` (lower-case, without spaces, "-" or "_") -> (unified type, display type).
QUESTION_TYPES: dict[str, tuple[str, str | None]] = {
    "text": ("TEXT", "SINGLE_LINE"),
    "textarea": ("TEXT", "MULTI_LINE"),
    "number": ("NUMBER", None),
    "boolean": ("BOOLEAN", None),
    "yesno": ("BOOLEAN", None),
    "select": ("SINGLE_SELECT", "DROPDOWN"),
    "radio": ("SINGLE_SELECT", "RADIO"),
    "checkbox": ("MULTI_SELECT", None),
    "multiselect": ("MULTI_SELECT", None),
    "date": ("DATE", None),
    "file": ("FILE", None),
    "info": ("INFORMATION", None),
}
_SELECTS = ("SINGLE_SELECT", "MULTI_SELECT")


def question_type(q: Question) -> tuple[str, str | None]:
    """The unified type and display type of a Flatchr question ("UNKNOWN" when unmapped)."""
    raw = (q.type or "").strip().lower()
    for char in " -_":
        raw = raw.replace(char, "")
    return QUESTION_TYPES.get(raw, ("UNKNOWN", None))


def question_options(q: Question) -> list[OptionRecord]:
    """The options of a select question, one per distinct label, in Flatchr's order."""
    if question_type(q)[0] not in _SELECTS:
        return []
    labels = dict.fromkeys(q.options)
    return [
        OptionRecord(key=option_key(q.id, label), remote_id=label, name=label) for label in labels
    ]


def map_question(q: Question, *, changed_at: datetime = EPOCH) -> QuestionRecord:
    """`changed_at`: the vacancy's (questions carry no timestamp of their own)."""
    kind, display = question_type(q)
    max_length = q.size if kind == "TEXT" and q.size is not None and q.size > 0 else None
    return QuestionRecord(
        key=q.id,
        remote_id=q.id,
        title=q.text,
        description=None,
        format=QuestionFormatRecord(
            type=kind,
            display_type=display,
            max_length=max_length,
            options=question_options(q),
            raw_question=q.raw if kind == "UNKNOWN" else None,
        ),
        changed_at=changed_at,
        remote_data=q.raw,
    )


def _natural(value: str) -> tuple[int, int, str]:
    return (0, int(value), "") if value.isascii() and value.isdigit() else (1, 0, value)


def _question_order(q: Question) -> tuple[int, int, tuple[int, int, str]]:
    return (q.position is None, q.position or 0, _natural(q.id))


def map_job_questions(
    job_key: str, questions: Iterable[Question], *, changed_at: datetime = EPOCH
) -> list[JobQuestionRecord]:
    """The vacancy's questions ordered by position (missing last), ties by id; index =
    Flatchr's `position`. A repeated question id is listed once."""
    unique = list({q.id: q for q in reversed(list(questions))}.values())
    ordered = sorted(unique, key=_question_order)
    by_id = {q.id: q for q in ordered}
    return [
        JobQuestionRecord(
            key=job_question_key(job_key, q.id),
            index=q.position,
            required=q.required,
            precondition_question_key=q.parent_question,
            precondition_options=precondition_options(
                q.parent_answer_expected,
                by_id.get(q.parent_question) if q.parent_question else None,
            )
            if q.parent_question
            else None,
            job_key=job_key,
            question_key=q.id,
            changed_at=changed_at,
        )
        for q in ordered
    ]


def precondition_options(expected: Any, parent: Question | None) -> list[str] | None:
    """`parent_answer_expected` -> option keys of the parent, or ["true"]/["false"].

    Booleans: a JSON boolean, the strings "true"/"false", or any yes/no spelling when the
    parent is a BOOLEAN question. Labels (a `;`-separated string or a list) map to the
    parent's options (exact label first, then accent/case-insensitive); unmatched labels are
    dropped (the raw value stays in the question's remoteData). None when nothing maps.
    """
    if expected is None or (isinstance(expected, str | list) and not split_list(expected)):
        return None
    as_bool = _expected_bool(expected, parent)
    if as_bool is not None:
        return ["true" if as_bool else "false"]
    if parent is None:
        return None
    labels = split_list(expected) if isinstance(expected, str | list) else split_list(str(expected))
    options = {o.name: o.key for o in question_options(parent)}
    folded = {fold(name): key for name, key in reversed(options.items())}
    keys = [options.get(label) or folded.get(fold(label)) for label in labels]
    found = list(dict.fromkeys(k for k in keys if k is not None))
    return found or None


def _expected_bool(expected: Any, parent: Question | None) -> bool | None:
    if isinstance(expected, bool):
        return expected
    if isinstance(expected, str) and expected.strip().lower() in ("true", "false"):
        return expected.strip().lower() == "true"
    if parent is not None and question_type(parent)[0] == "BOOLEAN":
        if isinstance(expected, list):
            return parse_bool(expected[0]) if len(expected) == 1 else None
        return parse_bool(expected)
    return None
