"""Process-wide services, created once in the Starlette lifespan and shared by every request.

Nothing here holds per-request or per-tenant state in a way that could leak: the Flatchr pool
keys everything by integration, and the cache namespaces every key by tenant.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from gateway.config import Settings


@dataclass
class Services:
    settings: Settings
    http: httpx.AsyncClient

    @classmethod
    async def start(
        cls, settings: Settings, transport: httpx.AsyncBaseTransport | None = None
    ) -> Services:
        """Build the shared httpx client (explicit timeouts and limits).

        `transport` lets tests and the demo route upstream calls to an in-process simulator
        (`httpx.ASGITransport`); production leaves it None.
        """
        http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            limits=httpx.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=settings.max_connections,
            ),
            follow_redirects=True,
        )
        return cls(settings=settings, http=http)

    async def aclose(self) -> None:
        await self.http.aclose()
