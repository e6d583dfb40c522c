"""Over real HTTP: uvicorn in a thread, a hanging request, and the CLI."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from simulator.app import create_app
from simulator.cli import main
from simulator.data import generate_world
from simulator.server import serve_in_thread

from .helpers import auth


def test_serve_in_thread_real_http() -> None:
    world = generate_world()
    acme = world.companies[0]
    with serve_in_thread(create_app(world)) as base, httpx.Client(base_url=base) as client:
        assert base.startswith("http://127.0.0.1:")
        rows = client.post(f"/company/{acme.hashid}/search/applicants", headers=auth(acme))
        assert rows.status_code == 200 and len(rows.json()) == len(acme.applicants)
        feed = client.get("/careers/company/acme.json")
        assert feed.status_code == 200 and feed.json()["items"]
        log = client.get("/_sim/log").json()
        assert log["counts"] == {"C1": 1, "V4": 1}


def test_serve_in_thread_hang_until_client_gives_up() -> None:
    world = generate_world()
    acme = world.companies[0]
    with serve_in_thread(create_app(world)) as base, httpx.Client(base_url=base) as client:
        client.post("/_sim/faults", json={"endpoint": "S1", "hang": True, "times": 1})
        with pytest.raises(httpx.ReadTimeout):
            client.get(f"/company/{acme.hashid}/columns", headers=auth(acme), timeout=0.3)
        again = client.get(f"/company/{acme.hashid}/columns", headers=auth(acme))
        assert again.status_code == 200


def test_cli_print_companies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print-companies", "--companies", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    world = generate_world(companies=2)
    assert lines[0] == "slug\tcompany_id\tapi_key"
    assert lines[1:] == [f"{c.slug}\t{c.hashid}\t{c.api_key}" for c in world.companies]


def test_a_hanging_request_is_in_flight_until_released() -> None:
    world = generate_world()
    acme = world.companies[0]
    with serve_in_thread(create_app(world)) as base, httpx.Client(base_url=base) as client:
        client.post("/_sim/faults", json={"endpoint": "S1", "hang": True, "times": 1})
        with ThreadPoolExecutor(1) as pool:
            hung = pool.submit(
                client.get, f"/company/{acme.hashid}/columns", headers=auth(acme), timeout=30
            )
            deadline = time.monotonic() + 10
            while not client.get("/_sim/log").json()["in_flight"] and time.monotonic() < deadline:
                time.sleep(0.01)
            log = client.get("/_sim/log").json()
            assert log["in_flight"] == {"S1": 1} and log["counts"] == {}  # not logged yet
            client.delete("/_sim/faults")  # releases it
            assert hung.result(timeout=10).status_code == 200
        log = client.get("/_sim/log").json()
        assert log["in_flight"] == {} and log["counts"] == {"S1": 1}
