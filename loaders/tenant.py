"""One tenant's data for one request: its documents, loaders and the applicant record (C2).

`TenantData` is created per request (in the context) and bundles what the resolvers reach
upstream through: the documents (read through the cross-request cache), the request's
loaders (the only per-request memo), the Flatchr client for live calls, and the bookkeeping
that decides whether the response may be reused.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.core.settings import IntegrationConfig, Settings
from gateway.flatchr import FlatchrClient
from gateway.flatchr.models import ApplicantRecord, ApplicantRow
from loaders.cache import Deps, ResourceCache
from loaders.documents import Documents
from loaders.loaders import Loaders
from loaders.tracking import Tracker


def tenant_of(integration: IntegrationConfig) -> str:
    """The cache namespace of an integration (its id and its Flatchr company)."""
    return f"{integration.id}:{integration.company_id}"


@dataclass
class TenantData:
    """Per-request access to one integration's data (see module docstring)."""

    client: FlatchrClient
    cache: ResourceCache
    integration: IntegrationConfig
    settings: Settings
    documents: Documents
    loaders: Loaders
    #: set when the response depends on something the documents do not capture
    #: (live checks, downloads, stale copies): such a response is never reused
    uncacheable: bool = False

    @classmethod
    def open(
        cls, client: FlatchrClient, cache: ResourceCache, integration: IntegrationConfig,
        settings: Settings, tracker: Tracker | None = None,
    ) -> TenantData:  # fmt: skip
        documents = Documents(client, cache, tenant_of(integration), naive=settings.naive)
        loaders = Loaders(documents, integration, tracker)
        return cls(client, cache, integration, settings, documents, loaders)

    @property
    def tenant(self) -> str:
        return self.documents.tenant

    @property
    def deps(self) -> Deps:
        """The documents this request read: (resource, key) -> their version (None: absent)."""
        return self.documents.deps

    async def known_applicant_record(self, applicant: str) -> ApplicantRecord | None:
        """The applicant record (C2) if the gateway has already learned it; no upstream call."""
        if self.settings.naive:
            return None
        version, entry = await self.cache.peek(self.tenant, "applicant_record", applicant)
        self.deps[("applicant_record", applicant)] = version
        return ApplicantRecord.from_json(entry) if isinstance(entry, dict) else None

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
        people = await self.loaders.candidates()
        row = people.rows.get(applicant)
        jobs = await self.loaders.jobs()
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
        stages = await self.loaders.stages()
        same_title = [c for c in stages.columns if c.title == now.column]
        return same_title[0].id if len(same_title) == 1 else None
