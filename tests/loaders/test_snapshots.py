"""Snapshots leave out records Flatchr sent without their identifier."""

from __future__ import annotations

from gateway.flatchr.models import ApplicantRow, Column, Tag, Vacancy
from loaders.snapshots import build_candidates, build_stages, build_tags


def test_records_without_an_id_are_left_out_not_named_none() -> None:
    assert Vacancy.from_json({"title": "x"}).id == ""
    tags = build_tags([Tag.from_json({"title": "t", "type": "candidates"}),
                        Tag.from_json({"id": "Tg1", "title": "u", "type": "candidates"})])  # fmt: skip
    assert [t.key for t in tags.tags] == ["Tg1"]
    stages = build_stages([Column.from_json({"title": "Nouveau"}),
                            Column.from_json({"id": 4, "title": "Entretien"})])  # fmt: skip
    assert [s.key for s in stages.stages] == ["4"]
    people = build_candidates([ApplicantRow.from_json({"email": "a@b.c"}),
                                ApplicantRow.from_json({"applicant": "Ap1", "email": "a@b.c"})])  # fmt: skip
    assert list(people.rows) == ["Ap1"]
