"""The root Query: thin wrappers over `resolvers.queries`."""

from __future__ import annotations

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


@strawberry.type
class Query:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        queries.check_id(id, None)  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        return await queries.node(info.context, id)  # type: ignore[no-any-return]

    @strawberry.field
    async def jobs(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: JobFilter | None = None,
    ) -> JobConnection:
        queries.check_page(info.context, first, after)  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        spec = filter.to_spec() if filter else None
        return to_connection(await queries.jobs(info.context, first, after, spec))  # type: ignore[no-any-return]

    @strawberry.field
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        queries.check_id(id, "Job")  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        return await queries.by_id(info.context, id, "Job")  # type: ignore[no-any-return]

    @strawberry.field
    async def candidates(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: CandidateFilter | None = None,
    ) -> CandidateConnection:
        queries.check_page(info.context, first, after)  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        spec = filter.to_spec() if filter else None
        return to_connection(await queries.candidates(info.context, first, after, spec))  # type: ignore[no-any-return]

    @strawberry.field
    async def candidate(self, info: Info, id: strawberry.ID) -> Candidate | None:
        queries.check_id(id, "Candidate")  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        return await queries.by_id(info.context, id, "Candidate")  # type: ignore[no-any-return]

    @strawberry.field
    async def applications(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: ApplicationFilter | None = None,
    ) -> ApplicationConnection:
        queries.check_page(info.context, first, after)  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        spec = filter.to_spec() if filter else None
        return to_connection(await queries.applications(info.context, first, after, spec))  # type: ignore[no-any-return]

    @strawberry.field
    async def application(self, info: Info, id: strawberry.ID) -> Application | None:
        queries.check_id(id, "Application")  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        return await queries.by_id(info.context, id, "Application")  # type: ignore[no-any-return]

    @strawberry.field
    async def application_stages(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: CommonFilter | None = None,
    ) -> ApplicationStageConnection:
        queries.check_page(info.context, first, after)  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        spec = filter.to_spec() if filter else None
        page = await queries.application_stages(info.context, first, after, spec)
        return to_connection(page)  # type: ignore[no-any-return]

    @strawberry.field
    async def screening_questions(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: CommonFilter | None = None,
    ) -> ScreeningQuestionConnection:
        spec = filter.to_spec() if filter else None
        page = await queries.screening_questions(info.context, first, after, spec)
        return to_connection(page)  # type: ignore[no-any-return]

    @strawberry.field
    async def tags(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: CommonFilter | None = None,
    ) -> TagConnection:
        queries.check_page(info.context, first, after)  # before any fetch
        prefetch.start(info.context.data, info.selected_fields)
        spec = filter.to_spec() if filter else None
        return to_connection(await queries.tags(info.context, first, after, spec))  # type: ignore[no-any-return]

    @strawberry.field
    async def integration(self, info: Info) -> Integration:
        return await integration_resolvers.integration(info.context)  # type: ignore[return-value]
