"""Admission: what a request must get past before it costs GraphQL anything.

    body caps       413 (gateway.web.bodylimit): `max_body_bytes`, `max_mutation_body_bytes`
    body arrival    408 when the POST body is not in within `body_timeout`
    body shape      400 unless the POST body is a JSON object (or, with `batching`, an array)
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
from starlette.types import Receive

from gateway.core.errors import (
    BodyTimeout,
    DeadlineExceeded,
    InputInvalid,
    RateLimitExceeded,
    Unavailable,
)
from gateway.core.settings import Settings
from gateway.web.gate import ConcurrencyGate
from gateway.web.ratelimit import RateLimits


async def read_body(receive: Receive, timeout: float, batching: bool = False) -> bytes:
    """The POST body, straight from the ASGI channel (Starlette's stream machinery costs more
    than the read); it must be a JSON object (or array, when `batching`) and arrive within
    `timeout` seconds."""
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
    start = body[:1] if body[:1] in (b"{", b"[") else body.lstrip()[:1]
    if start == b"{" or (batching and start == b"["):
        return body
    if batching:
        raise InputInvalid(
            "The request body must be a JSON object with a `query`, or an array of them."
        )
    raise InputInvalid("The request body must be a JSON object with a `query`.")


class Admission:
    """The per-key rate limit, the concurrency gate and the deadline of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rate_limits = RateLimits(settings.rate_limit_per_second, settings.rate_limit_burst)
        self.gate = ConcurrencyGate(settings.max_concurrency)

    async def enter(self, rate_key: str, operations: int = 1) -> None:
        """Take a slot of the gate, after the key's rate limit (a token per operation; shared
        through Redis when the lifespan set it up); `leave()` gives it back. (Plain calls,
        not a context manager: this is on every request's path.)"""
        wait = await self.rate_limits.acquire(rate_key, operations)
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
