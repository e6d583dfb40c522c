"""Vacancy questions -> screening questions and job links (design §5.4, §5.7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.mapping.factories import VACANCY_ID, question
from unified.mapping import map_job_questions, map_question
from unified.model import EPOCH, OptionRecord


@pytest.mark.parametrize(
    ("flatchr_type", "kind", "display"),
    [
        ("text", "TEXT", "SINGLE_LINE"),
        ("textarea", "TEXT", "MULTI_LINE"),
        ("number", "NUMBER", None),
        ("boolean", "BOOLEAN", None),
        ("yesno", "BOOLEAN", None),
        ("yes-no", "BOOLEAN", None),
        ("select", "SINGLE_SELECT", "DROPDOWN"),
        ("radio", "SINGLE_SELECT", "RADIO"),
        ("checkbox", "MULTI_SELECT", None),
        ("multiselect", "MULTI_SELECT", None),
        ("multi_select", "MULTI_SELECT", None),
        ("date", "DATE", None),
        ("file", "FILE", None),
        ("info", "INFORMATION", None),
        ("TEXT", "TEXT", "SINGLE_LINE"),
        (" Select ", "SINGLE_SELECT", "DROPDOWN"),
        ("signature", "UNKNOWN", None),
        ("", "UNKNOWN", None),
        (None, "UNKNOWN", None),
    ],
)
def test_question_format_type_by_flatchr_type(
    flatchr_type: str | None, kind: str, display: str | None
) -> None:
    fmt = map_question(question("Q1", flatchr_type)).format
    assert (fmt.type, fmt.display_type) == (kind, display)


def test_question_unknown_type_keeps_raw_question() -> None:
    q = question("Q1", "signature", options="a;b", size=3)
    record = map_question(q)
    assert record.format.raw_question == q.raw
    assert record.format.raw_question is not None
    assert record.format.raw_question["type"] == "signature"


@pytest.mark.parametrize("flatchr_type", ["text", "select", "file", "info"])
def test_question_known_type_has_no_raw_question(flatchr_type: str) -> None:
    assert map_question(question("Q1", flatchr_type)).format.raw_question is None


def test_question_fields() -> None:
    q = question("Qn1Aa2Bb3Cc4Dd5E", "text", text="Votre disponibilité ?", required=True)
    record = map_question(q, changed_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert record.key == record.remote_id == "Qn1Aa2Bb3Cc4Dd5E"
    assert record.title == "Votre disponibilité ?"
    assert record.description is None
    assert record.remote_data == q.raw
    assert record.changed_at == datetime(2024, 1, 1, tzinfo=UTC)


def test_question_changed_at_defaults_to_epoch() -> None:
    assert map_question(question("Q1")).changed_at == EPOCH


@pytest.mark.parametrize(
    ("flatchr_type", "size", "expected"),
    [
        ("text", 120, 120),
        ("textarea", "500", 500),
        ("text", 0, None),
        ("text", None, None),
        ("number", 10, None),
    ],
)
def test_question_text_max_length_from_size(
    flatchr_type: str, size: Any, expected: int | None
) -> None:
    assert map_question(question("Q1", flatchr_type, size=size)).format.max_length == expected


@pytest.mark.parametrize(
    ("flatchr_type", "options", "labels"),
    [
        ("select", "Oui;Non", ["Oui", "Non"]),
        ("radio", " Paris ; Lyon ;;", ["Paris", "Lyon"]),
        ("checkbox", ["Python", "SQL", "Python"], ["Python", "SQL"]),
        ("multiselect", "A: 1;B", ["A: 1", "B"]),
        ("select", "", []),
        ("select", None, []),
        ("text", "Oui;Non", []),
        ("yesno", "Oui;Non", []),
    ],
)
def test_question_options_from_semicolon_list(
    flatchr_type: str, options: Any, labels: list[str]
) -> None:
    fmt = map_question(question("Q1", flatchr_type, options=options)).format
    assert fmt.options == [OptionRecord(key=f"Q1:{x}", remote_id=x, name=x) for x in labels]


def test_job_questions_ordered_by_position_then_id_with_keys() -> None:
    questions = [
        question("Q3", position=2),
        question("Q10", position=1),
        question("Q2", position=1),
        question("Q9", position=None),
        question("Q1", position=0, required=True),
    ]
    links = map_job_questions(VACANCY_ID, questions)
    assert [(j.question_key, j.index) for j in links] == [
        ("Q1", 0),
        ("Q10", 1),
        ("Q2", 1),
        ("Q3", 2),
        ("Q9", None),
    ]
    first = links[0]
    assert first.key == f"{VACANCY_ID}:Q1"
    assert (first.job_key, first.required, first.changed_at) == (VACANCY_ID, True, EPOCH)
    assert links[1].required is False


def test_job_questions_numeric_ids_tie_break_numerically() -> None:
    links = map_job_questions(VACANCY_ID, [question("10", position=1), question("9", position=1)])
    assert [j.question_key for j in links] == ["9", "10"]


def test_job_questions_list_a_repeated_id_once() -> None:
    links = map_job_questions(
        VACANCY_ID, [question("Q1", position=0, required=True), question("Q1", position=5)]
    )
    assert [(j.question_key, j.index, j.required) for j in links] == [("Q1", 0, True)]


def test_job_questions_empty() -> None:
    assert map_job_questions(VACANCY_ID, []) == []


PARENT_SELECT = question("P", "select", options="Paris;Lyon;Île-de-France", position=0)
PARENT_BOOL = question("B", "yesno", options="Oui;Non", position=0)
PARENT_TEXT = question("T", "text", position=0)


@pytest.mark.parametrize(
    ("parent", "expected_answer", "options"),
    [
        (PARENT_SELECT, "Lyon", ["P:Lyon"]),
        (PARENT_SELECT, "Paris;Lyon", ["P:Paris", "P:Lyon"]),
        (PARENT_SELECT, " Lyon ; Paris ", ["P:Lyon", "P:Paris"]),
        (PARENT_SELECT, ["Paris", "Lyon"], ["P:Paris", "P:Lyon"]),
        (PARENT_SELECT, "Lyon;Lyon", ["P:Lyon"]),
        (PARENT_SELECT, "lyon", ["P:Lyon"]),
        (PARENT_SELECT, "ile-de-france", ["P:Île-de-France"]),
        (PARENT_SELECT, "Lyon;Marseille", ["P:Lyon"]),
        (PARENT_SELECT, "Marseille", None),
        (PARENT_SELECT, "", None),
        (PARENT_SELECT, [], None),
        (PARENT_SELECT, None, None),
        (PARENT_SELECT, True, ["true"]),
        (PARENT_BOOL, True, ["true"]),
        (PARENT_BOOL, False, ["false"]),
        (PARENT_BOOL, "true", ["true"]),
        (PARENT_BOOL, "false", ["false"]),
        (PARENT_BOOL, " FALSE ", ["false"]),
        (PARENT_BOOL, "Oui", ["true"]),
        (PARENT_BOOL, "non", ["false"]),
        (PARENT_BOOL, 1, ["true"]),
        (PARENT_BOOL, ["oui"], ["true"]),
        (PARENT_BOOL, "peut-être", None),
        (PARENT_TEXT, "false", ["false"]),
        (PARENT_TEXT, "Lyon", None),
    ],
)
def test_job_question_precondition_options(
    parent: Any, expected_answer: Any, options: list[str] | None
) -> None:
    child = question(
        "C", "text", position=1, parent_question=parent.id, parent_answer_expected=expected_answer
    )
    link = map_job_questions(VACANCY_ID, [parent, child])[1]
    assert link.precondition_question_key == parent.id
    assert link.precondition_options == options


def test_job_question_without_parent_has_no_precondition() -> None:
    link = map_job_questions(VACANCY_ID, [question("C", parent_answer_expected="Lyon")])[0]
    assert (link.precondition_question_key, link.precondition_options) == (None, None)


@pytest.mark.parametrize(
    ("expected_answer", "options"), [("Lyon", None), (True, ["true"]), ("false", ["false"])]
)
def test_job_question_precondition_on_unknown_parent(
    expected_answer: Any, options: list[str] | None
) -> None:
    child = question("C", parent_question="Gone", parent_answer_expected=expected_answer)
    link = map_job_questions(VACANCY_ID, [child])[0]
    assert (link.precondition_question_key, link.precondition_options) == ("Gone", options)


def test_job_question_precondition_keeps_raw_in_question_remote_data() -> None:
    child = question("C", parent_question="P", parent_answer_expected="Marseille")
    assert map_question(child).remote_data["parent_answer_expected"] == "Marseille"


def test_job_question_numeric_parent_id() -> None:
    parent = question("12", "radio", options="A;B", position=0)
    child = question("13", position=1, parent_question=12, parent_answer_expected="B")
    link = map_job_questions(VACANCY_ID, [child, parent])[1]
    assert (link.precondition_question_key, link.precondition_options) == ("12", ["12:B"])
