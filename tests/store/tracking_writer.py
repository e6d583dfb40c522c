"""A second process for the shared-SQLite test: observes a churning collection, round by round.

    python -m tests.store.tracking_writer DB_PATH ROUNDS

Round r (1..ROUNDS, also used as `now`) shows keys a0..a49 except a{r % 50}, so one key
disappears and the previous round's missing one comes back; every fingerprint changes each
fifth round. tests/store/test_tracking.py knows these rules and checks the outcome.
"""

from __future__ import annotations

import asyncio
import sys

from gateway.store.tracking_sqlite import SqliteTracking

KEYS = 50


def collection(r: int) -> dict[str, tuple[str, bytes]]:
    return {
        f"a{i}": (f"{i}-{r // 5}", b'{"i":%d,"v":%d}' % (i, r // 5))
        for i in range(KEYS)
        if i != r % KEYS
    }


async def main(path: str, rounds: int) -> None:
    store = SqliteTracking(path)
    try:
        for r in range(1, rounds + 1):
            await store.observe_collection("acme", "applications", collection(r), float(r))
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
