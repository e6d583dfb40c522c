"""One process vs `--workers 2` on Redis, and the cold start of a 10,000-applicant tenant.

    .venv/bin/python -m bench.scale [--seconds 10]

Real processes: a redis-server (started here, temp dir, no persistence), the simulator
(`flatchr-sim`, one with the default world, one with 500 vacancies / 10,000 applicants for
acme) and the gateway (`flatchr-gateway serve`). Warm Q2 (acme, default world) at 20
connections against one process with the memory backend, then against `--workers 2` with
`GATEWAY_CACHE_BACKEND=redis`: requests/s, p50, p99. Then, for each of the two set-ups started
fresh (Redis flushed), the time of the first Q2-like query for the 10,000-applicant tenant.
The load generator shares the machine's cores with the servers: read ranges, not one figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson

from bench.queries import Q2
from bench.throughput import free_port, load, wait_for_port
from devtools.demo import demo_config_text
from gateway.cli import api_key_fields
from gateway.configfile import toml_table
from gateway.web.auth import new_client_key
from simulator.data import generate_world

BIN = Path(sys.executable).parent
KEY, SHA = new_client_key()
HEADERS = {"Authorization": f"Bearer {KEY}", "X-Integration-Id": "acme"}
#: Q2's shape, for the cold start: the first 50 jobs with their applications and people
Q2_LIKE = Q2


@contextlib.contextmanager
def process(args: list[str], env: dict[str, str] | None = None) -> Iterator[None]:
    proc = subprocess.Popen(
        args, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def redis_server(workdir: str) -> Iterator[str]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", workdir]
    with process([*args, "--appendonly", "no"]):
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"


@contextlib.contextmanager
def simulator(*flags: str) -> Iterator[str]:
    port = free_port()
    with process([str(BIN / "flatchr-sim"), "--port", str(port), "--log-level", "warning", *flags]):
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"


def config_for(sim_url: str, directory: str) -> Path:
    """Every company of the simulator's world, and one client key for all of them."""
    world = generate_world()  # the simulator's default seed: the same companies and keys
    slugs = [c.slug for c in world.companies]
    key = toml_table("api_keys", api_key_fields(SHA, ["read"], slugs))
    path = Path(directory) / f"config-{free_port()}.toml"
    path.write_text(demo_config_text(world, sim_url) + "\n" + key, encoding="utf-8")
    return path


@contextlib.contextmanager
def gateway(config: Path, workers: int, redis_url: str | None) -> Iterator[str]:
    port = free_port()
    env = {"GATEWAY_RATE_LIMIT_PER_SECOND": "0", "GATEWAY_LOG_LEVEL": "WARNING"}
    if redis_url:
        env |= {"GATEWAY_CACHE_BACKEND": "redis", "GATEWAY_REDIS_URL": redis_url}
    args = [str(BIN / "flatchr-gateway"), "serve", "--config", str(config), "--port", str(port)]
    with process([*args, "--workers", str(workers)], env):
        url = f"http://127.0.0.1:{port}"
        for _ in range(400):
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/readyz").status_code == 200:
                    break
            time.sleep(0.05)
        yield url + "/graphql"


def first_query_ms(url: str) -> float:
    started = time.perf_counter()
    response = httpx.post(url, json={"query": Q2_LIKE}, headers=HEADERS, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200 and "errors" not in response.json(), response.text[:300]
    return elapsed


def flush(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    body = orjson.dumps({"query": Q2})
    setups = (("1 process, memory", 1, False), ("--workers 2, redis", 2, True))
    with tempfile.TemporaryDirectory() as tmp, redis_server(tmp) as redis_url:
        with simulator() as sim:
            config = config_for(sim, tmp)
            print(f"warm Q2 (acme), 20 connections, {args.seconds:g} s each")
            for name, workers, shared in setups:
                with gateway(config, workers, redis_url if shared else None) as url:
                    for _ in range(2 * workers):  # warm every worker
                        first_query_ms(url)
                    rps, p50, p99 = asyncio.run(load(url, body, 20, args.seconds, HEADERS))
                print(f"  {name:20} {rps:7.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms")
        with simulator("--vacancies", "500", "--applicants", "10000") as sim:
            config = config_for(sim, tmp)
            print("cold start, acme with 500 vacancies / 10,000 applicants: first Q2-like query")
            for name, workers, shared in setups:
                flush(redis_url)
                with gateway(config, workers, redis_url if shared else None) as url:
                    first = first_query_ms(url)
                    second = first_query_ms(url)
                print(f"  {name:20} first {first:7.0f} ms   then {second:6.0f} ms")


if __name__ == "__main__":
    main()
