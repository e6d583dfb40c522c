"""Latency of the canonical nested query (Q2) with 50 ms added to every upstream call.

    .venv/bin/python -m bench.latency

Cold, the gateway should take about one upstream round trip per level of dependency (jobs,
then columns + applicants in parallel), not one per row; warm, no upstream call at all.
Also: a 10,000-applicant / 500-vacancy tenant, `applications(first: 250)` cold and warm, and
the process RSS after warm-up; then the first cold Q2 of a fresh process against a later cold
one, at 200 ms upstream latency (bench.cold_start).
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.cold_start import main as cold_start
from bench.queries import Q2
from devtools.local import LocalGateway
from gateway.core.settings import Settings
from simulator.data import generate_world

APPS_250 = """{ applications(first: 250) { totalCount edges { node { id outcome source
  remoteCreatedAt currentStage { name } job { name } candidate { firstName lastName } } } } }"""


async def timed(gw: LocalGateway, query: str) -> float:
    start = time.perf_counter()
    await gw.data(query)
    return (time.perf_counter() - start) * 1000


async def warm_runs(gw: LocalGateway, query: str) -> str:
    """The warm median of executing the query again (the schema, without the HTTP layer and
    so without its reuse of encoded answers: bench.throughput measures that path)."""
    executed = statistics.median([await timed(gw, query) for _ in range(20)])
    return f"warm median {executed:.1f} ms executed (n=20)"


async def q2_with_latency() -> None:
    with tempfile.TemporaryDirectory() as tmp:  # a tracking file of its own (see big_tenant)
        settings = Settings(tracking_path=Path(tmp) / "tracking.db")
        gw = await LocalGateway.start(settings, latency_ms=50)
        try:
            cold = await timed(gw, Q2)
            calls = await gw.counts()
            warm = await warm_runs(gw, Q2)
        finally:
            await gw.close()
    total = sum(calls.values())
    print(f"Q2, 50 ms upstream latency: cold {cold:.0f} ms with {total} calls {calls}; {warm}")


async def big_tenant() -> None:
    start = time.perf_counter()
    world = generate_world(vacancies=500, applicants=10_000)
    generated = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        # a tracking file of its own: "cold" is the first observation of every record (with
        # the default file, any earlier run would have tracked them already)
        settings = Settings(tracking_path=Path(tmp) / "tracking.db")
        gw = await LocalGateway.start(settings, world)
        try:
            cold = await timed(gw, APPS_250)
            warm = await warm_runs(gw, APPS_250)
        finally:
            await gw.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # a fresh process-like gateway on the same file: cold caches, records already tracked
        gw = await LocalGateway.start(settings, world)
        try:
            tracked = await timed(gw, APPS_250)
        finally:
            await gw.close()
    print(
        f"10,000 applicants / 500 vacancies (generated in {generated:.1f} s): "
        f"applications(first: 250) cold {cold:.0f} ms (first tracking observation), {warm}; "
        f"max RSS {rss:.0f} MiB (simulator and gateway in one process); cold again with the "
        f"records already tracked (a restart) {tracked:.0f} ms"
    )


async def main() -> None:
    await q2_with_latency()
    await big_tenant()
    # in fresh processes of their own (a subprocess each), after this process is done
    cold_start(rounds=3)


if __name__ == "__main__":
    asyncio.run(main())
