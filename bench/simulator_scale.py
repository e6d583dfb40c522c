"""How long the simulator takes to generate a 10,000-applicant / 500-vacancy tenant and to
serve its full applicant search (C1), in process and over real HTTP.

    .venv/bin/python -m bench.simulator_scale
"""

from __future__ import annotations

import asyncio
import time

import httpx

from simulator.app import create_app
from simulator.data import generate_world
from simulator.server import serve_in_thread


async def in_process(app: object, path: str, headers: dict[str, str]) -> None:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        start = time.perf_counter()
        response = await client.post(path, headers=headers)
        elapsed = time.perf_counter() - start
    print(
        f"C1 in process: {len(response.json())} rows, {len(response.content) / 1e6:.1f} MB, "
        f"{elapsed * 1000:.0f} ms"
    )


def main() -> None:
    start = time.perf_counter()
    world = generate_world(vacancies=500, applicants=10_000)
    print(f"generate 500 vacancies / 10,000 applicants: {time.perf_counter() - start:.2f} s")
    acme = world.companies[0]
    app = create_app(world)
    path = f"/company/{acme.hashid}/search/applicants"
    headers = {"Authorization": f"Bearer {acme.api_key}"}
    asyncio.run(in_process(app, path, headers))
    with serve_in_thread(app) as base:
        start = time.perf_counter()
        response = httpx.post(base + path, headers=headers, timeout=60)
        elapsed = time.perf_counter() - start
    print(f"C1 over HTTP: {len(response.json())} rows, {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
