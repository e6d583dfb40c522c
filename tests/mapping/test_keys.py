"""Node keys (design §4): candidate keys by e-mail, compound keys and their parsers."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.mapping.factories import row
from unified import keys

LEA_HASH = hashlib.sha256(b"lea.martin@example.org").hexdigest()[:24]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("lea.martin@example.org", "lea.martin@example.org"),
        ("  Lea.Martin@Example.ORG \t", "lea.martin@example.org"),
        ("\u00a0LEA.MARTIN@EXAMPLE.ORG\u00a0", "lea.martin@example.org"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalise_email_trims_and_lowercases(raw: str | None, expected: str | None) -> None:
    assert keys.normalise_email(raw) == expected


@pytest.mark.parametrize(
    "email", ["lea.martin@example.org", " Lea.Martin@EXAMPLE.org ", "LEA.MARTIN@EXAMPLE.ORG\n"]
)
def test_candidate_key_for_email_is_sha256_prefix_of_normalised(email: str) -> None:
    assert keys.candidate_key_for_email(email) == f"e:{LEA_HASH}"


def test_candidate_key_for_email_has_24_hex_and_no_pii() -> None:
    key = keys.candidate_key_for_email("lea.martin@example.org")
    assert re.fullmatch(r"e:[0-9a-f]{24}", key)
    assert "lea" not in key and "example" not in key and "@" not in key


def test_candidate_key_for_email_differs_per_address() -> None:
    assert keys.candidate_key_for_email("a@x.org") != keys.candidate_key_for_email("b@x.org")


@pytest.mark.parametrize("email", ["", "  "])
def test_candidate_key_for_email_refuses_empty(email: str) -> None:
    with pytest.raises(ValueError):
        keys.candidate_key_for_email(email)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"email": "Lea.Martin@example.org"}, f"e:{LEA_HASH}"),
        ({"email": ""}, "a:Qw8Er7Ty6Ui5Op4A"),
        ({"email": "   "}, "a:Qw8Er7Ty6Ui5Op4A"),
        ({}, "a:Qw8Er7Ty6Ui5Op4A"),
        ({"email": None}, "a:Qw8Er7Ty6Ui5Op4A"),
    ],
)
def test_candidate_key_for_row_uses_email_else_applicant(
    fields: dict[str, object], expected: str
) -> None:
    assert keys.candidate_key_for_row(row("Qw8Er7Ty6Ui5Op4A", **fields)) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (f"e:{LEA_HASH}", True),
        ("a:Qw8Er7Ty6Ui5Op4A", True),
        ("e:abc", False),
        (f"e:{LEA_HASH.upper()}", False),
        ("a:", False),
        ("a:x:y", False),
        ("x:Qw8Er7Ty6Ui5Op4A", False),
        ("Qw8Er7Ty6Ui5Op4A", False),
        ("", False),
    ],
)
def test_is_candidate_key_accepts_only_our_shapes(key: str, expected: bool) -> None:
    assert keys.is_candidate_key(key) is expected


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (keys.job_stage_key("Vq5r6pYxam9AmMvP", 4021), "Vq5r6pYxam9AmMvP:4021"),
        (keys.job_question_key("Vq5r6pYxam9AmMvP", "Qn1"), "Vq5r6pYxam9AmMvP:Qn1"),
        (keys.option_key("Qn1", "Oui"), "Qn1:Oui"),
        (keys.candidate_tag_key(f"e:{LEA_HASH}", "Tg1"), f"e:{LEA_HASH}:Tg1"),
        (keys.candidate_tag_key("a:Qw8", "Tg1"), "a:Qw8:Tg1"),
    ],
)
def test_compound_keys_join_parts_with_colon(built: str, expected: str) -> None:
    assert built == expected


@pytest.mark.parametrize(
    ("key", "parts", "from_right", "expected"),
    [
        ("a:b", 2, False, ("a", "b")),
        ("a:b:c", 2, False, ("a", "b:c")),
        ("a:b:c", 2, True, ("a:b", "c")),
        ("a:b:c", 3, False, ("a", "b", "c")),
        ("abc", 1, False, ("abc",)),
        ("abc", 2, False, None),
        (":b", 2, False, None),
        ("a:", 2, False, None),
        ("", 2, False, None),
        ("a::c", 3, False, None),
    ],
)
def test_split_compound_splits_or_returns_none(
    key: str, parts: int, from_right: bool, expected: tuple[str, ...] | None
) -> None:
    assert keys.split_compound(key, parts, from_right=from_right) == expected


def test_split_compound_rejects_zero_parts() -> None:
    with pytest.raises(ValueError):
        keys.split_compound("a", 0)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Vq5r6pYxam9AmMvP:4021", ("Vq5r6pYxam9AmMvP", 4021)),
        ("Vq5r6pYxam9AmMvP:x", None),
        ("Vq5r6pYxam9AmMvP:-1", None),
        ("Vq5r6pYxam9AmMvP:\u00b2", None),
        ("Vq5r6pYxam9AmMvP:1:2", None),
        ("Vq5r6pYxam9AmMvP", None),
        (":4021", None),
    ],
)
def test_parse_job_stage_key_round_trips_or_none(key: str, expected: object) -> None:
    assert keys.parse_job_stage_key(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Vq5r6pYxam9AmMvP:Qn1", ("Vq5r6pYxam9AmMvP", "Qn1")),
        ("Vq5r6pYxam9AmMvP:", None),
        ("Vq5r6pYxam9AmMvP", None),
    ],
)
def test_parse_job_question_key_round_trips_or_none(key: str, expected: object) -> None:
    assert keys.parse_job_question_key(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Qn1:Oui", ("Qn1", "Oui")),
        ("Qn1:Horaires : 9h-17h", ("Qn1", "Horaires : 9h-17h")),
        ("Qn1:", None),
        (":Oui", None),
        ("Qn1", None),
    ],
)
def test_parse_option_key_keeps_colons_in_label(key: str, expected: object) -> None:
    assert keys.parse_option_key(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (f"e:{LEA_HASH}:Tg1", (f"e:{LEA_HASH}", "Tg1")),
        ("a:Qw8Er7Ty6Ui5Op4A:Tg1", ("a:Qw8Er7Ty6Ui5Op4A", "Tg1")),
        ("e:short:Tg1", None),
        ("z:Qw8:Tg1", None),
        ("a:Qw8:", None),
        (f"e:{LEA_HASH}", None),
        ("Tg1", None),
    ],
)
def test_parse_candidate_tag_key_round_trips_or_none(key: str, expected: object) -> None:
    assert keys.parse_candidate_tag_key(key) == expected
