"""Passthrough: only paths on the integration's hosts, credentials added and never returned."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gateway.core.errors import InputInvalid
from gateway.flatchr import FlatchrClient
from tests.flatchr.helpers import Sim

BAD_PATHS = [
    "company/x/columns",  # not absolute
    "https://evil.example/steal",  # scheme
    "//evil.example/steal",  # network-path reference: a host
    "/%2F/evil.example",  # the same, encoded
    "/company/../user/login",  # traversal
    "/company/%2e%2e/user",  # traversal, encoded
    "/company/%252e%252e/user",  # traversal, double-encoded
    "/user@evil.example/",  # userinfo
    "/company\\x",  # backslash
    "/company/x\r\nHost: evil",  # header injection
    "/company/x\x00",  # control character
    "/http://evil.example",  # embedded scheme
    "/company/x?token=abc",  # query must go in `query`
]


@pytest.mark.parametrize("path", BAD_PATHS)
async def test_passthrough_bad_path_is_input_invalid_and_not_sent(
    client: FlatchrClient, sim: Sim, path: str
) -> None:
    with pytest.raises(InputInvalid) as caught:
        await client.passthrough("API", "GET", path, None, None, None)

    assert caught.value.extensions == {"field": "path"}
    assert (await sim.log())["total"] == 0


async def test_passthrough_unknown_method_is_input_invalid(client: FlatchrClient) -> None:
    with pytest.raises(InputInvalid):
        await client.passthrough("API", "TRACE", "/user/login", None, None, None)


async def test_passthrough_get_adds_credentials_and_hides_them(
    client: FlatchrClient, sim: Sim, company: Any
) -> None:
    response = await client.passthrough(
        "API",
        "GET",
        f"/company/{company.hashid}/members",
        {"fields": "user", "token": "caller-supplied"},
        {"Accept": "application/json", "Authorization": "Bearer caller-supplied"},
        None,
    )

    assert response.status == 200
    assert response.content_type and response.content_type.startswith("application/json")
    assert isinstance(json.loads(response.content), list)
    assert response.url_without_credentials == (
        f"http://sim/company/{company.hashid}/members?fields=user"
    )
    assert company.api_key not in response.url_without_credentials
    assert not {"set-cookie", "authorization"} & set(response.headers)
    assert await sim.counts() == {"U1": 1}


async def test_passthrough_careers_host_needs_no_prefix(
    client: FlatchrClient, sim: Sim, company: Any
) -> None:
    response = await client.passthrough(
        "CAREERS", "GET", f"/company/{company.slug}.json", None, None, None
    )

    assert response.status == 200
    assert "items" in json.loads(response.content)
    assert await sim.counts() == {"V4": 1}


async def test_passthrough_returns_flatchr_errors_as_they_are(
    client: FlatchrClient, sim: Sim
) -> None:
    response = await client.passthrough("API", "GET", "/vacancy/Zz9Zz9Zz9Zz9Zz9Z", None, None, None)

    assert response.status == 404
    assert await sim.counts() == {"V2": 1}


async def test_passthrough_get_is_retried(client: FlatchrClient, sim: Sim, company: Any) -> None:
    await sim.fault("S1", status=503, times=2)

    response = await client.passthrough(
        "API", "GET", f"/company/{company.hashid}/columns", None, None, None
    )

    assert response.status == 200
    assert await sim.counts() == {"S1": 3}


async def test_passthrough_post_is_not_retried(
    client: FlatchrClient, sim: Sim, company: Any
) -> None:
    await sim.fault("C1", status=503)

    response = await client.passthrough(
        "API", "POST", f"/company/{company.hashid}/search/applicants", None, None, {}
    )

    assert response.status == 503
    assert await sim.counts() == {"C1": 1}


async def test_passthrough_post_sends_the_json_body(client: FlatchrClient, company: Any) -> None:
    rows = await client.search_applicants()
    email = next(r.email for r in rows if r.email)

    path = f"/company/{company.hashid}/search/applicants"
    response = await client.passthrough("API", "POST", path, None, None, {"email": email})

    found = json.loads(response.content)
    assert found and {r["email"].lower() for r in found} == {email.lower()}


@pytest.mark.parametrize(
    "headers", [{"X-A": "é€"}, {"X A": "1"}, {"Authorization ": "x"}, {"X-B": "a\r\nb"}]
)
def test_passthrough_refuses_headers_http_cannot_carry(headers: dict[str, str]) -> None:
    from gateway.core.errors import InputInvalid
    from gateway.flatchr.passthrough import request_headers

    with pytest.raises(InputInvalid):
        request_headers(headers)
