"""The process-wide home of Flatchr clients and of the state they share per company."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from gateway.core.settings import IntegrationConfig
from gateway.flatchr.client import FlatchrClient
from gateway.flatchr.options import Breaker, ClientOptions, NoBreaker
from gateway.flatchr.throttle import Throttle
from gateway.flatchr.transport import CompanyState, Observer, Upstream


class FlatchrPool:
    """Hands out one `FlatchrClient` per integration over the one shared httpx client.

    Per Flatchr company (API host + company key, whatever integration reaches it) it keeps a
    concurrency limit (`options.per_company_concurrency` calls in flight) and the CV-download
    throttle (one call per `options.cv_download_interval` seconds). Observers registered with
    `add_observer` see every upstream attempt of every client (for metrics).
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: ClientOptions,
        breaker: Callable[[str], Breaker] | None = None,
    ) -> None:
        self.http = http
        self.settings = settings
        #: integration id -> its circuit breaker (none by default)
        self._breaker = breaker or (lambda _: NoBreaker())
        self._observers: list[Observer] = []
        self._companies: dict[tuple[str, str], CompanyState] = {}
        self._clients: dict[str, FlatchrClient] = {}

    def add_observer(self, fn: Observer) -> None:
        """Call `fn(endpoint, status, seconds, integration_id)` after every upstream attempt."""
        self._observers.append(fn)

    def client(self, integration: IntegrationConfig) -> FlatchrClient:
        """The client of `integration` (memoised by id; rebuilt if its config changed)."""
        existing = self._clients.get(integration.id)
        if existing is not None and existing.integration == integration:
            return existing
        upstream = Upstream(
            self.http,
            self.settings,
            self._company(integration),
            self._observers,
            integration.id,
        )
        client = FlatchrClient(integration, upstream, self._breaker(integration.id))
        self._clients[integration.id] = client
        return client

    def cv_throttle(self, integration: IntegrationConfig) -> Throttle:
        """The CV-download throttle of the integration's company."""
        return self._company(integration).cv_throttle

    def _company(self, integration: IntegrationConfig) -> CompanyState:
        key = (integration.api_base_url.rstrip("/"), integration.company_id)
        state = self._companies.get(key)
        if state is None:
            state = self._companies[key] = CompanyState(self.settings)
        return state
