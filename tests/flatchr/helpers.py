"""Test helpers: fast settings, integrations pointing at a simulator, its hooks."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import httpx
from pydantic import SecretStr

from gateway.core.settings import IntegrationConfig
from gateway.flatchr.options import ClientOptions

SIM = "http://sim"

#: Small delays so that the suite stays fast; tests override what they exercise.
FAST: dict[str, Any] = {
    "retry_backoff": 0.01,
    "max_retries": 3,
    "upstream_deadline": 5.0,
    "connect_timeout": 1.0,
    "read_timeout": 2.0,
    "cv_download_interval": 1.0,
    "per_company_concurrency": 8,
}


def fast_settings(**overrides: Any) -> ClientOptions:
    return ClientOptions(**{**FAST, **overrides})


def integration_for(company: Any, base: str = SIM, **overrides: Any) -> IntegrationConfig:
    values: dict[str, Any] = {
        "id": f"it-{company.slug}",
        "company_id": company.hashid,
        "api_key": SecretStr(company.api_key),
        "slug": company.slug,
        "api_base_url": base,
        "careers_base_url": f"{base}/careers",
    }
    values.update(overrides)
    return IntegrationConfig(**values)


def closed_port_url() -> str:
    """A local URL nothing listens on (the port was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class Sim:
    """The simulator's test hooks (request log and fault switches), over the same transport."""

    def __init__(self, http: httpx.AsyncClient, base: str = SIM) -> None:
        self.http = http
        self.base = base

    async def counts(self) -> dict[str, int]:
        response = await self.http.get(f"{self.base}/_sim/log")
        response.raise_for_status()
        counts: dict[str, int] = response.json()["counts"]
        return {k: v for k, v in counts.items() if v}

    async def settled_counts(self, expected: dict[str, int], wait: float = 2.0) -> dict[str, int]:
        """Counts once they equal `expected` or `wait` seconds passed: over real sockets the
        simulator logs a request it held open only after it notices the client went away."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + wait
        while (counts := await self.counts()) != expected and loop.time() < give_up:
            await asyncio.sleep(0.02)
        return counts

    async def log(self) -> dict[str, Any]:
        response = await self.http.get(f"{self.base}/_sim/log")
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    async def clear_log(self) -> None:
        (await self.http.delete(f"{self.base}/_sim/log")).raise_for_status()

    async def fault(self, endpoint: str, **options: Any) -> None:
        body = {"endpoint": endpoint, **options}
        (await self.http.post(f"{self.base}/_sim/faults", json=body)).raise_for_status()

    async def clear_faults(self) -> None:
        (await self.http.delete(f"{self.base}/_sim/faults")).raise_for_status()
