"""Which failures are retried, and how long to wait before the next attempt."""

from __future__ import annotations

import enum
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx


class RetryMode(enum.Enum):
    """How a call may be retried; chosen per endpoint, never by the caller."""

    #: Reads (GET) and the read-only search POST: connect errors, timeouts, 429 and 5xx.
    IDEMPOTENT = "idempotent"
    #: Writes: only when the request provably never left this process.
    CONNECT_ONLY = "connect_only"
    #: Candidate creation: a retry could create a second application.
    NEVER = "never"


#: Transport failures that happen before a single byte of the request is sent.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def retryable_status(mode: RetryMode, status: int) -> bool:
    return mode is RetryMode.IDEMPOTENT and (status == 429 or status >= 500)


def retryable_error(mode: RetryMode, exc: httpx.TransportError) -> bool:
    if mode is RetryMode.NEVER:
        return False
    if isinstance(exc, _NEVER_SENT):
        return True
    return mode is RetryMode.IDEMPOTENT


def backoff(attempt: int, base: float) -> float:
    """Exponential backoff with full jitter: uniform in [0, base * 2**attempt]."""
    return random.uniform(0.0, base * (2**attempt))


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)
