"""Screening answers: question ids, each format's rules, duplicates, required questions."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from gateway.core.errors import ErrorCode
from resolvers.creation.answers import JobQuestions, validate_answers
from resolvers.creation.inputs import AnswerInput, Path
from unified.ids import to_global_id

from .factories import JOB, OTHER_JOB, job_questions, jqid, oid, qid

#: answers to every required question that is always shown
REQUIRED = [
    AnswerInput(qid("q-text"), "Développeuse"),
    AnswerInput(qid("q-bool"), False),
    AnswerInput(qid("q-select"), oid("q-select", "Bac")),
]


def _run(*answers: AnswerInput, questions: JobQuestions | None = None) -> Any:
    qs = job_questions() if questions is None else questions
    return validate_answers([*REQUIRED, *answers], JOB, qs)


def _one(
    question: str, value: Any, questions: JobQuestions | None = None
) -> tuple[Any, list[Path]]:
    """The value kept for one extra answer (None if refused) and the problem paths."""
    valid, problems, _ = _run(AnswerInput(qid(question), value), questions=questions)
    assert all(p.code is ErrorCode.PLATFORM_INPUT_INVALID for p in problems)
    kept = [a.value for a in valid if a.index == len(REQUIRED)]
    return (kept[0] if kept else None), [p.path for p in problems]


ANSWER = ["screeningQuestionAnswers", len(REQUIRED), "answer"]
QUESTION_ID = ["screeningQuestionAnswers", len(REQUIRED), "questionId"]


def test_required_answers_alone_are_valid() -> None:
    valid, problems, warnings = _run()
    assert problems == [] and warnings == []
    assert [(a.question_remote_id, a.question_type, a.value) for a in valid] == [
        ("q-text", "TEXT", "Développeuse"),
        ("q-bool", "BOOLEAN", False),
        ("q-select", "SINGLE_SELECT", "Bac"),
    ]


@pytest.mark.parametrize(
    ("question", "value", "kept"),
    [
        (
            "q-area",
            "Une longue motivation\nsur deux lignes",
            "Une longue motivation\nsur deux lignes",
        ),
        ("q-num", 5, 5),
        ("q-num", 5.5, 5.5),
        ("q-num", -2, -2),
        (
            "q-multi",
            [oid("q-multi", "Allemand"), oid("q-multi", "Anglais")],
            ["Anglais", "Allemand"],
        ),
        ("q-multi", [oid("q-multi", "Anglais"), "Anglais"], ["Anglais"]),  # label accepted
        ("q-date", "2025-09-01", "2025-09-01"),
        ("q-date", "2024-02-29", "2024-02-29"),
        ("q-slider", "7", "7"),
        ("q-slider", [1, "a"], [1, "a"]),
        ("q-file", "https://example.org/portfolio.pdf", "https://example.org/portfolio.pdf"),
        ("q-info", "lu", "lu"),
    ],
)
def test_answer_valid(question: str, value: Any, kept: Any) -> None:
    assert _one(question, value) == (kept, [])


@pytest.mark.parametrize(
    ("question", "value", "fragment"),
    [
        ("q-area", 12, "expects a string"),
        ("q-num", "5", "expects a number"),
        ("q-num", True, "expects a number"),
        ("q-num", float("inf"), "finite"),
        ("q-multi", oid("q-multi", "Anglais"), "list of option ids"),
        ("q-multi", [oid("q-multi", "Chinois")], "not an option"),
        ("q-multi", [oid("q-select", "Bac")], "not an option"),  # another question's option
        ("q-multi", [1], "list of option ids"),
        ("q-date", "01/09/2025", "YYYY-MM-DD"),
        ("q-date", "2025-02-30", "not a calendar date"),
        ("q-date", "2025-9-1", "YYYY-MM-DD"),
        ("q-date", 20250901, "YYYY-MM-DD"),
        ("q-slider", {"a": 1}, "expects a string"),
        ("q-area", None, "null"),
    ],
)
def test_answer_invalid(question: str, value: Any, fragment: str) -> None:
    valid, problems, _ = _run(AnswerInput(qid(question), value))
    assert [p.path for p in problems] == [ANSWER]
    assert fragment in problems[0].message
    assert len(valid) == len(REQUIRED)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("Oui", "not an option"),
        (oid("q-select", "Bac +8"), "not an option"),
        ([oid("q-select", "Bac")], "one option id"),
        ("yes", "not an option"),
    ],
)
def test_single_select_invalid(value: Any, fragment: str) -> None:
    answers = [REQUIRED[0], REQUIRED[1], AnswerInput(qid("q-select"), value)]
    _, problems, _ = validate_answers(answers, JOB, job_questions())
    assert [p.path for p in problems] == [["screeningQuestionAnswers", 2, "answer"]]
    assert fragment in problems[0].message


def test_text_max_length_from_question_size() -> None:
    answers = [AnswerInput(qid("q-text"), "x" * 21), *REQUIRED[1:]]
    _, problems, _ = validate_answers(answers, JOB, job_questions())
    assert [p.path for p in problems] == [["screeningQuestionAnswers", 0, "answer"]]
    assert "at most 20" in problems[0].message


def _with_bounds(low: float | None, high: float | None) -> JobQuestions:
    out = []
    for link, question in job_questions():
        if question.key == "q-num":
            fmt = dataclasses.replace(question.format, min=low, max=high)
            question = dataclasses.replace(question, format=fmt)
        out.append((link, question))
    return out


@pytest.mark.parametrize(
    ("value", "refused"),
    [(0, False), (10, False), (-1, True), (10.5, True), (2.5, False)],
)
def test_number_bounds(value: float, refused: bool) -> None:
    kept, paths = _one("q-num", value, questions=_with_bounds(0, 10))
    assert paths == ([ANSWER] if refused else [])
    assert kept == (None if refused else value)


def test_job_question_id_of_this_job_accepted() -> None:
    valid, problems, warnings = _run(AnswerInput(jqid("q-num"), 3))
    assert problems == [] and warnings == []
    assert valid[-1].question_remote_id == "q-num"


@pytest.mark.parametrize(
    "question_id",
    [qid("q-unknown"), jqid("q-num", OTHER_JOB), jqid("q-unknown")],
)
def test_unknown_question_is_a_warning(question_id: str) -> None:
    valid, problems, warnings = _run(AnswerInput(question_id, "x"))
    assert problems == []
    assert len(valid) == len(REQUIRED)
    assert len(warnings) == 1 and question_id in warnings[0] and "not sent" in warnings[0]


@pytest.mark.parametrize(
    ("question_id", "fragment"),
    [
        ("q-num", "not a valid id"),
        ("not base64!", "not a valid id"),
        (to_global_id("Job", JOB), "expected a ScreeningQuestion"),
        (to_global_id("JobScreeningQuestion", "no-colon"), "Malformed"),
    ],
)
def test_malformed_question_id_is_an_error(question_id: str, fragment: str) -> None:
    _, problems, _ = _run(AnswerInput(question_id, "x"))
    assert [p.path for p in problems] == [QUESTION_ID]
    assert fragment in problems[0].message


def test_question_answered_twice() -> None:
    _, problems, _ = _run(AnswerInput(jqid("q-text"), "encore"))
    assert [p.path for p in problems] == [QUESTION_ID]
    assert "twice" in problems[0].message


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ([], ["Poste actuel", "Permis B", "Diplôme"]),
        ([AnswerInput(qid("q-text"), "   ")], ["Poste actuel", "Permis B", "Diplôme"]),
        (REQUIRED, []),
        # q-car is shown when q-bool is true, q-thesis when the diploma is Bac +3 or Bac +5
        ([REQUIRED[0], AnswerInput(qid("q-bool"), True), REQUIRED[2]], ["Véhicule"]),
        (
            [REQUIRED[0], REQUIRED[1], AnswerInput(qid("q-select"), oid("q-select", "Bac +5"))],
            ["Sujet de mémoire"],
        ),
        (
            [
                REQUIRED[0],
                AnswerInput(qid("q-bool"), True),
                AnswerInput(qid("q-select"), "Bac +3"),
                AnswerInput(qid("q-car"), "Clio"),
                AnswerInput(qid("q-thesis"), "Graphes"),
            ],
            [],
        ),
    ],
)
def test_required_questions_present(answers: list[AnswerInput], missing: list[str]) -> None:
    _, problems, _ = validate_answers(answers, JOB, job_questions())
    assert all(p.path == ["screeningQuestionAnswers"] for p in problems)
    assert len(problems) == len(missing)
    for problem, title in zip(problems, sorted(missing, key=_order), strict=True):
        assert title in problem.message


def _order(title: str) -> int:
    titles = [q.title or "" for _, q in job_questions()]
    return next(i for i, t in enumerate(titles) if title in t)


def test_refused_required_answer_not_also_reported_missing() -> None:
    answers = [AnswerInput(qid("q-text"), 42), *REQUIRED[1:]]
    _, problems, _ = validate_answers(answers, JOB, job_questions())
    assert [p.path for p in problems] == [["screeningQuestionAnswers", 0, "answer"]]
