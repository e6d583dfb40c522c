"""Service-layer helpers: `create_app` driven through its lifespan and called over
`httpx.ASGITransport`, with a test-only schema whose resolvers count their calls (so a test can
tell that a rejected request never reached a resolver)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
import strawberry
from starlette.applications import Starlette
from strawberry.types import Info

from gateway.core.errors import NotFound
from gateway.core.settings import FileConfig, Settings, load_settings, parse_file_config
from gateway.web.app import create_app
from gateway.web.auth import new_client_key
from simulator.server import serve_in_thread as serve_app

ACME_FLATCHR_KEY = "acme-flatchr-api-key-0123456789"
BETA_FLATCHR_KEY = "beta-flatchr-api-key-9876543210"
READ_KEY, READ_SHA = new_client_key()
RW_KEY, RW_SHA = new_client_key()
WRITE_ONLY_KEY, WRITE_ONLY_SHA = new_client_key()
MULTI_KEY, MULTI_SHA = new_client_key()
BETA_KEY, BETA_SHA = new_client_key()
GQL_JSON = "application/graphql-response+json"


def file_config() -> FileConfig:
    nowhere = "http://127.0.0.1:9"  # the test schema never calls Flatchr
    return parse_file_config(
        {
            "integrations": [
                {"id": "acme", "company_id": "c-acme", "api_key": ACME_FLATCHR_KEY,
                 "api_base_url": nowhere},
                {"id": "beta", "company_id": "c-beta", "api_key": BETA_FLATCHR_KEY,
                 "api_base_url": nowhere},
            ],
            "api_keys": [
                {"sha256": READ_SHA, "scopes": ["read"], "integrations": ["acme"], "name": "reader"},
                {"sha256": RW_SHA, "scopes": ["read", "write"], "integrations": ["acme"]},
                {"sha256": WRITE_ONLY_SHA, "scopes": ["write"], "integrations": ["acme"]},
                {"sha256": MULTI_SHA, "scopes": ["read"], "integrations": ["acme", "beta"]},
                {"sha256": BETA_SHA, "scopes": ["read"], "integrations": ["beta"]},
            ],
        }
    )  # fmt: skip


class Probe:
    """Counts resolver calls; `gate` holds the slow resolver until a test opens it."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.calls = 0
        self.entered = 0
        self.gate = asyncio.Event()

    def hit(self) -> None:
        self.calls += 1


probe = Probe()


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def child(self) -> Item:
        probe.hit()
        return Item(name=self.name + "+")

    @strawberry.field
    def children(self) -> list[Item]:
        probe.hit()
        return [Item(name=f"{self.name}.{n}") for n in range(2)]

    @strawberry.field
    def page(self, first: int | None = None) -> ItemConnection:
        probe.hit()
        return ItemConnection(edges=[ItemEdge(node=Item(name="p"))], total_count=1)


@strawberry.type
class ItemEdge:
    node: Item


@strawberry.type
class ItemConnection:
    edges: list[ItemEdge]
    total_count: int


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        probe.hit()
        return "world"

    @strawberry.field
    def whoami(self, info: Info) -> str:
        probe.hit()
        ctx = info.context
        return f"{ctx.integration.id} {','.join(sorted(ctx.scopes))} {ctx.caller_id}"

    @strawberry.field
    def item(self) -> Item:
        probe.hit()
        return Item(name="root")

    @strawberry.field
    def items(self, first: int = 50) -> ItemConnection:
        probe.hit()
        return ItemConnection(edges=[ItemEdge(node=Item(name="i"))], total_count=1)

    @strawberry.field
    def boom(self) -> str | None:
        probe.hit()
        raise RuntimeError(f"database password is {ACME_FLATCHR_KEY}")

    @strawberry.field
    def missing(self) -> str | None:
        probe.hit()
        raise NotFound("No job with that id in this integration.")

    @strawberry.field
    async def slow(self) -> str:
        probe.hit()
        probe.entered += 1
        await probe.gate.wait()
        return "done"

    @strawberry.field
    def stale(self, info: Info) -> str:
        probe.hit()
        info.context.response_extensions["staleResources"] = ["vacancies"]
        return "cached"


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> bool:
        probe.hit()
        return True


def build_test_schema(settings: Settings, extensions: Sequence[Any]) -> strawberry.Schema:
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=list(extensions))


def make_app(fc: FileConfig | None = None, **settings: Any) -> Starlette:
    """The gateway over the test schema; `settings` override the defaults (mode: development)."""
    return create_app(
        load_settings(**settings), fc or file_config(), schema_builder=build_test_schema
    )


@asynccontextmanager
async def running(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan and yield a client talking to it in process."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            yield c


def bearer(key: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}


async def post(client: httpx.AsyncClient, query: str, key: str | None = READ_KEY,
               variables: dict[str, Any] | None = None, **headers: str) -> httpx.Response:  # fmt: skip
    payload: dict[str, Any] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    sent = bearer(key, **headers) if key else headers
    return await client.post("/graphql", json=payload, headers=sent)


def codes(response: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json().get("errors", [])]


@contextmanager
def serve_in_thread(app: Starlette) -> Iterator[str]:
    """The app under uvicorn (lifespan on) on a free port, in a daemon thread."""
    with serve_app(app, lifespan="on") as url:
        yield url
