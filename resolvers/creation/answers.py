"""Screening answers matched to the job's questions, and the job's required questions present.

`questionId` is a ScreeningQuestion global id; a JobScreeningQuestion id of the same job is
accepted too (design §5.7). An id that is not one of those types is an error; a well-formed id
of a question this job does not ask (or of another job) is a warning and the answer is not sent.
A required question counts only when it is shown: a conditional question is required when its
precondition question was answered with one of the expected options.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gateway.core.errors import InputInvalid
from resolvers.creation.answer_values import BLANK, NOT_SENT, Refusal, check_value
from resolvers.creation.inputs import AnswerInput, Problem, ValidAnswer
from unified.ids import from_global_id, to_global_id
from unified.keys import option_key, parse_job_question_key
from unified.model import JobQuestionRecord, QuestionRecord

FIELD = "screeningQuestionAnswers"
#: the job's questions: each job link with its question record
JobQuestions = Sequence[tuple[JobQuestionRecord, QuestionRecord]]


def _question_key(raw: str, job_key: str) -> tuple[str | None, str | None]:
    """(question key, None), or (None, error message), or (None, None) for another job's."""
    try:
        type_name, key = from_global_id(raw)
    except InputInvalid as exc:
        return None, exc.message
    if type_name == "ScreeningQuestion":
        return key, None
    if type_name == "JobScreeningQuestion":
        parsed = parse_job_question_key(key)
        if parsed is None:
            return None, "Malformed JobScreeningQuestion id"
        return (parsed[1], None) if parsed[0] == job_key else (None, None)
    return None, f"A {type_name} id; expected a ScreeningQuestion or JobScreeningQuestion id"


def validate_answers(
    answers: Sequence[AnswerInput], job_key: str, questions: JobQuestions
) -> tuple[list[ValidAnswer], list[Problem], list[str]]:
    """(answers to send, errors, warnings); every answer is looked at."""
    by_key = {q.key: q for _, q in questions}
    valid: list[ValidAnswer] = []
    problems: list[Problem] = []
    warnings: list[str] = []
    seen: set[str] = set()
    # question key -> normalised value; None when refused (reported once, not also "missing")
    given: dict[str, Any] = {}
    for index, item in enumerate(answers):
        key, error = _question_key(item.question_id, job_key)
        if error is not None:
            problems.append(Problem([FIELD, index, "questionId"], error))
            continue
        question = by_key.get(key) if key is not None else None
        if question is None:
            warnings.append(
                f"{FIELD}[{index}]: question {item.question_id} is not asked by this job; "
                "the answer was not sent"
            )
            continue
        if question.key in seen:
            problems.append(
                Problem([FIELD, index, "questionId"], "This question is answered twice")
            )
            continue
        seen.add(question.key)
        value = check_value(question, item.answer)
        if value is BLANK:  # left blank: not sent, and still missing if required
            continue
        if isinstance(value, Refusal):
            given[question.key] = None
            problems.append(Problem([FIELD, index, "answer"], value.message))
            continue
        given[question.key] = value
        valid.append(
            ValidAnswer(index, question.remote_id, question.format.type, question.title, value)
        )
    problems.extend(_missing(questions, given))
    return valid, problems, warnings


def _missing(questions: JobQuestions, given: dict[str, Any]) -> list[Problem]:
    by_key = {q.key: q for _, q in questions}
    problems = []
    for link, question in questions:
        if not link.required or question.format.type in NOT_SENT or question.key in given:
            continue
        if not _shown(link, given, by_key):
            continue
        title = f" {question.title!r}" if question.title else ""
        problems.append(
            Problem(
                [FIELD],
                f"The job requires an answer to question{title} "
                f"({to_global_id('ScreeningQuestion', question.key)})",
            )
        )
    return problems


def _shown(
    link: JobQuestionRecord, given: dict[str, Any], by_key: dict[str, QuestionRecord]
) -> bool:
    parent = link.precondition_question_key
    if parent is None:
        return True
    if parent not in by_key or given.get(parent) is None:
        return False  # the parent question was not answered: this one is never shown
    if not link.precondition_options:
        return True
    answer = given[parent]
    if isinstance(answer, bool):
        return ("true" if answer else "false") in link.precondition_options
    labels = answer if isinstance(answer, list) else [answer]
    return any(option_key(parent, str(label)) in link.precondition_options for label in labels)
