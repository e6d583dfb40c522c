"""One tenant's recruiting data for one request: upstream collections, cached and mapped.

`TenantData` is created per request (in the context). It reads each upstream resource through
the cross-request `ResourceCache` (per-tenant keys, TTLs, single-flight, SWR) and memoises
within the request, so a query touches each collection at most once. The mapped "snapshots"
(jobs, stages, applications, candidates, tags with their indexes) are derived once per version
of their inputs and shared by the tenant's requests.

Naive mode (settings.naive, for benchmarks only) bypasses both caches: every access calls
Flatchr, which is what a resolver-per-field gateway without loaders would do.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from gateway.core.settings import IntegrationConfig, Settings
from gateway.flatchr import FlatchrClient
from gateway.flatchr.models import (
    ApplicantRecord,
    ApplicantRow,
    Column,
    Tag,
    Trait,
    Vacancy,
)
from loaders.cache import Doc, ResourceCache
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


@dataclass(frozen=True, slots=True)
class StagesSnapshot:
    stages: list[StageRecord]  # ordered by key
    by_key: dict[str, StageRecord]
    columns: list[Column]  # ordered by position, then id
    by_title: dict[str, Column]
    hired_ids: set[int]


@dataclass(frozen=True, slots=True)
class ApplicationsSnapshot:
    applications: list[ApplicationRecord]  # ordered by key
    by_key: dict[str, ApplicationRecord]
    by_job: dict[str, list[ApplicationRecord]]
    by_candidate: dict[str, list[ApplicationRecord]]


@dataclass(frozen=True, slots=True)
class CandidatesSnapshot:
    candidates: list[PersonRecord]  # ordered by key
    by_key: dict[str, PersonRecord]
    rows: dict[str, ApplicantRow]  # applicant hashid -> row


@dataclass(frozen=True, slots=True)
class TagsSnapshot:
    tags: list[TagRecord]  # candidate tags only, ordered by key
    by_key: dict[str, TagRecord]
    all_by_hashid: dict[str, Tag]


def tenant_of(integration: IntegrationConfig) -> str:
    """The cache namespace of an integration (its id and its Flatchr company)."""
    return f"{integration.id}:{integration.company_id}"


def _sorted_by_key(items: list[T]) -> list[T]:
    return sorted(items, key=lambda item: item.key)  # type: ignore[attr-defined]


@dataclass
class TenantData:
    """Per-request access to one integration's data (see module docstring)."""

    client: FlatchrClient
    cache: ResourceCache
    integration: IntegrationConfig
    settings: Settings
    #: called with a resource name when a stale copy was served because Flatchr failed
    on_stale: Callable[[str], None] | None = None
    _memo: dict[Any, asyncio.Future[Any]] = field(default_factory=dict)
    #: snapshots already resolved in this request, so resolvers can answer synchronously
    ready: dict[str, Any] = field(default_factory=dict)
    #: per-request memo for values mapped from one parent (a job's questions...)
    request_memo: dict[Any, Any] = field(default_factory=dict)
    #: the documents this request read: (resource, key) -> their `at` (None: absent)
    deps: dict[tuple[str, str], float | None] = field(default_factory=dict)
    #: set when the response depends on something the documents do not capture
    #: (live checks, downloads, stale copies): such a response is never reused
    uncacheable: bool = False

    @property
    def tenant(self) -> str:
        return tenant_of(self.integration)

    # ------------------------------------------------------------ raw documents

    async def _doc(
        self,
        resource: str,
        key: str,
        fetch: Callable[[], Awaitable[tuple[Any, Any]]],
        parse: Callable[[Any], Any],
    ) -> Doc:
        if self.settings.naive:
            _, value = await fetch()
            return Doc(0.0, value)
        memo_key = (resource, key)
        pending = self._memo.get(memo_key)
        if pending is None:
            pending = asyncio.ensure_future(
                self.cache.get(self.tenant, resource, key, fetch, parse, on_stale=self.on_stale)
            )
            self._memo[memo_key] = pending
        doc: Doc = await pending
        self.deps[memo_key] = doc.at
        return doc

    async def vacancies_doc(self) -> Doc:
        async def fetch() -> tuple[Any, Any]:
            found = await self.client.list_vacancies(fields=("address", "tags", "items"))
            return [v.raw for v in found], found

        return await self._doc("vacancies", "*", fetch, _parse_list(Vacancy.from_json))

    async def columns_doc(self) -> Doc:
        async def fetch() -> tuple[Any, Any]:
            found = await self.client.list_columns()
            return [c.raw for c in found], found

        return await self._doc("columns", "*", fetch, _parse_list(Column.from_json))

    async def tags_doc(self) -> Doc:
        async def fetch() -> tuple[Any, Any]:
            found = await self.client.list_tags()
            return [t.raw for t in found], found

        return await self._doc("tags", "*", fetch, _parse_list(Tag.from_json))

    async def applicants_doc(self) -> Doc:
        async def fetch() -> tuple[Any, Any]:
            found = await self.client.search_applicants()
            return [r.raw for r in found], found

        return await self._doc("applicants", "*", fetch, _parse_list(ApplicantRow.from_json))

    async def vacancy_details(self, hashid: str) -> Vacancy:
        async def fetch() -> tuple[Any, Any]:
            found = await self.client.get_vacancy(hashid, fields=("questions", "address", "tags"))
            return found.raw, found

        doc = await self._doc("vacancy_details", hashid, fetch, Vacancy.from_json)
        return doc.value  # type: ignore[no-any-return]

    async def traits(self, applicant: str) -> list[Trait]:
        async def fetch() -> tuple[Any, Any]:
            found = await self.client.applicant_traits(applicant)
            return [t.raw for t in found], found

        doc = await self._doc("traits", applicant, fetch, _parse_list(Trait.from_json))
        return doc.value  # type: ignore[no-any-return]

    async def known_applicant_record(self, applicant: str) -> ApplicantRecord | None:
        """The applicant record (C2) if the gateway has already learned it; no upstream call."""
        if self.settings.naive:
            return None
        at, entry = await self.cache.peek(self.tenant, "applicant_record", applicant)
        self.deps[("applicant_record", applicant)] = at
        return ApplicantRecord.from_json(entry) if isinstance(entry, dict) else None

    async def still_current(self, deps: dict[tuple[str, str], float | None]) -> bool:
        return await self.cache.still_current(self.tenant, deps)

    async def applicant_record(self, applicant: str) -> ApplicantRecord | None:
        """The applicant record via the same-column move (C2), Flatchr's only way to read the
        person's hashid and CV key.

        It is a write upstream (design 5.3), so it must never change anything: the current
        column is read from a fresh, narrow search (never from the cached collection, which
        may be older than a recruiter's last move), the move is refused when that column's
        title names several columns (C1 gives titles, not ids), it runs one at a time per
        tenant, its result is cached without expiry, and it is off when
        `applicant_record_enabled` is false."""
        known = await self.known_applicant_record(applicant)
        if known is not None or not self.settings.applicant_record_enabled:
            return known
        people = await self.candidates()
        row = people.rows.get(applicant)
        jobs = await self.jobs()
        vacancy = jobs.key_by_numeric.get(row.vacancy_id) if row and row.vacancy_id else None
        if row is None or vacancy is None:
            return None
        async with self.cache.lock(self.tenant, "applicant_record"):
            known = await self.known_applicant_record(applicant)
            if known is not None:
                return known
            column_id = await self._current_column(applicant, vacancy, row)
            if column_id is None:
                return None
            record = await self.client.move_applicant(vacancy, applicant, column_id)
            if not self.settings.naive:
                await self.cache.put(self.tenant, "applicant_record", applicant, record.raw)
        return record

    async def _current_column(self, applicant: str, vacancy: str, row: ApplicantRow) -> int | None:
        """The applicant's column right now, or None when it cannot be told for sure."""
        if row.email:
            fresh = await self.client.search_applicants(vacancy=vacancy, email=row.email)
        else:
            fresh = await self.client.search_applicants(
                vacancy=vacancy, firstname=row.firstname, lastname=row.lastname
            )
        now = next((r for r in fresh if r.applicant == applicant), None)
        if now is None or not now.column:
            return None
        stages = await self.stages()
        same_title = [c for c in stages.columns if c.title == now.column]
        return same_title[0].id if len(same_title) == 1 else None

    # ------------------------------------------------------------ mapped snapshots

    def _derive(self, name: str, docs: tuple[Doc, ...], build: Callable[[], T]) -> T:
        if self.settings.naive:
            return build()
        inputs = tuple(d.at for d in docs)
        return self.cache.derive((self.tenant, name), inputs, build)  # type: ignore[no-any-return]

    async def jobs(self) -> JobsSnapshot:
        doc = await self.vacancies_doc()
        snap = self._derive("jobs", (doc,), lambda: self._build_jobs(doc.value))
        self.ready["jobs"] = snap
        return snap

    def _build_jobs(self, vacancies: list[Vacancy]) -> JobsSnapshot:
        base = self.integration.careers_base_url
        jobs = _sorted_by_key(
            [
                mapping.map_job(v, careers_base_url=base, slug=self.integration.slug)
                for v in _identified(vacancies)
            ]
        )
        return JobsSnapshot(
            jobs=jobs,
            by_key={j.key: j for j in jobs},
            key_by_numeric={j.numeric_id: j.key for j in jobs if j.numeric_id is not None},
            vacancies={v.id: v for v in vacancies},
        )

    async def stages(self) -> StagesSnapshot:
        doc = await self.columns_doc()
        snap = self._derive("stages", (doc,), lambda: _build_stages(doc.value))
        self.ready["stages"] = snap
        return snap

    async def applications(self) -> ApplicationsSnapshot:
        vac_doc, col_doc, app_doc = await asyncio.gather(
            self.vacancies_doc(), self.columns_doc(), self.applicants_doc()
        )
        jobs = await self.jobs()
        stages = await self.stages()
        snap = self._derive(
            "applications",
            (vac_doc, col_doc, app_doc),
            lambda: _build_applications(app_doc.value, jobs, stages),
        )
        self.ready["applications"] = snap
        return snap

    async def candidates(self) -> CandidatesSnapshot:
        doc = await self.applicants_doc()
        snap = self._derive("candidates", (doc,), lambda: _build_candidates(doc.value))
        self.ready["candidates"] = snap
        return snap

    async def tags(self) -> TagsSnapshot:
        doc = await self.tags_doc()
        snap = self._derive("tags", (doc,), lambda: _build_tags(doc.value))
        self.ready["tags"] = snap
        return snap


