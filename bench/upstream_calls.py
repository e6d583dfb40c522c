"""Upstream calls per canonical query, cold and warm, optimized vs naive (no loaders, no cache).

    .venv/bin/python -m bench.upstream_calls

Counts come from the simulator's request log; the naive mode is the gateway switched to
`naive=True`, which is what a resolver-per-field gateway without loaders or cache would do.
"""

from __future__ import annotations

import asyncio

from bench.queries import Q1, Q2, Q3, Q4
from devtools.local import LocalGateway
from gateway.core.settings import Settings

QUERIES = {
    "Q1 jobs+stages": Q1,
    "Q2 jobs>applications>candidate": Q2,
    "Q3 jobs>questions": Q3,
    "Q4 candidates>tags": Q4,
}


async def measure(naive: bool) -> dict[str, tuple[int, int, dict[str, int]]]:
    out: dict[str, tuple[int, int, dict[str, int]]] = {}
    for name, query in QUERIES.items():
        gw = await LocalGateway.start(Settings(naive=naive))
        try:
            await gw.data(query)
            cold = await gw.counts()
            await gw.reset_counts()
            await gw.data(query)
            warm = sum((await gw.counts()).values())
        finally:
            await gw.close()
        out[name] = (sum(cold.values()), warm, cold)
    return out


async def main() -> None:
    optimized = await measure(naive=False)
    naive = await measure(naive=True)
    head = f"{'query':34} {'cold':>6} {'warm':>6} {'naive cold':>11} {'naive warm':>11}"
    print(head + "  cold calls by endpoint")
    for name in QUERIES:
        cold, warm, detail = optimized[name]
        ncold, nwarm, _ = naive[name]
        print(f"{name:34} {cold:>6} {warm:>6} {ncold:>11} {nwarm:>11}  {detail}")


if __name__ == "__main__":
    asyncio.run(main())
