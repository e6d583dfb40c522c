"""Flatchr tags -> tags and candidate tags (design §4, §5.5, §5.7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from gateway.flatchr.models import Tag, Trait
from tests.mapping.factories import tag, trait
from unified.mapping import map_candidate_tags, map_tag
from unified.model import EPOCH, CandidateTagRecord, TagRecord

CANDIDATE = "e:0123456789abcdef01234567"
TAGS: dict[str, Tag] = {
    t.id: t
    for t in (
        tag("TgSkills", title="Compétences", multiple=True, values="Python;SQL;Go"),
        tag("TgLevel", title="Niveau"),
        tag("TgFolder", type="vacancies", title="Service IT"),
    )
}


@pytest.mark.parametrize(
    ("tag_type", "kept"),
    [("candidates", True), ("Candidates", True), ("vacancies", False), (None, False), ("", False)],
)
def test_map_tag_only_candidate_tags(tag_type: Any, kept: bool) -> None:
    record = map_tag(Tag.from_json({"id": "Tg1", "title": "Langues", "type": tag_type}))
    assert (record is not None) is kept


def test_map_tag_fields() -> None:
    record = map_tag(tag("Tg1", title="Langues", tag_id=12, updated_at="2024-03-01T00:00:00Z"))
    assert record == TagRecord(
        key="Tg1", remote_id="Tg1", name="Langues", changed_at=datetime(2024, 3, 1, tzinfo=UTC)
    )


def test_map_tag_without_timestamps_changed_at_epoch() -> None:
    record = map_tag(tag("Tg1"))
    assert record is not None and record.changed_at == EPOCH


def links(traits_by_applicant: list[list[Any]]) -> list[tuple[str, str | None]]:
    return [(r.tag_key, r.value) for r in map_candidate_tags(CANDIDATE, traits_by_applicant, TAGS)]


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        ([[trait("TgLevel", "Senior")]], [("TgLevel", "Senior")]),
        ([[trait("TgSkills", "Python;SQL")]], [("TgSkills", "Python;SQL")]),
        ([[trait("TgSkills", "Python")], [trait("TgSkills", "SQL")]], [("TgSkills", "Python;SQL")]),
        (
            [[trait("TgSkills", "SQL;Python")], [trait("TgSkills", "Python;Go")]],
            [("TgSkills", "SQL;Python;Go")],
        ),
        ([[trait("TgSkills", "Python"), trait("TgSkills", "Python")]], [("TgSkills", "Python")]),
        ([[trait("TgSkills", " Python ; ;SQL ")]], [("TgSkills", "Python;SQL")]),
        (
            [[trait("TgLevel", "Senior")], [trait("TgSkills", "Go"), trait("TgLevel", "Junior")]],
            [("TgLevel", "Senior;Junior"), ("TgSkills", "Go")],
        ),
        ([[trait("TgLevel", None)]], [("TgLevel", None)]),
        ([[trait("TgLevel", "")], [trait("TgLevel", "Senior")]], [("TgLevel", "Senior")]),
        ([[trait("TgLevel", 3)]], [("TgLevel", "3")]),
        ([[trait("TgUnknown", "x")]], []),
        ([[trait("TgFolder", "x")]], []),
        ([[trait("TgUnknown", "x"), trait("TgLevel", "Senior")]], [("TgLevel", "Senior")]),
        ([[], []], []),
        ([], []),
    ],
)
def test_candidate_tags_one_link_per_tag_with_distinct_values(
    traits: list[list[Any]], expected: list[tuple[str, str | None]]
) -> None:
    assert links(traits) == expected


def test_candidate_tags_keys_and_changed_at() -> None:
    changed = datetime(2024, 3, 1, tzinfo=UTC)
    records = map_candidate_tags(
        CANDIDATE, [[trait("TgLevel", "Senior")]], TAGS, changed_at=changed
    )
    assert records == [
        CandidateTagRecord(
            key=f"{CANDIDATE}:TgLevel",
            candidate_key=CANDIDATE,
            tag_key="TgLevel",
            value="Senior",
            changed_at=changed,
        )
    ]


def test_candidate_tags_trait_tag_key_alias() -> None:
    records = map_candidate_tags(
        "a:A1", [[Trait.from_json({"tag": "TgLevel", "value": "Senior"})]], TAGS
    )
    assert [(r.key, r.value) for r in records] == [("a:A1:TgLevel", "Senior")]
