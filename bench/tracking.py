"""The cost of change tracking per observation of a collection, on the SQLite store.

    .venv/bin/python -m bench.tracking [--records 20000]

Prints, for one collection of N records in a fresh file: the first observation (every row and
snapshot written), then an unchanged collection observed again, reading the rows back (what a
process without the states does) and with the generation the caller last read (what the
`Tracker` does while no process wrote), and one change among N.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import orjson

from gateway.store.tracking import Observed, fingerprint
from gateway.store.tracking_sqlite import SqliteTracking


def collection(n: int, changed: int | None = None) -> Observed:
    return {
        f"k{i:06d}": (
            fingerprint({"i": i, "v": i == changed}),
            orjson.dumps({"i": i, "name": "x" * 200}),
        )
        for i in range(n)
    }


async def median_ms(runs: int, call: Callable[[], Awaitable[object]]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def main(n: int) -> None:
    records = collection(n)
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteTracking(Path(tmp) / "tracking.db")
        try:
            start = time.perf_counter()
            first = await store.observe_since("acme", "Application", records, 1000.0, None)
            written = (time.perf_counter() - start) * 1000
            read = await median_ms(
                10, lambda: store.observe_since("acme", "Application", records, 1001.0, None)
            )
            known = await median_ms(
                10,
                lambda: store.observe_since(
                    "acme", "Application", records, 1001.0, first.generation
                ),
            )
            changes = iter([collection(n, changed=k) for k in range(5)])  # built untimed
            changed = await median_ms(
                5, lambda: store.observe_since("acme", "Application", next(changes), 1002.0, None)
            )
        finally:
            await store.close()
    print(f"tracking, {n:,} records, SQLite: first observation {written:.0f} ms; unchanged, "
          f"rows read back {read:.1f} ms, generation current {known:.1f} ms; "
          f"one record changed {changed:.0f} ms (medians)")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    asyncio.run(main(parser.parse_args().records))
