"""One upstream call: per-company limits, timeouts, retries, deadline, metrics and stats.

Every request to Flatchr goes through `Upstream.send`; the typed methods of `FlatchrClient`
only describe the call (`Call`) and read the answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import httpx

from gateway.core import tracing
from gateway.core.errors import from_transport_error, from_upstream_status
from gateway.flatchr import stats
from gateway.flatchr.options import ClientOptions
from gateway.flatchr.retry import (
    RetryMode,
    backoff,
    parse_retry_after,
    retryable_error,
    retryable_status,
)
from gateway.flatchr.throttle import QueueTimeout, Throttle

logger = logging.getLogger("gateway.flatchr")

#: `fn(endpoint, status, seconds, integration_id)`, called after every upstream attempt;
#: status is None when no HTTP answer came back (connect error, timeout).
Observer = Callable[[str, int | None, float, str], None]


@dataclass(frozen=True)
class Call:
    """One logical request to Flatchr (retries are attempts of the same call)."""

    endpoint: str  # id used by metrics and the simulator's log: "V1", "C1", ...
    what: str  # human name for error messages: "list vacancies"
    method: str
    url: str
    retry: RetryMode
    params: dict[str, str] | None = None
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    throttled: bool = False  # goes through the company's CV-download throttle
    follow_redirects: bool = True


class CompanyState:
    """What all integrations of one Flatchr company share in this process."""

    def __init__(self, settings: ClientOptions) -> None:
        self.semaphore = asyncio.Semaphore(settings.per_company_concurrency)
        self.cv_throttle = Throttle(settings.cv_download_interval)


class Upstream:
    """Sends `Call`s for one integration through the process-wide httpx client."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: ClientOptions,
        company: CompanyState,
        observers: Sequence[Observer],
        integration_id: str,
    ) -> None:
        self._http = http
        self._settings = settings
        self._company = company
        self._observers = observers
        self._integration_id = integration_id

    async def send(self, call: Call) -> httpx.Response:
        """Send `call`, retrying as its `RetryMode` allows within `settings.upstream_deadline`.

        Returns the last HTTP response whatever its status (callers translate statuses);
        raises `RemoteUnavailable` / `RemoteRateLimited` when no usable response came back.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._settings.upstream_deadline
        request_stats = stats.current()
        if request_stats is not None:
            request_stats.call_started()
        try:
            return await self._send(call, deadline, loop)
        finally:
            if request_stats is not None:
                request_stats.call_finished()

    async def _send(
        self, call: Call, deadline: float, loop: asyncio.AbstractEventLoop
    ) -> httpx.Response:
        attempt = 0
        while True:
            try:
                response = await self._attempt(call, deadline, loop)
            except httpx.TransportError as exc:
                # `from None`: httpx messages may quote the URL, which holds the token for C6.
                error = from_transport_error(exc, call.what)
                if attempt >= self._settings.max_retries or not retryable_error(call.retry, exc):
                    raise error from None
                delay = backoff(attempt, self._settings.retry_backoff)
                reason = type(exc).__name__
                if loop.time() + delay >= deadline:
                    raise error from None
            else:
                status = response.status_code
                if attempt >= self._settings.max_retries or not retryable_status(
                    call.retry, status
                ):
                    return response
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                delay = (
                    retry_after
                    if retry_after is not None
                    else backoff(attempt, self._settings.retry_backoff)
                )
                reason = str(status)
                if loop.time() + delay >= deadline:
                    return response
            attempt += 1
            logger.info(
                "flatchr retry",
                extra={
                    "endpoint": call.endpoint,
                    "integration": self._integration_id,
                    "attempt": attempt,
                    "reason": reason,
                    "delay": round(delay, 3),
                },
            )
            await asyncio.sleep(delay)

    async def _attempt(
        self, call: Call, deadline: float, loop: asyncio.AbstractEventLoop
    ) -> httpx.Response:
        turn: AbstractAsyncContextManager[object] = (
            self._company.cv_throttle.slot(deadline) if call.throttled else nullcontext()
        )
        try:
            async with turn:
                return await self._timed_attempt(call, deadline, loop)
        except QueueTimeout:
            raise from_upstream_status(
                429,
                f"{call.what}; queued behind other downloads of this company",
                retry_after=self._settings.cv_download_interval,
            ) from None
        except TimeoutError:
            # The total deadline passed while queued or waiting; not retryable by definition.
            raise from_transport_error(TimeoutError(), call.what) from None

    async def _timed_attempt(
        self, call: Call, deadline: float, loop: asyncio.AbstractEventLoop
    ) -> httpx.Response:
        # asyncio's timeout bounds the whole attempt even on transports that ignore httpx
        # timeouts (ASGITransport) and on bodies that trickle in below the read timeout.
        async with asyncio.timeout_at(deadline), self._company.semaphore:
            remaining = max(0.001, deadline - loop.time())
            timeout = httpx.Timeout(
                min(self._settings.read_timeout, remaining),
                connect=min(self._settings.connect_timeout, remaining),
            )
            started = loop.time()
            status: int | None = None
            try:
                with tracing.span(f"flatchr {call.endpoint}", **{"flatchr.call": call.what}) as sp:
                    response = await self._http.request(
                        call.method,
                        call.url,
                        params=call.params,
                        json=call.json,
                        content=call.content,
                        headers=call.headers,
                        timeout=timeout,
                        follow_redirects=call.follow_redirects,
                    )
                    status = response.status_code
                    if sp is not None:
                        sp.set_attribute("http.status_code", status)
                return response
            finally:
                self._record(call.endpoint, status, loop.time() - started)

    def _record(self, endpoint: str, status: int | None, seconds: float) -> None:
        request_stats = stats.current()
        if request_stats is not None:
            request_stats.record_attempt(endpoint)
        for observer in self._observers:
            try:
                observer(endpoint, status, seconds, self._integration_id)
            except Exception:
                logger.exception("flatchr observer failed", extra={"endpoint": endpoint})
