"""The root Query: each field is one line over two helpers, so every root behaves the same.

A list root checks its paging arguments before anything is fetched, starts every collection
the selection will read (`prefetch`), turns its filter into a spec and answers one page of
`resolvers.queries.LISTS[name]`. A lookup root checks the id first, prefetches the same way
and resolves the id in the caller's integration.
"""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers import integration as integration_resolvers
from resolvers import prefetch, queries
from resolvers.context import Info
from schema.common import Node, to_connection
from schema.filters import ApplicationFilter, CandidateFilter, CommonFilter, JobFilter
from schema.integration import Integration
from schema.jobs import ApplicationStageConnection, Job, JobConnection
from schema.people import (
    Application,
    ApplicationConnection,
    Candidate,
    CandidateConnection,
    TagConnection,
)
from schema.questions import ScreeningQuestionConnection


async def _list(info: Info, root: str, first: int | None, after: str | None, filter: Any) -> Any:
    queries.check_page(info.context, first, after)  # before any fetch
    prefetch.start(info.context.loaders, info.selected_fields)
    spec = filter.to_spec() if filter is not None else None
    return to_connection(await queries.page(info.context, root, first, after, spec))


async def _lookup(info: Info, id: str, type_name: str | None) -> Any:
    queries.check_id(id, type_name)  # before any fetch
    prefetch.start(info.context.loaders, info.selected_fields)
    if type_name is None:
        return await queries.node(info.context, id)
    return await queries.by_id(info.context, id, type_name)


@strawberry.type
class Query:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await _lookup(info, id, None)  # type: ignore[no-any-return]

    @strawberry.field
    async def jobs(
        self, info: Info, first: int | None = 50, after: str | None = None,
        filter: JobFilter | None = None,
    ) -> JobConnection:  # fmt: skip
        return await _list(info, "jobs", first, after, filter)  # type: ignore[no-any-return]

    @strawberry.field
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        return await _lookup(info, id, "Job")  # type: ignore[no-any-return]

    @strawberry.field
    async def candidates(
        self, info: Info, first: int | None = 50, after: str | None = None,
        filter: CandidateFilter | None = None,
    ) -> CandidateConnection:  # fmt: skip
        return await _list(info, "candidates", first, after, filter)  # type: ignore[no-any-return]

    @strawberry.field
    async def candidate(self, info: Info, id: strawberry.ID) -> Candidate | None:
        return await _lookup(info, id, "Candidate")  # type: ignore[no-any-return]

    @strawberry.field
    async def applications(
        self, info: Info, first: int | None = 50, after: str | None = None,
        filter: ApplicationFilter | None = None,
    ) -> ApplicationConnection:  # fmt: skip
        return await _list(info, "applications", first, after, filter)  # type: ignore[no-any-return]

    @strawberry.field
    async def application(self, info: Info, id: strawberry.ID) -> Application | None:
        return await _lookup(info, id, "Application")  # type: ignore[no-any-return]

    @strawberry.field
    async def application_stages(
        self, info: Info, first: int | None = 50, after: str | None = None,
        filter: CommonFilter | None = None,
    ) -> ApplicationStageConnection:  # fmt: skip
        return await _list(info, "application_stages", first, after, filter)  # type: ignore[no-any-return]

    @strawberry.field
    async def screening_questions(
        self, info: Info, first: int | None = 50, after: str | None = None,
        filter: CommonFilter | None = None,
    ) -> ScreeningQuestionConnection:  # fmt: skip
        return await _list(info, "screening_questions", first, after, filter)  # type: ignore[no-any-return]

    @strawberry.field
    async def tags(
        self, info: Info, first: int | None = 50, after: str | None = None,
        filter: CommonFilter | None = None,
    ) -> TagConnection:  # fmt: skip
        return await _list(info, "tags", first, after, filter)  # type: ignore[no-any-return]

    @strawberry.field
    async def integration(self, info: Info) -> Integration:
        return await integration_resolvers.integration(info.context)  # type: ignore[return-value]
