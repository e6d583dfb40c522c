"""Filter semantics of the contract: different filters AND, values inside one list OR.

`updatedAfter` compares with changedAt (strictly after). `ids` take gateway ids (of the listed
type; another type or a malformed id is PLATFORM_INPUT_INVALID), `remoteIds` Flatchr ids.
Records gone from Flatchr (change tracking) are listed only with `includeDeleted: true`
(`with_deleted`), and then go through the same filters as the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from unified.ids import from_global_id
from unified.keys import normalise_email
from unified.model import ApplicationRecord, JobRecord, PersonRecord


class Changing(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def changed_at(self) -> datetime: ...


R = TypeVar("R", bound=Changing)


@dataclass(frozen=True, slots=True)
class CommonSpec:
    updated_after: datetime | None = None
    include_deleted: bool = False
    ids: Sequence[str] | None = None
    remote_ids: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class JobSpec(CommonSpec):
    statuses: Sequence[str] | None = None
    employment_types: Sequence[str] | None = None
    visibilities: Sequence[str] | None = None
    name_contains: str | None = None
    remote_created_after: datetime | None = None
    post_url: str | None = None


@dataclass(frozen=True, slots=True)
class CandidateSpec(CommonSpec):
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    job_ids: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class ApplicationSpec(CommonSpec):
    outcomes: Sequence[str] | None = None
    job_ids: Sequence[str] | None = None
    job_remote_ids: Sequence[str] | None = None
    current_stage_ids: Sequence[str] | None = None
    remote_created_after: datetime | None = None


def with_deleted(live: list[R], deleted: Mapping[str, R], spec: CommonSpec | None) -> list[R]:
    """The live records, plus the deleted ones when the filter asks for them (sorted by key,
    as pagination needs)."""
    if spec is None or not spec.include_deleted or not deleted:
        return live
    return sorted([*live, *deleted.values()], key=lambda r: r.key)


def keys_of(ids: Iterable[str], type_name: str) -> set[str]:
    return {from_global_id(i, expect=type_name)[1] for i in ids}


def _common(
    spec: CommonSpec, type_name: str, remote_id: Callable[[R], str | None]
) -> list[Callable[[R], bool]]:
    preds: list[Callable[[R], bool]] = []
    if spec.updated_after is not None:
        after = spec.updated_after
        preds.append(lambda r: r.changed_at > after)
    if spec.ids is not None:
        keys = keys_of(spec.ids, type_name)
        preds.append(lambda r: r.key in keys)
    if spec.remote_ids is not None:
        remote = set(spec.remote_ids)
        preds.append(lambda r: remote_id(r) in remote)
    return preds


def _remote_id(record: Any) -> str | None:
    return record.remote_id  # type: ignore[no-any-return]


def _apply(items: list[R], preds: list[Callable[[R], bool]]) -> list[R]:
    if not preds:
        return items
    return [item for item in items if all(p(item) for p in preds)]


def filter_common(
    items: list[R], spec: CommonSpec | None, type_name: str, remote_id: Callable[[R], str | None]
) -> list[R]:
    if spec is None:
        return items
    return _apply(items, _common(spec, type_name, remote_id))


def filter_jobs(items: list[JobRecord], spec: JobSpec | None) -> list[JobRecord]:
    if spec is None:
        return items
    preds: list[Callable[[JobRecord], bool]] = _common(spec, "Job", _remote_id)
    if spec.statuses is not None:
        statuses = set(spec.statuses)
        preds.append(lambda j: j.status in statuses)
    if spec.employment_types is not None:
        types = set(spec.employment_types)
        preds.append(lambda j: j.employment_type in types)
    if spec.visibilities is not None:
        vis = set(spec.visibilities)
        preds.append(lambda j: j.visibility in vis)
    if spec.name_contains:
        needle = spec.name_contains.casefold()
        preds.append(lambda j: needle in (j.name or "").casefold())
    if spec.remote_created_after is not None:
        after = spec.remote_created_after
        preds.append(lambda j: j.remote_created_at is not None and j.remote_created_at > after)
    if spec.post_url is not None:
        url = spec.post_url
        preds.append(lambda j: j.post_url == url)
    return _apply(items, preds)


def filter_candidates(
    items: list[PersonRecord],
    spec: CandidateSpec | None,
    applications_by_candidate: Callable[[str], list[ApplicationRecord]] | None = None,
    remote_ids: dict[str, str | None] | None = None,
) -> list[PersonRecord]:
    """`remote_ids` maps candidate keys to the Flatchr ids learned so far (needed, and only
    computed, when the filter has `remoteIds`)."""
    if spec is None:
        return items
    known = remote_ids or {}
    preds: list[Callable[[PersonRecord], bool]] = _common(
        spec, "Candidate", lambda c: c.remote_id or known.get(c.key)
    )
    if spec.email is not None:
        wanted = normalise_email(spec.email)
        preds.append(
            lambda c: any(normalise_email(e.email_address) == wanted for e in c.email_addresses)
        )
    if spec.first_name is not None:
        first = spec.first_name.strip().casefold()
        preds.append(lambda c: (c.first_name or "").strip().casefold() == first)
    if spec.last_name is not None:
        last = spec.last_name.strip().casefold()
        preds.append(lambda c: (c.last_name or "").strip().casefold() == last)
    if spec.job_ids is not None:
        jobs = keys_of(spec.job_ids, "Job")
        assert applications_by_candidate is not None
        by_candidate = applications_by_candidate
        preds.append(lambda c: any(a.job_key in jobs for a in by_candidate(c.key)))
    return _apply(items, preds)


def filter_applications(
    items: list[ApplicationRecord],
    spec: ApplicationSpec | None,
) -> list[ApplicationRecord]:
    if spec is None:
        return items
    preds: list[Callable[[ApplicationRecord], bool]] = _common(spec, "Application", _remote_id)
    if spec.outcomes is not None:
        outcomes = set(spec.outcomes)
        preds.append(lambda a: a.outcome in outcomes)
    if spec.job_ids is not None:
        jobs = keys_of(spec.job_ids, "Job")
        preds.append(lambda a: a.job_key in jobs)
    if spec.job_remote_ids is not None:
        # A job's remote id is its vacancy hashid, which is also its key.
        remote = set(spec.job_remote_ids)
        preds.append(lambda a: a.job_key in remote)
    if spec.current_stage_ids is not None:
        stages = keys_of(spec.current_stage_ids, "ApplicationStage")
        preds.append(lambda a: a.current_stage_key in stages)
    if spec.remote_created_after is not None:
        after = spec.remote_created_after
        preds.append(lambda a: a.remote_created_at is not None and a.remote_created_at > after)
    return _apply(items, preds)
