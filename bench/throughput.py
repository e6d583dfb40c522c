"""Warm throughput of the canonical nested query (Q2) over HTTP, next to a bare Starlette
endpoint returning the same JSON bytes (the floor of Python HTTP serving), in the same run.

    .venv/bin/python -m bench.throughput [--seconds 5]

Each server runs in its own process (one uvicorn worker); the load generator is this process
(raw keep-alive HTTP/1.1 over N concurrent connections), so both servers face the same client.
Prints requests/s, p50 and p99 at 1 and 10 connections, and the ratio gateway / bare.
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

BODY = orjson.dumps({"query": Q2})
HEADERS = {"content-type": "application/json", "accept": "application/json"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(*args: str) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "bench.serve", *args, "--port", str(port)]
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": os.getcwd()})
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
                break
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _request_bytes(url: str) -> tuple[str, int, bytes]:
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {host_port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(BODY)}\r\n\r\n"
    )
    return host, int(port), head.encode() + BODY


async def load(url: str, connections: int, seconds: float) -> tuple[float, float, float]:
    """A minimal keep-alive HTTP/1.1 client on raw sockets: it costs the load generator far
    less per request than a full client library, so the servers, not the client, set the
    pace (the two cores are shared by the server and this process)."""
    host, port, request = _request_bytes(url)
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


async def main(seconds: float) -> None:
    with server("gateway") as url:
        async with httpx.AsyncClient() as client:
            warm = await client.post(url, content=BODY, headers=HEADERS)
            warm.raise_for_status()
        body = warm.content
        results = {c: await load(url, c, seconds) for c in (1, 10)}
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        f.write(body)
        f.flush()
        with server("bare", f.name) as url:
            bare = {c: await load(url, c, seconds) for c in (1, 10)}
    print(f"warm Q2 over HTTP, response {len(body)} bytes, {seconds:.0f} s per run")
    for c in (1, 10):
        g, b = results[c], bare[c]
        print(
            f"  {c:>2} conn: gateway {g[0]:7.0f} req/s (p50 {g[1]:.1f} ms, p99 {g[2]:.1f} ms) | "
            f"bare {b[0]:7.0f} req/s (p50 {b[1]:.1f} ms, p99 {b[2]:.1f} ms) | "
            f"ratio {g[0] / b[0]:.2f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    asyncio.run(main(parser.parse_args().seconds))
