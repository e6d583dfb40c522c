"""Columns -> stages and applicant rows -> applications (design §5.2, §5.3, §5.7)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gateway.flatchr.models import ApplicantRow, Column
from unified.keys import candidate_key_for_row, job_stage_key
from unified.mapping_tables import best_timestamp
from unified.model import ApplicationRecord, JobStageRecord, StageRecord


def _pipeline_order(columns: Iterable[Column]) -> list[Column]:
    """Columns by position then id, one per id (the first in that order wins)."""
    seen: set[int] = set()
    ordered: list[Column] = []
    for column in sorted(columns, key=lambda c: (c.position, c.id)):
        if column.id not in seen:
            seen.add(column.id)
            ordered.append(column)
    return ordered


def column_by_title(columns: Iterable[Column]) -> dict[str, Column]:
    """C1 rows name their column by title; titles may repeat: the lowest position (then the
    lowest id) wins. Titles are matched exactly as Flatchr writes them."""
    by_title: dict[str, Column] = {}
    for column in _pipeline_order(columns):
        if column.title is not None:
            by_title.setdefault(column.title, column)
    return by_title


def hired_column_ids(columns: Iterable[Column]) -> set[int]:
    return {c.id for c in columns if c.hired}


def map_stage(column: Column) -> StageRecord:
    return StageRecord(
        key=str(column.id),
        remote_id=str(column.id),
        name=column.title,
        changed_at=best_timestamp(column.updated_at, column.created_at),
        remote_data=column.raw,
        position=column.position,
        hired=column.hired,
    )


def map_job_stages(job_key: str, columns: Iterable[Column]) -> list[JobStageRecord]:
    """Every company column is a stage of every job (hidden ones included), index 0-based."""
    return [
        JobStageRecord(
            key=job_stage_key(job_key, column.id),
            index=index,
            job_key=job_key,
            stage_key=str(column.id),
            name=column.title,
            changed_at=best_timestamp(column.updated_at, column.created_at),
        )
        for index, column in enumerate(_pipeline_order(columns))
    ]


def application_outcome(row: ApplicantRow, column: Column | None, hired_ids: set[int]) -> str:
    """HIRED (row hired, or a hired column) beats DECLINED (archived, status 0), then PENDING."""
    if row.hired or (column is not None and column.id in hired_ids):
        return "HIRED"
    if row.status == 0:
        return "DECLINED"
    return "PENDING"


def map_application(
    row: ApplicantRow,
    *,
    vacancy_key_by_numeric: Mapping[int, str],
    columns_by_title: Mapping[str, Column],
    hired_column_ids: set[int],
) -> ApplicationRecord:
    column = columns_by_title.get(row.column) if row.column is not None else None
    job_key = vacancy_key_by_numeric.get(row.vacancy_id) if row.vacancy_id is not None else None
    return ApplicationRecord(
        key=row.applicant,
        remote_id=row.applicant,
        outcome=application_outcome(row, column, hired_column_ids),
        current_stage_key=str(column.id) if column is not None else None,
        job_key=job_key,
        candidate_key=candidate_key_for_row(row),
        source=row.source,
        remote_created_at=row.created_at,
        remote_updated_at=row.updated_at,
        remote_data=row.raw,
        changed_at=best_timestamp(row.updated_at, row.created_at),
    )
