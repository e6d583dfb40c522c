"""Fetch a caller-given attachment URL without letting it reach inside our network (SSRF).

Rules: https only (http only for allow-listed hosts); no credentials in the URL; the host is
resolved once and every address must be public unless the host is allow-listed; the request
goes to the vetted IP with the original Host header and TLS SNI/certificate check on the
host name (so DNS rebinding cannot swap the address); redirects are followed only on the same
host, each hop vetted again; the body is capped (Content-Length first, then while reading) and
the whole fetch, body included, has one deadline so a trickling server is cut off. Each call
uses its own client that ignores proxy settings from the environment, so connections pinned
to an address are never shared with another host.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from gateway.core.errors import InputInvalid
from gateway.urlfetch.addresses import Resolver, refusal, resolve, system_resolver

USER_AGENT = "flatchr-gateway/attachment-fetch"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchRefused(InputInvalid):
    """The URL may not be fetched, or fetching it failed; `reason` is a stable word
    (scheme, credentials, host, address, redirect, status, encoding, too_large, timeout,
    unreachable)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class FetchedFile:
    data: bytes
    #: the server's Content-Type header as sent, or None
    content_type: str | None
    #: the URL the bytes came from (after same-host redirects)
    url: str


async def fetch_attachment(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    allow_hosts: frozenset[str] = frozenset(),
    max_redirects: int = 3,
    resolver: Resolver | None = None,
    verify: ssl.SSLContext | bool = True,
) -> FetchedFile:
    """GET `url` under the rules above; `FetchRefused` (PLATFORM_INPUT_INVALID) otherwise."""
    hosts = frozenset(h.lower() for h in allow_hosts)
    try:
        async with asyncio.timeout(timeout):
            return await _fetch(
                httpx.URL(url), max_bytes, timeout, hosts, max_redirects,
                resolver or system_resolver, verify,
            )  # fmt: skip
    except TimeoutError:
        raise FetchRefused(f"Fetching the file took over {timeout:g}s", reason="timeout") from None
    except httpx.InvalidURL:
        raise FetchRefused("Not a valid URL", reason="scheme") from None


async def _fetch(
    url: httpx.URL,
    max_bytes: int,
    timeout: float,
    allow_hosts: frozenset[str],
    max_redirects: int,
    resolver: Resolver,
    verify: ssl.SSLContext | bool,
) -> FetchedFile:
    origin_host = url.host.lower()
    async with httpx.AsyncClient(
        verify=verify, trust_env=False, follow_redirects=False, timeout=timeout
    ) as client:
        for _ in range(max_redirects + 1):
            request = await _pinned_request(client, url, allow_hosts, resolver)
            with _transport_errors(f"Could not fetch the file from {url.host}"):
                response = await client.send(request, stream=True)
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    url = url.join(response.headers["location"])
                    if url.host.lower() != origin_host:
                        raise FetchRefused(
                            f"{origin_host} redirects to another host ({url.host})",
                            reason="redirect",
                        )
                    continue
                return await _read(response, url, max_bytes)
            finally:
                await response.aclose()
    raise FetchRefused(f"More than {max_redirects} redirects", reason="redirect")


async def _pinned_request(
    client: httpx.AsyncClient, url: httpx.URL, allow_hosts: frozenset[str], resolver: Resolver
) -> httpx.Request:
    host = url.raw_host.decode("ascii").lower()  # IDNA form: what DNS and TLS see
    allowed = host in allow_hosts or url.host.lower() in allow_hosts
    if url.scheme != "https" and not (url.scheme == "http" and allowed):
        raise FetchRefused("Only https URLs are fetched", reason="scheme")
    if url.userinfo:
        raise FetchRefused("A URL with credentials in it is not fetched", reason="credentials")
    if not host:
        raise FetchRefused("The URL has no host", reason="host")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = await resolve(host, port, resolver)
    except OSError:
        raise FetchRefused(f"{host} cannot be resolved", reason="unreachable") from None
    if not allowed:
        for address in addresses:
            why = refusal(address)
            if why is not None:
                raise FetchRefused(f"{host} resolves to {why}", reason="address")
    pinned = url.copy_with(host=str(addresses[0]))
    headers = {
        "Host": url.netloc.decode("ascii"),
        "Accept-Encoding": "identity",
        "User-Agent": USER_AGENT,
    }
    extensions = {"sni_hostname": host} if url.scheme == "https" else {}
    return client.build_request("GET", pinned, headers=headers, extensions=extensions)


async def _read(response: httpx.Response, url: httpx.URL, max_bytes: int) -> FetchedFile:
    if response.status_code != 200:
        raise FetchRefused(
            f"{url.host} answered {response.status_code} for the file", reason="status"
        )
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise FetchRefused(f"{url.host} sent the file {encoding}-encoded", reason="encoding")
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchRefused(
            f"The file is {int(declared)} bytes; at most {max_bytes} allowed", reason="too_large"
        )
    chunks: list[bytes] = []
    size = 0
    with _transport_errors(f"The file could not be read from {url.host}"):
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > max_bytes:
                raise FetchRefused(
                    f"The file is larger than the {max_bytes} bytes allowed", reason="too_large"
                )
            chunks.append(chunk)
    return FetchedFile(b"".join(chunks), response.headers.get("content-type"), str(url))


@contextlib.contextmanager
def _transport_errors(message: str) -> Iterator[None]:
    """httpx's failures as ours: a timeout becomes the TimeoutError the caller reports with the
    whole fetch's limit; any other is `unreachable`, named by its type (never its text, which
    may quote the pinned address)."""
    try:
        yield
    except httpx.TimeoutException:
        raise TimeoutError from None
    except httpx.HTTPError as exc:
        raise FetchRefused(f"{message}: {type(exc).__name__}", reason="unreachable") from None
