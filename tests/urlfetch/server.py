"""A small file server for the fetch tests, run by uvicorn in a thread (plain HTTP or TLS)."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from simulator.server import serve_in_thread

PDF = b"%PDF-1.4\n% a CV served over HTTP\n%%EOF\n"


async def cv(request: Request) -> Response:
    return Response(PDF, media_type="application/pdf")


async def same_host(request: Request) -> Response:
    return RedirectResponse("/cv.pdf", status_code=302)


async def other_host(request: Request) -> Response:
    # the same server under another name: only the host differs
    return RedirectResponse(f"http://localhost:{request.url.port}/cv.pdf", status_code=302)


async def loop(request: Request) -> Response:
    return RedirectResponse("/loop", status_code=307)


async def big(request: Request) -> Response:
    return Response(b"%PDF-" + b"x" * 5000, media_type="application/pdf")


async def big_stream(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(50):
            yield b"x" * 100

    return StreamingResponse(chunks(), media_type="application/pdf")


async def slow(request: Request) -> Response:
    async def trickle() -> AsyncIterator[bytes]:
        for _ in range(200):
            yield b"x"
            await asyncio.sleep(0.05)

    return StreamingResponse(trickle(), media_type="application/pdf")


async def gzipped(request: Request) -> Response:
    body = gzip.compress(PDF)
    return Response(body, media_type="application/pdf", headers={"Content-Encoding": "gzip"})


async def missing(request: Request) -> Response:
    return PlainTextResponse("no such file", status_code=404)


async def host(request: Request) -> Response:
    return PlainTextResponse(request.headers.get("host", ""))


APP = Starlette(
    routes=[
        Route("/cv.pdf", cv),
        Route("/same", same_host),
        Route("/other", other_host),
        Route("/loop", loop),
        Route("/big", big),
        Route("/big-stream", big_stream),
        Route("/slow", slow),
        Route("/gzip", gzipped),
        Route("/missing", missing),
        Route("/host", host),
    ]
)


@contextmanager
def serve(certfile: str | None = None, keyfile: str | None = None) -> Iterator[int]:
    """Serve APP on 127.0.0.1 (TLS when a certificate is given); yield the port."""
    tls = {"ssl_certfile": certfile, "ssl_keyfile": keyfile} if certfile else {}
    with serve_in_thread(APP, log_level="critical", timeout_graceful_shutdown=1, **tls) as url:
        yield int(url.rsplit(":", 1)[1])
