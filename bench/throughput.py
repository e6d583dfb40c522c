"""Warm throughput over HTTP, next to a bare Starlette endpoint returning the same JSON bytes
(the floor of Python HTTP serving), in the same run: a small answer (about 3 KB) and the
canonical nested query Q2 (about 20 KB), each at 1 and 10 connections.

    .venv/bin/python -m bench.throughput [--seconds 5] [--rounds 1]

Each server runs in its own process (one uvicorn worker); the load generator is this process
(raw keep-alive HTTP/1.1 over N concurrent connections), so both servers face the same client.
The machine's cores are shared by the server and the load generator: run several rounds and
read the ranges, not one figure. Prints requests/s, p50 and p99 and the ratio gateway / bare.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import httpx
import orjson

from bench.queries import Q2

#: Q2's shape over fewer rows: an answer of about 3 KB, where fixed per-request costs dominate.
Q2_SMALL = """
{ jobs(first: 3) { edges { node { name applications(first: 7) { totalCount edges { node {
    outcome currentStage { name }
    candidate { firstName emailAddresses { emailAddress } } } } } } } } }
"""
QUERIES = {"small": Q2_SMALL, "Q2": Q2}
CONNECTIONS = (1, 10)
HEADERS = {"content-type": "application/json", "accept": "application/json"}
Result = tuple[float, float, float]  # req/s, p50 ms, p99 ms


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int) -> None:
    for _ in range(200):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
            return
        time.sleep(0.05)


@contextlib.contextmanager
def server(*args: str) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "bench.serve", *args, "--port", str(port)]
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": os.getcwd()})
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        wait_for_port(port)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _request_bytes(url: str, body: bytes, extra: str = "") -> tuple[str, int, bytes]:
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {host_port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
    )
    return host, int(port), head.encode() + body


async def load(
    url: str, body: bytes, connections: int, seconds: float, headers: dict[str, str] | None = None
) -> Result:
    """A minimal keep-alive HTTP/1.1 client on raw sockets: it costs the load generator far
    less per request than a full client library, so the servers, not the client, set the
    pace (the two cores are shared by the server and this process)."""
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    host, port, request = _request_bytes(url, body, extra)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                if not head.startswith(b"HTTP/1.1 200"):
                    raise RuntimeError(head.split(b"\r\n", 1)[0].decode())
                length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - start)
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, p99 * 1000


def _combine(parts: list[Result]) -> Result:
    return (statistics.mean(p[0] for p in parts), statistics.median(p[1] for p in parts),
            max(p[2] for p in parts))  # fmt: skip


async def measure(seconds: float) -> dict[tuple[str, int], tuple[Result, Result, int]]:
    """One round. All servers run at once (an idle one costs nothing) and the gateway and the
    bare server take turns in slices of a second, so that load from elsewhere on the machine
    falls on both alike."""
    bodies = {name: orjson.dumps({"query": q}) for name, q in QUERIES.items()}
    answers: dict[str, bytes] = {}
    out = {}
    with contextlib.ExitStack() as stack:
        gateway = stack.enter_context(server("gateway"))
        async with httpx.AsyncClient() as client:
            for name, body in bodies.items():
                warm = await client.post(gateway, content=body, headers=HEADERS)
                warm.raise_for_status()
                answers[name] = warm.content
        for name, body in bodies.items():
            f = stack.enter_context(tempfile.NamedTemporaryFile(suffix=".json"))
            f.write(answers[name])
            f.flush()
            bare = stack.enter_context(server("bare", f.name))
            for c in CONNECTIONS:
                g_parts, b_parts = [], []
                for _ in range(max(1, round(seconds))):
                    g_parts.append(await load(gateway, body, c, 1.0))
                    b_parts.append(await load(bare, body, c, 1.0))
                out[name, c] = (_combine(g_parts), _combine(b_parts), len(answers[name]))
    return out


async def main(seconds: float, rounds: int) -> None:
    ratios: dict[tuple[str, int], list[float]] = {}
    for n in range(1, rounds + 1):
        results = await measure(seconds)
        print(f"round {n}/{rounds}, {seconds:.0f} s per run")
        for (name, c), (g, b, size) in results.items():
            ratio = g[0] / b[0]
            ratios.setdefault((name, c), []).append(ratio)
            print(
                f"  {name:>5} ({size / 1000:4.1f} KB) {c:>2} conn: gateway {g[0]:6.0f} req/s "
                f"(p50 {g[1]:.1f} ms, p99 {g[2]:.1f} ms) | bare {b[0]:6.0f} req/s "
                f"(p50 {b[1]:.1f} ms, p99 {b[2]:.1f} ms) | ratio {ratio:.2f}"
            )
    if rounds > 1:
        print("ratio ranges over rounds:")
        for (name, c), values in ratios.items():
            print(f"  {name:>5} {c:>2} conn: {min(values):.2f}-{max(values):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.rounds))
