"""Mixed reads while Flatchr misbehaves: how many answers still carry data.

    .venv/bin/python -m bench.resilience [--seconds 60] [--connections 8]

The gateway (demo mode, short TTLs so that documents go stale and are refreshed during the
run) and the simulator run in this process, over ASGI. After one warm-up pass, the load mixes
Q1-Q4 over three tenants while the simulator injects, for the whole run, 5xx on 20% of calls;
every 10 s a burst of 429s (the next 30 calls); and one outage (every call 503) of 10 s
(a third of the run when shorter) in the middle. Prints the share of answers with data and
no error (target >= 99%), answers served stale because Flatchr failed (`extensions.stale`),
errors by code, p50/p99 latency, and the upstream calls by status.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import random
import statistics
import time
from typing import Any

import httpx

from bench.queries import Q1, Q2, Q3, Q4
from devtools.local import integrations_for
from gateway.core.settings import FileConfig, load_settings
from gateway.web.app import create_app
from simulator.app import create_app as create_simulator
from simulator.data import generate_world

TENANTS = ("acme", "globex", "initech")
QUERIES = (Q1, Q2, Q3, Q4)
NOISE = {"endpoint": "*", "status": 503, "rate": 0.2}


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.stale = 0
        self.stale_refreshing = 0

    def add(self, seconds: float, body: dict[str, Any]) -> None:
        self.latencies.append(seconds)
        errors = body.get("errors") or []
        if body.get("data") is not None and not errors:
            self.outcomes["data"] += 1
        for code in {e.get("extensions", {}).get("code", "?") for e in errors}:
            self.outcomes[code] += 1
        extensions = body.get("extensions") or {}
        self.stale += "stale" in extensions
        self.stale_refreshing += "staleResources" in extensions and "stale" not in extensions


async def faults(sim: httpx.AsyncClient, seconds: float) -> None:
    """The schedule: 20% 5xx all along, 429 bursts every 10 s, one outage in the middle."""
    outage = min(10.0, seconds / 3)
    outage_at = (seconds - outage) / 2
    await sim.post("/_sim/faults", json=NOISE)
    start = time.monotonic()
    next_burst = 5.0
    in_outage = False
    while (now := time.monotonic() - start) < seconds:
        if not in_outage and outage_at <= now < outage_at + outage:
            await sim.post("/_sim/faults", json={"endpoint": "*", "status": 503})
            in_outage = True
        elif in_outage and now >= outage_at + outage:
            await sim.delete("/_sim/faults")
            await sim.post("/_sim/faults", json=NOISE)
            in_outage = False
        if now >= next_burst:
            burst = {"endpoint": "*", "status": 429, "retry_after": 0, "times": 30}
            await sim.post("/_sim/faults", json=burst)
            next_burst += 10.0
        await asyncio.sleep(0.05)
    await sim.delete("/_sim/faults")


async def run(seconds: float, connections: int) -> None:
    world = generate_world()
    sim_app = create_simulator(world)
    config = FileConfig(integrations=list(integrations_for(world).values()))
    ttls = {f"ttl_{n}": 2.0 for n in ("vacancies", "columns", "tags", "applicants", "traits")}
    settings = load_settings(
        mode="demo", rate_limit_per_second=0, retry_backoff=0.05, max_stale=3600, **ttls
    )
    logging.getLogger("gateway").setLevel(logging.ERROR)  # refresh failures: thousands
    app = create_app(settings, config, upstream_transport=httpx.ASGITransport(app=sim_app))
    tally = Tally()
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as gw,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=sim_app), base_url="http://s") as sim,
    ):

        async def ask(query: str, tenant: str) -> dict[str, Any]:
            headers = {"X-Integration-Id": tenant}
            response = await gw.post("/graphql", json={"query": query}, headers=headers)
            body: dict[str, Any] = response.json()
            return body

        for tenant in TENANTS:  # warm: the documents exist before Flatchr misbehaves
            for query in QUERIES:
                await ask(query, tenant)
        await sim.delete("/_sim/log")
        deadline = time.monotonic() + seconds

        async def worker() -> None:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                body = await ask(random.choice(QUERIES), random.choice(TENANTS))
                tally.add(time.perf_counter() - started, body)

        await asyncio.gather(faults(sim, seconds), *(worker() for _ in range(connections)))
        log = (await sim.get("/_sim/log")).json()
    report(tally, log, seconds, connections)


def report(tally: Tally, log: dict[str, Any], seconds: float, connections: int) -> None:
    total = len(tally.latencies)
    ok = tally.outcomes["data"]
    lat = sorted(tally.latencies)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
    print(f"{seconds:g} s, {connections} connections, {total} answers ({total / seconds:.0f}/s)")
    print(f"  answered with data, no error: {ok} ({100 * ok / total:.2f}%; target >= 99%)")
    print(f"  stale because Flatchr failed (extensions.stale): {tally.stale}")
    print(f"  stale while a refresh ran (staleResources only): {tally.stale_refreshing}")
    errors = {k: v for k, v in tally.outcomes.items() if k != "data"}
    print(f"  answers with errors, by code: {errors or 'none'}")
    print(f"  latency p50 {statistics.median(lat) * 1000:.1f} ms, p99 {p99:.1f} ms")
    statuses = collections.Counter(str(r["status"]) for r in log["requests"])
    print(f"  upstream calls: {log['total']} (last 2000 by status: {dict(statuses)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(run(args.seconds, args.connections))


if __name__ == "__main__":
    main()