def _parse_list(parse_one: Callable[[dict[str, Any]], T]) -> Callable[[Any], list[T]]:
    def parse(data: Any) -> list[T]:
        return [parse_one(x) for x in data if isinstance(x, dict)] if isinstance(data, list) else []

    return parse


def _identified(records: list[T]) -> list[T]:
    """Records Flatchr sent without their identifier cannot be addressed: left out."""
    return [r for r in records if getattr(r, "id", None) or getattr(r, "applicant", None)]


def _build_stages(columns: list[Column]) -> StagesSnapshot:
    columns = _identified(columns)
    stages = _sorted_by_key([mapping.map_stage(c) for c in columns])
    return StagesSnapshot(
        stages=stages,
        by_key={s.key: s for s in stages},
        columns=sorted(columns, key=lambda c: (c.position, c.id)),
        by_title=mapping.column_by_title(columns),
        hired_ids=mapping.hired_column_ids(columns),
    )


def _build_applications(
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
    )


def _build_candidates(rows: list[ApplicantRow]) -> CandidatesSnapshot:
    rows = _identified(rows)
    people = _sorted_by_key(mapping.group_candidates(rows))
    return CandidatesSnapshot(
        candidates=people,
        by_key={p.key: p for p in people},
        rows={r.applicant: r for r in rows},
    )


def _build_tags(tags: list[Tag]) -> TagsSnapshot:
    tags = _identified(tags)
    mapped = _sorted_by_key([t for t in (mapping.map_tag(tag) for tag in tags) if t is not None])
    return TagsSnapshot(
        tags=mapped,
        by_key={t.key: t for t in mapped},
        all_by_hashid={t.id: t for t in tags},
    )
