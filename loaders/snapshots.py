"""Snapshots: one tenant's collections mapped to unified records, with their indexes.

A snapshot is a pure function of the documents it is built from, so it is kept in the
cache's derived memo under their versions (see `loaders.loaders`), shared by the tenant's
requests until one of those documents changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from gateway.core.settings import IntegrationConfig
from gateway.flatchr.models import ApplicantRow, Column, Tag, Vacancy
from unified import mapping
from unified.model import (
    ApplicationRecord,
    JobRecord,
    PersonRecord,
    StageRecord,
    TagRecord,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class JobsSnapshot:
    jobs: list[JobRecord]  # ordered by key
    by_key: dict[str, JobRecord]
    key_by_numeric: dict[int, str]
    vacancies: dict[str, Vacancy]
    #: records gone from the collection (change tracking), by key
    deleted: Mapping[str, JobRecord] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StagesSnapshot:
    stages: list[StageRecord]  # ordered by key
    by_key: dict[str, StageRecord]
    columns: list[Column]  # ordered by position, then id
    by_title: dict[str, Column]
    hired_ids: set[int]
    #: records gone from the collection (change tracking), by key
    deleted: Mapping[str, StageRecord] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ApplicationsSnapshot:
    applications: list[ApplicationRecord]  # ordered by key
    by_key: dict[str, ApplicationRecord]
    by_job: dict[str, list[ApplicationRecord]]
    by_candidate: dict[str, list[ApplicationRecord]]
    #: records gone from the collection (change tracking), by key
    deleted: Mapping[str, ApplicationRecord] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CandidatesSnapshot:
    candidates: list[PersonRecord]  # ordered by key
    by_key: dict[str, PersonRecord]
    rows: dict[str, ApplicantRow]  # applicant hashid -> row
    #: records gone from the collection (change tracking), by key
    deleted: Mapping[str, PersonRecord] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TagsSnapshot:
    tags: list[TagRecord]  # candidate tags only, ordered by key
    by_key: dict[str, TagRecord]
    all_by_hashid: dict[str, Tag]
    #: records gone from the collection (change tracking), by key
    deleted: Mapping[str, TagRecord] = field(default_factory=dict)


def _sorted_by_key(items: list[T]) -> list[T]:
    return sorted(items, key=lambda item: item.key)  # type: ignore[attr-defined]


def build_jobs(vacancies: list[Vacancy], integration: IntegrationConfig) -> JobsSnapshot:
    base = integration.careers_base_url
    jobs = _sorted_by_key(
        [
            mapping.map_job(v, careers_base_url=base, slug=integration.slug)
            for v in _identified(vacancies)
        ]
    )
    return JobsSnapshot(
        jobs=jobs,
        by_key={j.key: j for j in jobs},
        key_by_numeric={j.numeric_id: j.key for j in jobs if j.numeric_id is not None},
        vacancies={v.id: v for v in vacancies},
    )


def _identified(records: list[T]) -> list[T]:
    """Records Flatchr sent without their identifier cannot be addressed: left out."""
    return [r for r in records if getattr(r, "id", None) or getattr(r, "applicant", None)]


def build_stages(columns: list[Column]) -> StagesSnapshot:
    columns = _identified(columns)
    stages = _sorted_by_key([mapping.map_stage(c) for c in columns])
    return StagesSnapshot(
        stages=stages,
        by_key={s.key: s for s in stages},
        columns=sorted(columns, key=lambda c: (c.position, c.id)),
        by_title=mapping.column_by_title(columns),
        hired_ids=mapping.hired_column_ids(columns),
    )


def build_applications(
    rows: list[ApplicantRow], jobs: JobsSnapshot, stages: StagesSnapshot
) -> ApplicationsSnapshot:
    rows = _identified(rows)
    apps = _sorted_by_key(
        [
            mapping.map_application(
                row,
                vacancy_key_by_numeric=jobs.key_by_numeric,
                columns_by_title=stages.by_title,
                hired_column_ids=stages.hired_ids,
            )
            for row in rows
        ]
    )
    return index_applications(apps)


def index_applications(
    apps: list[ApplicationRecord], deleted: Mapping[str, ApplicationRecord] | None = None
) -> ApplicationsSnapshot:
    by_job: dict[str, list[ApplicationRecord]] = defaultdict(list)
    by_candidate: dict[str, list[ApplicationRecord]] = defaultdict(list)
    for app in apps:
        if app.job_key is not None:
            by_job[app.job_key].append(app)
        by_candidate[app.candidate_key].append(app)
    return ApplicationsSnapshot(
        applications=apps,
        by_key={a.key: a for a in apps},
        by_job=dict(by_job),
        by_candidate=dict(by_candidate),
        deleted=deleted or {},
    )


def build_candidates(rows: list[ApplicantRow]) -> CandidatesSnapshot:
    rows = _identified(rows)
    people = _sorted_by_key(mapping.group_candidates(rows))
    return CandidatesSnapshot(
        candidates=people,
        by_key={p.key: p for p in people},
        rows={r.applicant: r for r in rows},
    )


def build_tags(tags: list[Tag]) -> TagsSnapshot:
    tags = _identified(tags)
    mapped = _sorted_by_key([t for t in (mapping.map_tag(tag) for tag in tags) if t is not None])
    return TagsSnapshot(
        tags=mapped,
        by_key={t.key: t for t in mapped},
        all_by_hashid={t.id: t for t in tags},
    )
