"""The whole gateway (HTTP layer, real schema) over the simulator, with two tenants' keys.

A key of tenant A never sees tenant B: not through queries, node ids, the cache, downloads or
passthrough.
"""

from __future__ import annotations

from gateway.core.signing import DOWNLOAD_PATH
from tests.e2e.conftest import A_KEY, B_KEY, JOBS, PT_KEY, Stack


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


async def test_identical_request_reuses_the_encoded_response(stack: Stack) -> None:
    query = "{ jobs(first: 3) { edges { node { name } } } }"
    first = await stack.post(A_KEY, query)
    store = stack.app_services().responses
    hits = store.hits
    again = await stack.post(A_KEY, query)
    assert again.content == first.content
    assert store.hits == hits + 1
    other_tenant = await stack.post(B_KEY, query)
    assert other_tenant.content != first.content
    other_media = await stack.client.post(
        "/graphql",
        json={"query": query, "variables": {}},
        headers={
            "Authorization": f"Bearer {A_KEY}",
            "Accept": "application/graphql-response+json",
        },
    )
    # not the bytes stored for application/json: its own media type
    assert other_media.headers["content-type"].startswith("application/graphql-response+json")
    assert other_media.json() == first.json()


async def test_reused_response_still_needs_a_valid_key(stack: Stack) -> None:
    query = "{ jobs(first: 3) { edges { node { name } } } }"
    await stack.post(A_KEY, query)
    await stack.post(A_KEY, query)
    response = await stack.post("fgw_not-a-key", query)
    assert response.status_code == 401
