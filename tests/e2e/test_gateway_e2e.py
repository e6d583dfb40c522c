"""The whole gateway (HTTP layer, real schema) over the simulator, with two tenants' keys.

A key of tenant A never sees tenant B: not through queries, node ids, the cache, downloads or
passthrough.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from gateway.app import create_app
from gateway.auth import new_client_key
from gateway.config import ApiKeyConfig, FileConfig, Settings
from gateway.local import integrations_for
from gateway.signing import DOWNLOAD_PATH
from simulator.app import create_app as create_simulator
from simulator.data import generate_world

A_KEY, A_SHA = new_client_key()
B_KEY, B_SHA = new_client_key()
PT_KEY, PT_SHA = new_client_key()

JOBS = "{ jobs(first: 250) { totalCount edges { node { id remoteId } } } }"


@dataclass
class Stack:
    client: httpx.AsyncClient
    sim: httpx.AsyncClient
    companies: dict[str, str]  # slug -> company hashid

    async def post(self, key: str, query: str, variables: dict | None = None) -> httpx.Response:
        return await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {key}"},
        )

    async def query(self, key: str, query: str, variables: dict | None = None) -> dict:
        response = await self.post(key, query, variables)
        assert response.status_code == 200, response.text
        return response.json()

    async def calls_for(self, company: str) -> int:
        log = (await self.sim.get("/_sim/log")).json()
        return sum(1 for r in log["requests"] if r.get("company") == company)


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    world = generate_world()
    sim_app = create_simulator(world)
    integrations = integrations_for(world)
    config = FileConfig(
        integrations=[integrations["acme"], integrations["globex"]],
        api_keys=[
            ApiKeyConfig(sha256=A_SHA, scopes=("read",), integrations=("acme",)),
            ApiKeyConfig(sha256=B_SHA, scopes=("read",), integrations=("globex",)),
            ApiKeyConfig(sha256=PT_SHA, scopes=("read", "passthrough"), integrations=("acme",)),
        ],
    )
    app = create_app(
        Settings(mode="development", retry_backoff=0.01, max_retries=0),
        config,
        upstream_transport=httpx.ASGITransport(app=sim_app),
    )
    gw_transport = httpx.ASGITransport(app=app)
    sim_transport = httpx.ASGITransport(app=sim_app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=gw_transport, base_url="http://gw") as c,
        httpx.AsyncClient(transport=sim_transport, base_url="http://sim") as s,
    ):
        yield Stack(c, s, {co.slug: co.hashid for co in world.companies})


async def test_each_key_sees_only_its_own_tenant(stack: Stack) -> None:
    a = (await stack.query(A_KEY, JOBS))["data"]["jobs"]
    b = (await stack.query(B_KEY, JOBS))["data"]["jobs"]
    a_ids = {e["node"]["id"] for e in a["edges"]}
    b_ids = {e["node"]["id"] for e in b["edges"]}
    assert a_ids and b_ids and not a_ids & b_ids


async def test_another_tenants_node_id_resolves_to_null(stack: Stack) -> None:
    b = (await stack.query(B_KEY, JOBS))["data"]["jobs"]["edges"][0]["node"]["id"]
    body = await stack.query(
        A_KEY, "query($id: ID!) { job(id: $id) { id } node(id: $id) { id } }", {"id": b}
    )
    assert body == {"data": {"job": None, "node": None}}


async def test_cache_entries_are_per_tenant(stack: Stack) -> None:
    await stack.query(A_KEY, JOBS)
    before = await stack.calls_for(stack.companies["globex"])
    await stack.query(B_KEY, JOBS)  # A's warm cache must not answer for B
    assert await stack.calls_for(stack.companies["globex"]) == before + 1


async def test_nested_query_over_http_and_warm_repeat_costs_nothing(stack: Stack) -> None:
    query = (
        "{ jobs(first: 5) { edges { node { name applications(first: 5) { edges { node { "
        "outcome currentStage { name } candidate { firstName } } } } } } } }"
    )
    first = await stack.query(A_KEY, query)
    assert "errors" not in first
    calls = await stack.calls_for(stack.companies["acme"])
    again = await stack.query(A_KEY, query)
    assert again == first
    assert await stack.calls_for(stack.companies["acme"]) == calls


async def test_flatchr_failure_gives_partial_data_with_a_code(stack: Stack) -> None:
    await stack.sim.post("/_sim/faults", json={"endpoint": "V2", "status": 502, "rate": 1.0})
    body = await stack.query(A_KEY, "{ jobs(first: 2) { edges { node { name remoteData } } } }")
    assert all(e["node"]["name"] for e in body["data"]["jobs"]["edges"])
    assert {e["extensions"]["code"] for e in body["errors"]} == {"REMOTE_SERVICE_UNAVAILABLE"}
    assert "Traceback" not in str(body) and "Error" not in str(
        [e["message"] for e in body["errors"]]
    )


async def test_passthrough_needs_its_scope(stack: Stack) -> None:
    response = await stack.post(
        A_KEY, 'mutation { passthrough(input: { method: GET, path: "/x" }) { status } }'
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "PLATFORM_PERMISSION_MISSING"
    assert await stack.calls_for(stack.companies["acme"]) == 0


async def test_passthrough_uses_the_callers_credentials_only(stack: Stack) -> None:
    own = f"/company/{stack.companies['acme']}/columns"
    other = f"/company/{stack.companies['globex']}/columns"
    query = "mutation($p: String!) { passthrough(input: { method: GET, path: $p }) { url status data } }"
    mine = (await stack.query(PT_KEY, query, {"p": own}))["data"]["passthrough"]
    assert mine["status"] == 200 and isinstance(mine["data"], list)
    theirs = (await stack.query(PT_KEY, query, {"p": other}))["data"]["passthrough"]
    assert theirs["status"] == 403  # Flatchr refuses acme's key on globex's company
    assert "token" not in mine["url"] and "Bearer" not in str(mine)


async def test_passthrough_refuses_a_full_url(stack: Stack) -> None:
    body = await stack.query(
        PT_KEY,
        'mutation { passthrough(input: { method: GET, path: "https://evil.example/x" }) { status } }',
    )
    assert body["errors"][0]["extensions"]["code"] == "PLATFORM_INPUT_INVALID"


async def test_attachment_download_link_works_and_is_tenant_bound(stack: Stack) -> None:
    body = await stack.query(
        A_KEY, "{ candidates(first: 10) { edges { node { attachments { dataUrl } } } } }"
    )
    urls = [
        a["dataUrl"] for e in body["data"]["candidates"]["edges"] for a in e["node"]["attachments"]
    ]
    assert urls
    path = urls[0][urls[0].index(DOWNLOAD_PATH) :]
    response = await stack.client.get(path)  # no key: the signed token is the credential
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    forged = await stack.client.get(path[:-3] + "abc")
    assert forged.status_code == 404
    assert forged.json()["errors"][0]["extensions"]["code"] == "PLATFORM_NOT_FOUND"
