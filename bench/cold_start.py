"""First cold query of a fresh process vs a later cold one (the per-process start-up cost).

    .venv/bin/python -m bench.cold_start [--rounds 5]

The simulator runs in its own process over TCP with 200 ms added to every call, as a remote
Flatchr would be. Each measurement is a fresh gateway process (lifespan run, /readyz ready):
"first" is Q2 for globex as the process's first request; "later" is Q2 for globex right after
a Q2 for acme in another fresh process (cold for globex, but the process has served once).
Cold Q2 is one upstream round trip (3 calls in parallel): both should be 200 ms plus CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time

import httpx
import orjson

from bench.queries import Q2
from bench.throughput import free_port, wait_for_port

LATENCY_MS = 200


async def child(url: str, slugs: list[str]) -> None:
    """In a fresh process: start the app as uvicorn would, then time Q2 for each slug."""
    from devtools.local import integrations_for
    from gateway.core.settings import FileConfig, load_settings
    from gateway.web.app import create_app
    from simulator.data import generate_world

    integrations = list(integrations_for(generate_world(), base_url=url).values())
    app = create_app(load_settings(mode="demo"), FileConfig(integrations=integrations))
    times = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            (await client.get("/readyz")).raise_for_status()
            for slug in slugs:
                start = time.perf_counter()
                answer = await client.post(
                    "/graphql", json={"query": Q2}, headers={"X-Integration-Id": slug}
                )
                times.append((time.perf_counter() - start) * 1000)
                if "errors" in answer.json():
                    raise RuntimeError(answer.text[:300])
    print(orjson.dumps(times).decode())


def run_child(url: str, *slugs: str) -> list[float]:
    cmd = [sys.executable, "-m", "bench.cold_start", "--child", url, *slugs]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=_env())
    return list(orjson.loads(out.stdout.strip().splitlines()[-1]))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.getcwd()}


def main(rounds: int) -> None:
    port = free_port()
    sim = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "--port", str(port), "--log-level", "warning",
         "--latency-ms", str(LATENCY_MS)],
        env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(port)
        url = f"http://127.0.0.1:{port}"
        first, later = [], []
        for _ in range(rounds):
            first.append(run_child(url, "globex")[0])
            later.append(run_child(url, "acme", "globex")[1])
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    print(f"cold Q2 (globex) at {LATENCY_MS} ms upstream latency, fresh process each, n={rounds}:")
    for name, values in (("first request of the process", first), ("after one other", later)):
        print(f"  {name:<29} median {statistics.median(values):4.0f} ms "
              f"(range {min(values):.0f}-{max(values):.0f})")  # fmt: skip
    gap = statistics.median(first) - statistics.median(later)
    print(f"  first minus later: {gap:+.0f} ms (median)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        asyncio.run(child(args.child[0], args.child[1:]))
    else:
        main(args.rounds)
