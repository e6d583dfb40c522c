"""The `Integration` type: the caller's Flatchr connection (guide, prerequisites, health)."""

from __future__ import annotations

import strawberry

from resolvers.integration import IntegrationRecord
from schema.enums import IntegrationStatus
from unified.ids import to_global_id


@strawberry.type
class ConnectionCheck:
    name: str
    ok: bool
    message: str | None


@strawberry.type(
    description="The Flatchr account behind the caller's credentials "
    "(connection guide, prerequisites, health)."
)
class Integration:
    tool: str
    company_id: str
    slug: str | None
    status: IntegrationStatus
    checks: list[ConnectionCheck]
    prerequisites: list[str]
    connection_guide_url: str | None

    @strawberry.field
    def id(self, root: strawberry.Parent[IntegrationRecord]) -> strawberry.ID:
        return strawberry.ID(to_global_id("Integration", root.key))
