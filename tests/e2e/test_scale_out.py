"""Two gateway processes (`flatchr-gateway serve`, real subprocesses) against one redis-server
and one simulator over TCP behave as one gateway: a cold document is fetched once across
them, a client key's rate limit holds across them, a write through one is read through the
other at once, and a tenant is refreshed once per interval across them. `serve --workers 2`
answers as one gateway too."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from devtools.demo import demo_config_text
from gateway.cli import api_key_fields
from gateway.configfile import toml_table
from gateway.web.auth import new_client_key
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from simulator.model import World
from simulator.server import serve_in_thread as serve_simulator
from tests.e2e.conftest import JOBS
from tests.redis_harness import RedisServer
from tests.service.processes import clean_env, free_port, started
from tests.writes.stack import APPLY, application, job_id, open_job

KEY, SHA = new_client_key()


def deployment(
    tmp_path: Path, redis: RedisServer, world: World | None = None, workers: int = 1, **env: str
) -> Iterator[tuple[list[str], httpx.Client]]:
    """The simulator in a thread, two gateway processes (or one with `workers`); yields their
    URLs and a sim client."""
    world = world or generate_world()
    with ExitStack() as stack:
        sim_url = stack.enter_context(serve_simulator(create_simulator(world)))
        config = tmp_path / "config.toml"
        key = toml_table("api_keys", api_key_fields(SHA, ["read", "write"], ["acme"]))
        config.write_text(demo_config_text(world, sim_url) + "\n" + key, encoding="utf-8")
        settings = {
            "GATEWAY_CACHE_BACKEND": "redis",
            "GATEWAY_REDIS_URL": redis.url,
            "GATEWAY_MAX_RETRIES": "0",
            "GATEWAY_LOG_LEVEL": "WARNING",
        }
        urls = []
        for _ in range(2 if workers == 1 else 1):
            port = free_port()
            args = ["flatchr-gateway", "serve", "--config", str(config), "--port", str(port)]
            args += ["--workers", str(workers)] if workers > 1 else []
            stack.enter_context(started(args, Path.cwd(), clean_env(**settings, **env)))
            urls.append(f"http://127.0.0.1:{port}")
        sim = stack.enter_context(httpx.Client(base_url=sim_url))
        for url in urls:
            wait_ready(url)
        sim.delete("/_sim/log")
        yield urls, sim


def wait_ready(url: str) -> None:
    for _ in range(600):
        try:
            if httpx.get(url + "/readyz").json().get("status") == "ready":
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{url} never became ready")


async def post(url: str, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        headers = {"Authorization": f"Bearer {KEY}", "X-Integration-Id": "acme"}
        body = {"query": query, "variables": variables or {}}
        return await client.post("/graphql", json=body, headers=headers)


@pytest.fixture
def two(tmp_path: Path, redis_server: RedisServer) -> Iterator[tuple[list[str], httpx.Client]]:
    yield from deployment(tmp_path, redis_server, GATEWAY_RATE_LIMIT_PER_SECOND="0")


def test_a_cold_document_is_fetched_once_across_two_processes(
    two: tuple[list[str], httpx.Client],
) -> None:
    urls, sim = two
    sim.post("/_sim/faults", json={"endpoint": "V1", "latency_ms": 300})  # they all overlap

    async def spread() -> list[httpx.Response]:
        return await asyncio.gather(*(post(urls[n % 2], JOBS) for n in range(10)))

    answers = asyncio.run(spread())
    assert [a.status_code for a in answers] == [200] * 10
    assert len({a.content for a in answers}) == 1
    assert sim.get("/_sim/log").json()["counts"].get("V1") == 1


@pytest.fixture
def limited(tmp_path: Path, redis_server: RedisServer) -> Iterator[tuple[list[str], httpx.Client]]:
    yield from deployment(
        tmp_path, redis_server, GATEWAY_RATE_LIMIT_PER_SECOND="0.01", GATEWAY_RATE_LIMIT_BURST="4"
    )


def test_a_key_rate_limit_holds_across_two_processes(
    limited: tuple[list[str], httpx.Client],
) -> None:
    urls, _ = limited

    async def alternate() -> list[int]:
        return [(await post(urls[n % 2], "{ __typename }")).status_code for n in range(8)]

    # One budget of 4 for the key, spent from both processes (8 if each had its own).
    assert asyncio.run(alternate()) == [200] * 4 + [429] * 4


COUNT = "query($id: ID!) { job(id: $id) { applications { totalCount } } }"


async def write_through_a_read_through_b(a: str, b: str, job: str) -> list[Any]:
    def count(response: httpx.Response) -> int:
        return int(response.json()["data"]["job"]["applications"]["totalCount"])

    before = count(await post(b, COUNT, {"id": job}))
    again = count(await post(b, COUNT, {"id": job}))  # B answers from its cache (or reuse)
    created = (await post(a, APPLY, {"input": application(job, "ab@example.org")})).json()
    after = count(await post(b, COUNT, {"id": job}))
    return [before, again, after, created]


def test_a_write_through_one_process_is_read_through_the_other_at_once(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    world = generate_world()
    job = job_id(open_job(world))
    for (a, b), _ in deployment(tmp_path, redis_server, world, GATEWAY_RATE_LIMIT_PER_SECOND="0"):
        before, again, after, created = asyncio.run(write_through_a_read_through_b(a, b, job))
        assert created["data"]["createApplication"]["userErrors"] == [], created
        assert again == before
        assert after == before + 1


async def many(url: str, n: int) -> list[httpx.Response]:
    return await asyncio.gather(*(post(url, JOBS) for _ in range(n)))


def test_serve_with_two_workers_answers_as_one_gateway(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    for (url,), sim in deployment(
        tmp_path, redis_server, workers=2, GATEWAY_RATE_LIMIT_PER_SECOND="0"
    ):
        answers = asyncio.run(many(url, 12))
        assert [a.status_code for a in answers] == [200] * 12
        assert len({a.content for a in answers}) == 1
        assert sim.get("/_sim/log").json()["counts"].get("V1") == 1


def test_a_tenant_is_refreshed_once_per_interval_across_two_processes(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """Two real processes, each with its own refresher timer, share one lease per tenant in
    Redis (ttl = (1 - jitter) * interval, not released): the deployment refreshes acme at most
    elapsed / ttl + 1 times, where two processes each on their own would make about twice
    elapsed / interval. Each refresh reads acme's vacancies (V1) once."""
    world = generate_world()
    acme = world.companies[0].hashid
    interval, jitter, window = 1.0, 0.1, 6.0
    for _, sim in deployment(
        tmp_path, redis_server, world,
        GATEWAY_RATE_LIMIT_PER_SECOND="0",
        GATEWAY_REFRESH_INTERVAL=str(interval),
        GATEWAY_REFRESH_JITTER=str(jitter),
    ):  # fmt: skip
        started = time.monotonic()
        time.sleep(window)
        log = sim.get("/_sim/log").json()["requests"]
        elapsed = time.monotonic() - started
        refreshes = sum(1 for r in log if r["endpoint"] == "V1" and r["company"] == acme)
        assert refreshes >= 2, log  # the refreshers do run, without any query
        assert refreshes <= elapsed / ((1 - jitter) * interval) + 1, (refreshes, elapsed)
