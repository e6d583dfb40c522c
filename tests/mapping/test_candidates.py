"""Applicant rows -> candidates (design §4, §5.3, §5.7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.mapping.factories import row
from unified.keys import candidate_key_for_email
from unified.mapping import group_candidates
from unified.model import EPOCH, EmailRecord, PersonRecord, PhoneRecord

LEA = candidate_key_for_email("lea.martin@example.org")


def lea(applicant: str, **fields: Any) -> Any:
    return row(
        applicant, firstname="Lea", lastname="Martin", email="lea.martin@example.org", **fields
    )


def only(records: list[PersonRecord]) -> PersonRecord:
    assert len(records) == 1
    return records[0]


@pytest.mark.parametrize(
    "emails",
    [
        ["lea.martin@example.org", "Lea.Martin@Example.org"],
        ["lea.martin@example.org", "  LEA.MARTIN@EXAMPLE.ORG "],
        ["lea.martin@example.org", "lea.martin@example.org\u00a0"],
    ],
)
def test_group_candidates_emails_differing_in_case_or_space_are_one(emails: list[str]) -> None:
    rows = [row(f"A{i}", email=e, created_at="01/03/24") for i, e in enumerate(emails)]
    person = only(group_candidates(rows))
    assert person.key == LEA
    assert person.application_keys == ["A0", "A1"]
    assert person.applicant_hashids == ["A0", "A1"]


def test_group_candidates_rows_without_email_are_own_candidates() -> None:
    rows = [row("A1", email=""), row("A2"), row("A3", email="  ", phone="0600000000")]
    people = group_candidates(rows)
    assert [p.key for p in people] == ["a:A1", "a:A2", "a:A3"]
    assert [p.application_keys for p in people] == [["A1"], ["A2"], ["A3"]]
    assert people[0].email_addresses == []
    assert people[2].phone_numbers == [PhoneRecord(phone_number="0600000000")]


def test_group_candidates_same_applicant_twice_is_one_application() -> None:
    person = only(group_candidates([row("A1"), row("A1")]))
    assert (person.key, person.application_keys) == ("a:A1", ["A1"])


def test_group_candidates_order_of_first_appearance() -> None:
    rows = [
        row("A1", email="b@x.org"),
        row("A2", email="a@x.org"),
        row("A3", email="B@x.org"),
        row("A4"),
        row("A5", email="a@x.org"),
    ]
    people = group_candidates(rows)
    assert [p.application_keys for p in people] == [["A1", "A3"], ["A2", "A5"], ["A4"]]


@pytest.mark.parametrize(
    ("dates", "winner"),
    [
        (["01/03/24", "05/03/24", "02/03/24"], 1),
        (["05/03/24", "01/03/24"], 0),
        (["05/03/24", "05/03/24"], 1),
        (["05/03/24", "05/03/24", "01/03/24"], 1),
        ([None, None], 1),
        (["01/03/24", None], 0),
        ([None, "01/03/24"], 1),
        (["2024-03-05T10:00:00Z", "05/03/24"], 0),
    ],
)
def test_group_candidates_names_from_newest_row(dates: list[str | None], winner: int) -> None:
    rows = [
        row(
            f"A{i}",
            email="lea.martin@example.org",
            firstname=f"F{i}",
            lastname=f"L{i}",
            created_at=d,
        )
        for i, d in enumerate(dates)
    ]
    person = only(group_candidates(rows))
    assert (person.first_name, person.last_name) == (f"F{winner}", f"L{winner}")


def test_group_candidates_email_as_written_in_newest_row() -> None:
    rows = [
        row("A1", email="lea.martin@example.org", created_at="01/03/24"),
        row("A2", email=" Lea.Martin@Example.org ", created_at="02/03/24"),
    ]
    assert only(group_candidates(rows)).email_addresses == [
        EmailRecord(email_address="Lea.Martin@Example.org", type=None)
    ]


def test_group_candidates_unicode_names_kept() -> None:
    rows = [row("A1", email="zoe@example.org", firstname="Zoé", lastname="Ørsted-Łukasz 李")]
    person = only(group_candidates(rows))
    assert (person.first_name, person.last_name) == ("Zoé", "Ørsted-Łukasz 李")


@pytest.mark.parametrize(
    ("phones", "dates", "expected"),
    [
        (["0601", "0602", "0603"], ["01/03/24", "03/03/24", "02/03/24"], ["0602", "0603", "0601"]),
        (["0601", "0601"], ["01/03/24", "02/03/24"], ["0601"]),
        (["06 01 02", "06.01.02"], ["01/03/24", "02/03/24"], ["06.01.02"]),
        ([" +33 6 00 ", "+33600"], ["02/03/24", "01/03/24"], ["+33 6 00"]),
        (["0601", None, ""], ["01/03/24", "02/03/24", "03/03/24"], ["0601"]),
        (["0601", "0602"], ["01/03/24", "01/03/24"], ["0602", "0601"]),
        ([None], ["01/03/24"], []),
        ([612345678, "0700"], ["02/03/24", "01/03/24"], ["612345678", "0700"]),
    ],
)
def test_group_candidates_phones_distinct_newest_first(
    phones: list[Any], dates: list[str], expected: list[str]
) -> None:
    rows = [
        row(f"A{i}", email="lea.martin@example.org", phone=p, created_at=d)
        for i, (p, d) in enumerate(zip(phones, dates, strict=True))
    ]
    person = only(group_candidates(rows))
    assert person.phone_numbers == [PhoneRecord(phone_number=p, type=None) for p in expected]


@pytest.mark.parametrize(
    ("known", "expected"),
    [
        (None, None),
        ({}, None),
        ({"A2": "Hg6Fd5Sa4Pp3Oo2I"}, "Hg6Fd5Sa4Pp3Oo2I"),
        ({"A1": "OldCandidate0000"}, None),
        ({"A1": "OldCandidate0000", "A2": "Hg6Fd5Sa4Pp3Oo2I"}, "Hg6Fd5Sa4Pp3Oo2I"),
    ],
)
def test_group_candidates_remote_id_of_newest_applicant(
    known: dict[str, str] | None, expected: str | None
) -> None:
    rows = [lea("A1", created_at="01/03/24"), lea("A2", created_at="02/03/24")]
    assert only(group_candidates(rows, known_remote_ids=known)).remote_id == expected


@pytest.mark.parametrize(
    ("rows_fields", "expected"),
    [
        (
            [{"created_at": "01/03/24"}, {"created_at": "05/03/24"}],
            datetime(2024, 3, 5, tzinfo=UTC),
        ),
        (
            [{"created_at": "01/03/24", "updated_at": "09/03/24"}, {"created_at": "05/03/24"}],
            datetime(2024, 3, 9, tzinfo=UTC),
        ),
        ([{}, {}], EPOCH),
    ],
)
def test_group_candidates_changed_at_is_max_of_rows(
    rows_fields: list[dict[str, Any]], expected: datetime
) -> None:
    rows = [lea(f"A{i}", **f) for i, f in enumerate(rows_fields)]
    assert only(group_candidates(rows)).changed_at == expected


def test_group_candidates_remote_data_lists_rows_in_order() -> None:
    rows = [lea("A1", score=3), lea("A2")]
    data = only(group_candidates(rows)).remote_data
    assert [r["applicant"] for r in data["applicants"]] == ["A1", "A2"]
    assert data["applicants"][0]["score"] == 3


def test_group_candidates_empty() -> None:
    assert group_candidates([]) == []
