"""What the Flatchr client needs to know about the process: timeouts, retries, per-company limits.

A small value object, so the client depends on these seven numbers and not on the gateway's
whole settings; the HTTP app builds it from its settings (`resolvers.services.client_options`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Protocol


class Breaker(Protocol):
    """A circuit breaker (gateway.store.breaker.CircuitBreaker): `guard()` raises
    RemoteUnavailable at once while Flatchr is considered down, else records the call's
    outcome. The client does not import the store: the app hands breakers in."""

    def guard(self) -> AbstractContextManager[None]: ...


class NoBreaker:
    """Every call goes through."""

    def guard(self) -> AbstractContextManager[None]:
        return nullcontext()


@dataclass(frozen=True, slots=True)
class ClientOptions:
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    #: total time for one logical call, retries included
    upstream_deadline: float = 45.0
    max_retries: int = 3
    retry_backoff: float = 0.2
    #: calls in flight per Flatchr company, in this process
    per_company_concurrency: int = 8
    #: seconds between two CV downloads (C6) of one company
    cv_download_interval: float = 1.0
