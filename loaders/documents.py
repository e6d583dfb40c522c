"""The upstream documents the read API uses, as one table, and their per-request reader.

Each entry says how to fetch a document (one client call; the key is "*" for a collection or
the entity's hashid), how to read it back from its stored JSON, and which setting holds its
TTL. A new collection is one entry here (plus the snapshot or loader that reads it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from gateway.core.settings import Settings
from gateway.flatchr import FlatchrClient
from gateway.flatchr.models import ApplicantRow, Column, Tag, Trait, Vacancy
from loaders.cache import Deps, Doc, ResourceCache, StaleNotice


@dataclass(frozen=True, slots=True)
class DocumentKind:
    #: (client, key) -> the parsed document
    fetch: Callable[[FlatchrClient, str], Awaitable[Any]]
    #: stored JSON -> the parsed document (the inverse of `dump`)
    parse: Callable[[Any], Any]
    #: parsed document -> the JSON to store (the upstream records' own raw JSON)
    dump: Callable[[Any], Any]
    ttl: Callable[[Settings], float]


def _records(
    fetch: Callable[[FlatchrClient, str], Awaitable[list[Any]]],
    parse_one: Callable[[dict[str, Any]], Any],
    ttl: Callable[[Settings], float],
) -> DocumentKind:
    """A document that is a list of upstream records (each keeps its raw JSON)."""

    def parse(data: Any) -> list[Any]:
        return [parse_one(x) for x in data if isinstance(x, dict)] if isinstance(data, list) else []

    return DocumentKind(fetch, parse, lambda found: [r.raw for r in found], ttl)


DOCUMENTS: dict[str, DocumentKind] = {
    "vacancies": _records(
        lambda c, _: c.list_vacancies(fields=("address", "tags", "items")),
        Vacancy.from_json,
        lambda s: s.ttl_vacancies,
    ),
    "columns": _records(lambda c, _: c.list_columns(), Column.from_json, lambda s: s.ttl_columns),
    "tags": _records(lambda c, _: c.list_tags(), Tag.from_json, lambda s: s.ttl_tags),
    "applicants": _records(
        lambda c, _: c.search_applicants(), ApplicantRow.from_json, lambda s: s.ttl_applicants
    ),
    "vacancy_details": DocumentKind(
        lambda c, key: c.get_vacancy(key, fields=("questions", "address", "tags")),
        Vacancy.from_json,
        lambda found: found.raw,
        lambda s: s.ttl_vacancy_details,
    ),
    "traits": _records(
        lambda c, key: c.applicant_traits(key), Trait.from_json, lambda s: s.ttl_traits
    ),
}


def ttls(settings: Settings) -> dict[str, float]:
    """The cache TTL of every document kind, from settings."""
    return {name: kind.ttl(settings) for name, kind in DOCUMENTS.items()}


@dataclass
class Documents:
    """One tenant's documents for one request, read through the cross-request cache (or, in
    naive mode for benchmarks, straight from Flatchr). Remembers the version of each document
    read: a response built from them is reusable exactly while those versions are current."""

    client: FlatchrClient
    cache: ResourceCache
    tenant: str
    naive: bool = False
    #: called with (resource, age in seconds, whether Flatchr failed) when a stale copy was served
    on_stale: StaleNotice | None = None
    deps: Deps = field(default_factory=dict)

    async def load(self, resource: str, key: str = "*") -> Doc:
        kind = DOCUMENTS[resource]

        async def fetch() -> tuple[Any, Any]:
            found = await kind.fetch(self.client, key)
            return kind.dump(found), found

        if self.naive:
            _, value = await fetch()
            return Doc("", 0.0, value)
        doc = await self.cache.get(
            self.tenant, resource, key, fetch, kind.parse, on_stale=self.on_stale
        )
        self.deps[(resource, key)] = doc.version
        return doc

    async def refetch(self, resource: str, key: str = "*") -> Doc:
        """Fetch the document from Flatchr now, even if the cached copy is fresh."""
        kind = DOCUMENTS[resource]

        async def fetch() -> tuple[Any, Any]:
            found = await kind.fetch(self.client, key)
            return kind.dump(found), found

        return await self.cache.refetch(self.tenant, resource, key, fetch)
