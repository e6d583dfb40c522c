"""How fast the gateway refuses abusive documents (not a test: a measurement).

    .venv/bin/python -m bench.attack_timings

Each document is POSTed to the real app (real schema, default limits, demo mode) in process
over httpx.ASGITransport; the table gives the answer's code and the median / max wall time of
20 requests (the gateway's HTTP handling included; the body is encoded once, outside the
timing). None of them reaches a resolver or Flatchr.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx
import orjson

from gateway.core.settings import load_settings, parse_file_config
from gateway.web.app import create_app


def _depth(levels: int) -> str:
    inner = "id"
    for n in range(levels):
        inner = (
            f"applications {{ edges {{ node {{ {inner} }} }} }}" if n % 2 else f"job {{ {inner} }}"
        )
    return "{ jobs { edges { node { " + inner + " } } } }"


def _fragment_fan_out(levels: int, spreads: int) -> str:
    parts = ["query { jobs { edges { node { ...F0 } } } }"]
    for i in range(levels - 1):
        parts.append(f"fragment F{i} on Job {{ {' '.join([f'...F{i + 1}'] * spreads)} }}")
    parts.append(f"fragment F{levels - 1} on Job {{ name }}")
    return "\n".join(parts)


JSON = {"Content-Type": "application/json"}
ATTACKS = {
    "3,000 aliases": "{ " + " ".join(f"a{n}: __typename" for n in range(3000)) + " }",
    "depth 40": _depth(40),
    "50,000 tokens": "{ " + "__typename " * 50_000 + "}",
    "fan-out over max_cost": (
        "{ jobs(first: 250) { edges { node { name applications(first: 250) "
        "{ edges { node { id outcome source } } } } } } }"
    ),
    "first: 251": "{ jobs(first: 251) { totalCount } }",
    "fragment fan-out 4^15": _fragment_fan_out(16, 4),
}


async def main(runs: int = 20) -> None:
    fc = parse_file_config(
        {"integrations": [{"id": "demo", "company_id": "c", "api_key": "k" * 12,
                           "api_base_url": "http://127.0.0.1:9"}]}
    )  # fmt: skip
    app = create_app(load_settings(mode="demo"), fc)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            print(
                f"{'document':24} {'bytes':>8} {'status':>6}  {'code':28} {'median':>9} {'max':>9}"
            )
            for name, query in ATTACKS.items():
                times, response = [], None
                body = orjson.dumps({"query": query})
                for _ in range(runs):
                    started = time.perf_counter()
                    response = await client.post("/graphql", content=body, headers=JSON)
                    times.append(time.perf_counter() - started)
                assert response is not None
                code = ",".join(
                    sorted({e["extensions"]["code"] for e in response.json()["errors"]})
                )
                print(
                    f"{name:24} {len(query):>8} {response.status_code:>6}  {code:28} "
                    f"{statistics.median(times) * 1000:>7.1f}ms {max(times) * 1000:>7.1f}ms"
                )


if __name__ == "__main__":
    asyncio.run(main())
