"""Candidates, applications, tags, candidate tags and attachments, with their connections."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import relations
from resolvers.context import Info
from schema.common import (
    EmailAddress,
    Node,
    PageInfo,
    PhoneNumber,
    node_id,
    record_type_check,
    to_connection,
)
from schema.enums import ApplicationOutcome, AttachmentType
from schema.scalars import JSON
from unified.ids import to_global_id
from unified.model import ApplicationRecord, CandidateTagRecord, PersonRecord, TagRecord

if TYPE_CHECKING:
    from schema.filters import ApplicationFilter
    from schema.jobs import ApplicationStage, Job


@strawberry.type
class Attachment:
    id: strawberry.ID
    remote_id: str | None
    type: AttachmentType
    file_name: str
    content_type: str | None
    data_url: str = strawberry.field(
        description="A short-lived URL on the gateway that streams the file; "
        "no credentials needed while it is valid."
    )
    application_id: strawberry.ID | None
    remote_created_at: datetime | None
    remote_updated_at: datetime | None

    @strawberry.field(description="The file itself, base64-encoded; fetched only when selected.")
    async def data(self, info: Info) -> str | None:
        from resolvers import attachments

        return await attachments.attachment_data(info.context, self.id)


@strawberry.type
class Application(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("Application"))
    remote_id: str
    changed_at: datetime
    remote_deleted_at: datetime | None
    outcome: ApplicationOutcome | None
    source: str | None
    remote_created_at: datetime | None
    remote_updated_at: datetime | None
    remote_data: JSON | None

    @strawberry.field
    def current_stage_id(self, root: strawberry.Parent[ApplicationRecord]) -> strawberry.ID | None:
        key = root.current_stage_key
        return None if key is None else strawberry.ID(to_global_id("ApplicationStage", key))

    @strawberry.field
    def job_id(self, root: strawberry.Parent[ApplicationRecord]) -> strawberry.ID | None:
        key = root.job_key
        return None if key is None else strawberry.ID(to_global_id("Job", key))

    @strawberry.field
    def candidate_id(self, root: strawberry.Parent[ApplicationRecord]) -> strawberry.ID | None:
        return strawberry.ID(to_global_id("Candidate", root.candidate_key))

    @strawberry.field
    def current_stage(
        self, root: strawberry.Parent[ApplicationRecord], info: Info
    ) -> Annotated[ApplicationStage, strawberry.lazy("schema.jobs")] | None:
        return relations.stage(info.context, root.current_stage_key)  # type: ignore[return-value]

    @strawberry.field
    def job(
        self, root: strawberry.Parent[ApplicationRecord], info: Info
    ) -> Annotated[Job, strawberry.lazy("schema.jobs")] | None:
        return relations.job(info.context, root.job_key)  # type: ignore[return-value]

    @strawberry.field
    def candidate(self, root: strawberry.Parent[ApplicationRecord], info: Info) -> Candidate | None:
        return relations.candidate(info.context, root.candidate_key)  # type: ignore[return-value]

    is_type_of = record_type_check(ApplicationRecord)


@strawberry.type
class Candidate(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("Candidate"))
    changed_at: datetime
    remote_deleted_at: datetime | None
    first_name: str | None
    last_name: str | None
    phone_numbers: list[PhoneNumber]
    email_addresses: list[EmailAddress]
    remote_data: JSON | None

    @strawberry.field(description="The Flatchr candidate key once the gateway knows it, else null.")
    async def remote_id(self, root: strawberry.Parent[PersonRecord], info: Info) -> str | None:
        return root.remote_id or await relations.candidate_remote_id(info.context, root)

    @strawberry.field
    async def applications(
        self,
        root: strawberry.Parent[PersonRecord],
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: Annotated[ApplicationFilter, strawberry.lazy("schema.filters")] | None = None,
    ) -> ApplicationConnection:
        spec = filter.to_spec() if filter is not None else None
        page = await relations.candidate_applications(info.context, root.key, first, after, spec)
        return to_connection(page)  # type: ignore[no-any-return]

    @strawberry.field
    async def tags(self, root: strawberry.Parent[PersonRecord], info: Info) -> list[Tag]:
        return await relations.candidate_tag_list(info.context, root)  # type: ignore[return-value]

    @strawberry.field
    async def candidate_tags(
        self, root: strawberry.Parent[PersonRecord], info: Info
    ) -> list[CandidateTag]:
        return await relations.candidate_tags(info.context, root)  # type: ignore[return-value]

    @strawberry.field(description='Live call to Flatchr (Kombo\'s "Get candidate attachments").')
    async def attachments(
        self, root: strawberry.Parent[PersonRecord], info: Info
    ) -> list[Attachment]:
        from resolvers import attachments

        found = await attachments.candidate_attachments(info.context, root)
        return [Attachment(**a) for a in found]

    is_type_of = record_type_check(PersonRecord)


@strawberry.type
class Tag(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("Tag"))
    remote_id: str | None
    name: str | None
    changed_at: datetime
    remote_deleted_at: datetime | None

    @strawberry.field
    async def candidates(
        self,
        root: strawberry.Parent[TagRecord],
        info: Info,
        first: int | None = None,
        after: str | None = None,
    ) -> CandidateConnection:
        page = await relations.tag_candidates(info.context, root.key, first, after)
        return to_connection(page)  # type: ignore[no-any-return]

    is_type_of = record_type_check(TagRecord)


@strawberry.type(
    description="The link between a candidate and a tag (Flatchr stores a value with it)."
)
class CandidateTag(Node):
    id: strawberry.ID = strawberry.field(resolver=node_id("CandidateTag"))
    value: str | None
    changed_at: datetime
    remote_deleted_at: datetime | None

    @strawberry.field
    def candidate_id(self, root: strawberry.Parent[CandidateTagRecord]) -> strawberry.ID:
        return strawberry.ID(to_global_id("Candidate", root.candidate_key))

    @strawberry.field
    def tag_id(self, root: strawberry.Parent[CandidateTagRecord]) -> strawberry.ID:
        return strawberry.ID(to_global_id("Tag", root.tag_key))

    @strawberry.field
    def candidate(self, root: strawberry.Parent[CandidateTagRecord], info: Info) -> Candidate:
        return relations.candidate(info.context, root.candidate_key)  # type: ignore[return-value]

    @strawberry.field
    def tag(self, root: strawberry.Parent[CandidateTagRecord], info: Info) -> Tag:
        return relations.tag(info.context, root.tag_key)  # type: ignore[return-value]

    is_type_of = record_type_check(CandidateTagRecord)


@strawberry.type
class ApplicationEdge:
    cursor: str
    node: Application


@strawberry.type
class ApplicationConnection:
    edges: list[ApplicationEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class CandidateEdge:
    cursor: str
    node: Candidate


@strawberry.type
class CandidateConnection:
    edges: list[CandidateEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class TagEdge:
    cursor: str
    node: Tag


@strawberry.type
class TagConnection:
    edges: list[TagEdge]
    page_info: PageInfo
    total_count: int
