"""createApplication under injected C4 failures, from a client that retries with its key.

    .venv/bin/python -m bench.writes

200 calls for 200 distinct candidates, 16 at a time, through the whole app (HTTP layer,
schema, lifespan) over a simulator on a real socket. Faults on C4 (seeded): 10% hang before
writing, 10% hang after writing (both time out: 20% timeouts), 5% answer 503 before writing and
5% after (10% 5xx). The client retries any failure (HTTP error, GraphQL error, userError) with
the same idempotency key. Printed: calls submitted, applicants created upstream, duplicates
(must be 0), lost (must be 0), client attempts, C4 calls, p50/p99 of a call until success.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
from collections import Counter
from typing import Any

import httpx

from devtools.local import integrations_for
from gateway.core.settings import ApiKeyConfig, FileConfig, Settings
from gateway.web.app import create_app
from gateway.web.auth import new_client_key
from simulator.app import create_app as create_simulator
from simulator.data import generate_world
from simulator.server import serve_in_thread
from unified.ids import to_global_id

CALLS, CONCURRENCY, MAX_ATTEMPTS = 200, 16, 30
CV = "JVBERi0xLjQKJSBiZW5jaCBDVgolJUVPRgo="  # a small PDF
FAULTS: list[dict[str, Any]] = [
    {"endpoint": "C4", "hang": True, "rate": 0.10},
    {"endpoint": "C4", "hang": True, "rate": 0.10, "after_write": True},
    {"endpoint": "C4", "status": 503, "rate": 0.05},
    {"endpoint": "C4", "status": 503, "rate": 0.05, "after_write": True},
]
MUTATION = """mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
  application { id } userErrors { code message } } }"""


async def one_call(
    client: httpx.AsyncClient, key: str, payload: dict[str, Any]
) -> tuple[int, float]:
    """(attempts, seconds until success)."""
    start = time.perf_counter()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            response = await client.post(
                "/graphql",
                json={"query": MUTATION, "variables": {"input": payload}},
                headers={"Authorization": f"Bearer {key}"},
            )
            result = (response.json().get("data") or {}).get("createApplication")
            if result and result["application"] and not result["userErrors"]:
                return attempt, time.perf_counter() - start
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.02 * attempt)
    return MAX_ATTEMPTS + 1, time.perf_counter() - start


async def main() -> None:
    world = generate_world()
    acme = world.companies[0]
    jobs = [v for v in acme.vacancies.values()
            if v.status == 1 and not any(q.required for q in v.questions)]  # fmt: skip
    key, sha = new_client_key()
    with serve_in_thread(create_simulator(world)) as sim_url:
        config = FileConfig(
            integrations=[integrations_for(world, sim_url)["acme"]],
            api_keys=[ApiKeyConfig(sha256=sha, scopes=("read", "write"), integrations=("acme",))],
        )
        settings = Settings(read_timeout=0.3, upstream_deadline=2.0, retry_backoff=0.01,
                            reconcile_delay=0.05, reconcile_max_wait=1.0)  # fmt: skip
        app = create_app(settings, config)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw",
                              timeout=30) as client,
            httpx.AsyncClient(base_url=sim_url) as sim,
        ):  # fmt: skip
            for fault in FAULTS:
                (await sim.post("/_sim/faults", json=fault)).raise_for_status()
            gate = asyncio.Semaphore(CONCURRENCY)

            async def call(i: int) -> tuple[int, float]:
                payload = {
                    "jobId": to_global_id("Job", jobs[i % len(jobs)].hashid),
                    "candidate": {"firstName": "Bench", "lastName": f"N{i}",
                                  "emailAddress": f"bench-{i}@example.org"},
                    "attachments": [{"name": "cv.pdf", "type": "CV", "data": CV}],
                    "idempotencyKey": f"bench-{i}",
                }  # fmt: skip
                async with gate:
                    return await one_call(client, key, payload)

            results = await asyncio.gather(*(call(i) for i in range(CALLS)))
            counts = (await sim.get("/_sim/log")).json()["counts"]
    per_email = Counter(
        acme.candidates[a.candidate].email for a in acme.applicants.values()
        if (acme.candidates[a.candidate].email or "").startswith("bench-")
    )  # fmt: skip
    created = sum(per_email.values())
    duplicates = sum(n - 1 for n in per_email.values() if n > 1)
    lost = sum(1 for i in range(CALLS) if per_email[f"bench-{i}@example.org"] == 0)
    failed = sum(1 for attempts, _ in results if attempts > MAX_ATTEMPTS)
    times = sorted(seconds * 1000 for _, seconds in results)
    p99 = times[min(len(times) - 1, round(0.99 * len(times)) - 1)]
    print(
        f"writes: submitted {CALLS}, created upstream {created}, duplicates {duplicates}, "
        f"lost {lost}, gave up {failed}; client attempts {sum(a for a, _ in results)}, "
        f"C4 calls {counts.get('C4', 0)}; p50 {statistics.median(times):.0f} ms, "
        f"p99 {p99:.0f} ms (concurrency {CONCURRENCY}; C4 faults: 20% time out, half after "
        "writing; 10% 503, half after writing)"
    )


if __name__ == "__main__":
    # The gateway's slow-operation warnings are expected here (faults make calls slow).
    logging.getLogger("gateway").setLevel(logging.ERROR)
    asyncio.run(main())
