"""Admission: what a request must get past before it costs GraphQL anything.

    body cap        413 past `max_body_bytes`, from Content-Length or while streaming
    body arrival    408 when the POST body is not in within `body_timeout`
    body shape      400 unless the POST body is a JSON object (batches are off)
    rate limit      429 with Retry-After, per client key, shared via Redis (gateway.web.ratelimit)
    concurrency     503 with Retry-After past `max_concurrency` (gateway.web.gate)
    deadline        504 past `request_timeout`

The body is read before the rate limit and the gate: a client trickling it never holds a slot.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.core.errors import (
    BodyTimeout,
    BodyTooLarge,
    DeadlineExceeded,
    InputInvalid,
    RateLimitExceeded,
    Unavailable,
)
from gateway.core.settings import Settings
from gateway.web.errors import error_response
from gateway.web.gate import ConcurrencyGate
from gateway.web.observability import request_info
from gateway.web.ratelimit import RateLimits


class _PastCap(Exception):
    pass


class BodyLimitMiddleware:
    """413 for bodies over `max_bytes`: at once from Content-Length, else while streaming (the
    body is never read past the cap). Around every route."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        info = request_info(scope)
        declared = info.headers.get("content-length", "") if info is not None else ""
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _PastCap
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _PastCap:
            # The observability middleware (outside this one) notes when a response starts;
            # reading that instead of wrapping `send` keeps a layer off every response.
            if info is not None and info.status:
                raise
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = BodyTooLarge(f"The request body is larger than {self.max_bytes} bytes.")
        info = request_info(scope)
        if info is not None:
            info.outcome = "too_large"
        await error_response(error)(scope, receive, send)


async def read_body(receive: Receive, timeout: float) -> bytes:
    """The POST body, straight from the ASGI channel (Starlette's stream machinery costs more
    than the read); it must be a JSON object and arrive within `timeout` seconds."""
    chunks: list[bytes] = []
    try:
        async with asyncio.timeout(timeout):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientDisconnect
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        raise BodyTimeout(f"The request body did not arrive within {timeout:g} s.") from None
    body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if not body.lstrip().startswith(b"{"):
        raise InputInvalid("The request body must be a JSON object with a `query`.")
    return body


class Admission:
    """The per-key rate limit, the concurrency gate and the deadline of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rate_limits = RateLimits(settings.rate_limit_per_second, settings.rate_limit_burst)
        self.gate = ConcurrencyGate(settings.max_concurrency)

    async def enter(self, rate_key: str) -> None:
        """Take a slot of the gate, after the key's rate limit (shared through Redis when the
        lifespan set it up); `leave()` gives it back. (Plain calls, not a context manager:
        this is on every request's path.)"""
        wait = await self.rate_limits.acquire(rate_key)
        if wait > 0:
            retry = math.ceil(wait)
            raise RateLimitExceeded(
                f"Too many requests for this key; retry in {retry} s.", retry_after=retry
            )
        if not self.gate.try_enter():
            raise Unavailable(
                "The gateway is at capacity; retry shortly.",
                retry_after=self.settings.overload_retry_after,
            )

    def leave(self) -> None:
        self.gate.leave()

    @asynccontextmanager
    async def deadline(self) -> AsyncIterator[None]:
        """504 when the work inside takes longer than `request_timeout`."""
        seconds = self.settings.request_timeout
        timeout = asyncio.timeout(seconds)
        try:
            async with timeout:
                yield
        except TimeoutError:
            if not timeout.expired():
                raise
            raise DeadlineExceeded(f"The request did not finish within {seconds:g} s.") from None
