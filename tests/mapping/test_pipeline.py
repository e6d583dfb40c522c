"""Columns -> stages, applicant rows -> applications (design §5.2, §5.3, §5.7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from gateway.flatchr.models import Column
from tests.mapping.factories import VACANCY_ID, column, row
from unified.keys import candidate_key_for_email
from unified.mapping import (
    column_by_title,
    hired_column_ids,
    map_application,
    map_job_stages,
    map_stage,
)
from unified.model import EPOCH, ApplicationRecord, StageRecord

COLUMNS = [
    column(4027, "Recruté", 5, hired=True),
    column(4021, "Nouveau", 1),
    column(4023, "Entretien", 3),
    column(4022, "Entretien", 3),
    column(4030, "Entretien", 2, visible=False),
    column(4024, "Refusé", 6),
]


def test_map_stage_uses_column_id_and_title() -> None:
    col = column(4021, "Nouveau", 1, updated_at="2024-03-01T00:00:00Z", visible=False)
    assert map_stage(col) == StageRecord(
        key="4021",
        remote_id="4021",
        name="Nouveau",
        changed_at=datetime(2024, 3, 1, tzinfo=UTC),
        remote_data=col.raw,
        position=1,
        hired=False,
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"created_at": "2024-01-01T00:00:00Z"}, datetime(2024, 1, 1, tzinfo=UTC)),
        (
            {"created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"},
            datetime(2024, 2, 1, tzinfo=UTC),
        ),
        ({}, EPOCH),
    ],
)
def test_map_stage_changed_at_best_timestamp(fields: dict[str, Any], expected: datetime) -> None:
    assert map_stage(column(1, "A", 0, **fields)).changed_at == expected


def test_map_stage_hired_column() -> None:
    assert map_stage(column(4027, "Recruté", 5, hired="true")).hired is True


def test_column_by_title_picks_lowest_position_then_lowest_id() -> None:
    by_title = column_by_title(COLUMNS)
    assert by_title["Entretien"].id == 4030
    assert column_by_title(COLUMNS[2:4])["Entretien"].id == 4022
    assert by_title["Nouveau"].id == 4021


def test_column_by_title_skips_untitled_and_is_exact() -> None:
    by_title = column_by_title([Column.from_json({"id": 9, "position": 0}), *COLUMNS])
    assert set(by_title) == {"Recruté", "Nouveau", "Entretien", "Refusé"}
    assert "entretien" not in by_title


def test_hired_column_ids_lists_hired_columns() -> None:
    assert hired_column_ids([*COLUMNS, column(4040, "Embauché", 7, hired=True)]) == {4027, 4040}


def test_map_job_stages_lists_every_column_by_position_then_id() -> None:
    stages = map_job_stages(VACANCY_ID, COLUMNS)
    assert [(s.index, s.stage_key) for s in stages] == [
        (0, "4021"),
        (1, "4030"),
        (2, "4022"),
        (3, "4023"),
        (4, "4027"),
        (5, "4024"),
    ]
    assert stages[1].key == f"{VACANCY_ID}:4030"
    assert stages[1].job_key == VACANCY_ID
    assert stages[1].name == "Entretien"


def test_map_job_stages_lists_a_repeated_column_once() -> None:
    stages = map_job_stages(VACANCY_ID, [column(1, "A", 0), column(1, "A", 0), column(2, "B", 1)])
    assert [s.key for s in stages] == [f"{VACANCY_ID}:1", f"{VACANCY_ID}:2"]


def test_map_job_stages_empty_without_columns() -> None:
    assert map_job_stages(VACANCY_ID, []) == []


def application(**fields: Any) -> ApplicationRecord:
    return map_application(
        row("Qw8Er7Ty6Ui5Op4A", **fields),
        vacancy_key_by_numeric={91234: VACANCY_ID},
        columns_by_title=column_by_title(COLUMNS),
        hired_column_ids=hired_column_ids(COLUMNS),
    )


@pytest.mark.parametrize(
    ("hired", "column_title", "status", "expected"),
    [
        (False, "Nouveau", 1, "PENDING"),
        (False, "Nouveau", 0, "DECLINED"),
        (True, "Nouveau", 1, "HIRED"),
        (True, "Nouveau", 0, "HIRED"),
        (False, "Recruté", 1, "HIRED"),
        (False, "Recruté", 0, "HIRED"),
        (True, "Recruté", 0, "HIRED"),
        (False, "Refusé", 1, "PENDING"),
        (False, "Inconnue", 0, "DECLINED"),
        (False, None, 1, "PENDING"),
        ("true", None, "1", "HIRED"),
        ("false", None, "0", "DECLINED"),
        (False, None, None, "PENDING"),
        (False, None, 2, "PENDING"),
    ],
)
def test_application_outcome_precedence(
    hired: Any, column_title: str | None, status: Any, expected: str
) -> None:
    assert application(hired=hired, column=column_title, status=status).outcome == expected


def test_application_maps_row_fields() -> None:
    record = application(
        vacancy_id=91234,
        column="Entretien",
        email="Lea.Martin@example.org",
        source="Site carrière",
        created_at="14/03/24",
        status=1,
    )
    assert record.key == record.remote_id == "Qw8Er7Ty6Ui5Op4A"
    assert record.job_key == VACANCY_ID
    assert record.current_stage_key == "4030"
    assert record.candidate_key == candidate_key_for_email("lea.martin@example.org")
    assert record.source == "Site carrière"
    assert record.remote_created_at == datetime(2024, 3, 14, tzinfo=UTC)
    assert record.remote_updated_at is None
    assert record.changed_at == datetime(2024, 3, 14, tzinfo=UTC)
    assert record.remote_data["vacancy_id"] == 91234


@pytest.mark.parametrize(
    ("vacancy_id", "expected"),
    [(91234, VACANCY_ID), ("91234", VACANCY_ID), (1, None), (None, None), ("abc", None)],
)
def test_application_job_key_by_numeric_vacancy_id(vacancy_id: Any, expected: str | None) -> None:
    assert application(vacancy_id=vacancy_id).job_key == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Nouveau", "4021"),
        ("Entretien", "4030"),
        ("entretien", None),
        ("Supprimée", None),
        (None, None),
        ("", None),
    ],
)
def test_application_current_stage_by_column_title(title: str | None, expected: str | None) -> None:
    assert application(column=title).current_stage_key == expected


def test_application_without_email_is_its_own_candidate() -> None:
    assert application(email="").candidate_key == "a:Qw8Er7Ty6Ui5Op4A"


@pytest.mark.parametrize(
    ("fields", "created", "changed"),
    [
        (
            {"created_at": "14/03/24"},
            datetime(2024, 3, 14, tzinfo=UTC),
            datetime(2024, 3, 14, tzinfo=UTC),
        ),
        (
            {"created_at": "14/03/24", "updated_at": "20/03/24"},
            datetime(2024, 3, 14, tzinfo=UTC),
            datetime(2024, 3, 20, tzinfo=UTC),
        ),
        (
            {"created_at": 1710412800},
            datetime(2024, 3, 14, 10, 40, tzinfo=UTC),
            datetime(2024, 3, 14, 10, 40, tzinfo=UTC),
        ),
        ({"created_at": "31/02/24"}, None, EPOCH),
        ({}, None, EPOCH),
    ],
)
def test_application_timestamps(
    fields: dict[str, Any], created: datetime | None, changed: datetime
) -> None:
    record = application(**fields)
    assert (record.remote_created_at, record.changed_at) == (created, changed)


@pytest.mark.parametrize(
    ("source", "expected"), [("LinkedIn", "LinkedIn"), ("", None), (None, None)]
)
def test_application_source_as_given(source: Any, expected: str | None) -> None:
    assert application(source=source).source == expected
