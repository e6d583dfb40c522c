"""The gateway under a real uvicorn server on a TCP socket (lifespan, HTTP/1.1 parsing and the
middleware as in production), over the simulator."""

from __future__ import annotations

import httpx

from devtools.local import integrations_for
from gateway.core.settings import ApiKeyConfig, FileConfig, Settings
from gateway.web.app import create_app
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from tests.e2e.conftest import A_KEY, A_SHA
from tests.service.helpers import serve_in_thread


def test_real_server_answers_a_query_a_413_and_a_401() -> None:
    world = generate_world()
    config = FileConfig(
        integrations=[integrations_for(world)["acme"]],
        api_keys=[ApiKeyConfig(sha256=A_SHA, scopes=("read",), integrations=("acme",))],
    )
    app = create_app(
        Settings(mode="development", max_body_bytes=2_000),
        config,
        upstream_transport=httpx.ASGITransport(app=create_simulator(world)),
    )
    auth = {"Authorization": f"Bearer {A_KEY}"}
    with serve_in_thread(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        assert client.get("/readyz").json()["status"] == "ready"
        ok = client.post("/graphql", json={"query": "{ jobs(first: 2) { totalCount } }"},
                         headers=auth)  # fmt: skip
        too_large = client.post(
            "/graphql", json={"query": "{ jobs { totalCount } }", "pad": "x" * 5_000},
            headers=auth,
        )  # fmt: skip
        no_key = client.post("/graphql", json={"query": "{ jobs { totalCount } }"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["data"]["jobs"]["totalCount"] > 0
    assert ok.headers["x-request-id"]
    assert too_large.status_code == 413
    assert too_large.headers["connection"] == "close"
    assert too_large.json()["errors"][0]["extensions"]["code"] == "PLATFORM_INPUT_INVALID"
    assert no_key.status_code == 401
    assert no_key.headers["www-authenticate"].startswith("Bearer")
    assert no_key.json()["errors"][0]["extensions"]["code"] == "PLATFORM_AUTHENTICATION_INVALID"
