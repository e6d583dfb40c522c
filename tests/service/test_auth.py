"""Client keys, integrations and scopes at the HTTP layer (tenant isolation included)."""

from __future__ import annotations

from tests.service.helpers import (
    BETA_KEY,
    MULTI_KEY,
    READ_KEY,
    RW_KEY,
    WRITE_ONLY_KEY,
    codes,
    make_app,
    post,
    probe,
    running,
)

WHOAMI = "{ whoami }"
TOUCH = "mutation { touch }"


async def test_auth_without_key_is_401_with_www_authenticate() -> None:
    async with running(
        make_app(mode="production", signing_secret="x" * 32, public_url="https://gw.example")
    ) as client:
        response = await post(client, WHOAMI, key=None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert codes(response) == ["PLATFORM_AUTHENTICATION_INVALID"]
    assert "data" not in response.json()
    assert probe.calls == 0


async def test_auth_unknown_key_is_401() -> None:
    async with running(make_app()) as client:
        response = await post(client, WHOAMI, key="fgw_not-a-key-we-issued")
    assert response.status_code == 401
    assert codes(response) == ["PLATFORM_AUTHENTICATION_INVALID"]
    assert probe.calls == 0


async def test_auth_other_scheme_is_401() -> None:
    async with running(make_app()) as client:
        response = await client.post(
            "/graphql", json={"query": WHOAMI}, headers={"Authorization": f"Basic {READ_KEY}"}
        )
    assert response.status_code == 401
    assert codes(response) == ["PLATFORM_AUTHENTICATION_INVALID"]


async def test_auth_valid_key_uses_its_only_integration() -> None:
    async with running(make_app()) as client:
        response = await post(client, WHOAMI, key=READ_KEY)
    assert response.status_code == 200
    assert response.json() == {"data": {"whoami": "acme read reader"}}


async def test_auth_key_cannot_select_another_tenant() -> None:
    async with running(make_app()) as client:
        other = await post(client, WHOAMI, key=READ_KEY, **{"X-Integration-Id": "beta"})
        unknown = await post(client, WHOAMI, key=READ_KEY, **{"X-Integration-Id": "nope"})
    # the same answer whether the integration exists (another tenant's) or not
    assert other.status_code == unknown.status_code == 403
    assert codes(other) == codes(unknown) == ["INTEGRATION_NOT_FOUND"]
    assert other.json()["errors"][0]["message"].replace("beta", "X") == (
        unknown.json()["errors"][0]["message"].replace("nope", "X")
    )
    assert probe.calls == 0


async def test_auth_tenant_b_key_only_reaches_tenant_b() -> None:
    async with running(make_app()) as client:
        own = await post(client, WHOAMI, key=BETA_KEY)
        foreign = await post(client, WHOAMI, key=BETA_KEY, **{"X-Integration-Id": "acme"})
    assert own.json()["data"]["whoami"].startswith("beta ")
    assert codes(foreign) == ["INTEGRATION_NOT_FOUND"]


async def test_auth_multi_integration_key_requires_header() -> None:
    async with running(make_app()) as client:
        missing = await post(client, WHOAMI, key=MULTI_KEY)
        chosen = await post(client, WHOAMI, key=MULTI_KEY, **{"X-Integration-Id": "beta"})
    assert missing.status_code == 400
    assert codes(missing) == ["PLATFORM_INPUT_INVALID"]
    assert "X-Integration-Id" in missing.json()["errors"][0]["message"]
    assert chosen.json()["data"]["whoami"].startswith("beta ")


async def test_auth_read_scope_cannot_mutate() -> None:
    async with running(make_app()) as client:
        response = await post(client, TOUCH, key=READ_KEY)
    assert response.status_code == 403
    assert codes(response) == ["PLATFORM_PERMISSION_MISSING"]
    assert probe.calls == 0


async def test_auth_write_scope_without_read_cannot_query() -> None:
    async with running(make_app()) as client:
        query = await post(client, WHOAMI, key=WRITE_ONLY_KEY, accept=GQL)
        mutation = await post(client, TOUCH, key=WRITE_ONLY_KEY)
    assert query.status_code == 403
    assert codes(query) == ["PLATFORM_PERMISSION_MISSING"]
    assert mutation.json() == {"data": {"touch": True}}


async def test_auth_read_write_key_mutates() -> None:
    async with running(make_app()) as client:
        response = await post(client, TOUCH, key=RW_KEY)
    assert response.json() == {"data": {"touch": True}}


async def test_auth_development_mode_still_needs_a_key() -> None:
    async with running(make_app(mode="development")) as client:
        response = await post(client, WHOAMI, key=None)
    assert response.status_code == 401


async def test_auth_demo_mode_serves_without_key() -> None:
    async with running(make_app(mode="demo")) as client:
        first = await post(client, WHOAMI, key=None)
        named = await post(client, WHOAMI, key=None, **{"X-Integration-Id": "beta"})
        unknown = await post(client, WHOAMI, key=None, **{"X-Integration-Id": "nope"})
        keyed = await post(client, WHOAMI, key=READ_KEY, **{"X-Integration-Id": "beta"})
    assert first.json()["data"]["whoami"] == "acme admin,passthrough,read,write demo"
    assert named.json()["data"]["whoami"].startswith("beta ")
    assert codes(unknown) == ["INTEGRATION_NOT_FOUND"]
    # a key presented in demo mode is still checked: no tenant hopping
    assert codes(keyed) == ["INTEGRATION_NOT_FOUND"]


GQL = "application/graphql-response+json"
