"""GraphiQL's vendored files: what the manifest lists, and the route that serves them.

The files live in `static/` (written by `gateway.web.graphiql.refresh`, shipped as package data).
Package files sit in versioned folders (`graphiql@3.8.3/...`) and our own files are
linked with a hash of their content, so every URL names one content for ever and may be cached
for a year: a new release changes the URL, never what an old URL answers.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PATH = "/graphiql/static"
CDN_ORIGIN = "https://unpkg.com"
#: Our own files, after the packages': the page's layout and the script that starts GraphiQL.
OWN_FILES = ("page.css", "init.js")
CACHE_CONTROL = b"public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    """One file the page loads: where from, and the integrity the browser must check."""

    url: str
    integrity: str
    kind: Literal["script", "style"]
    third_party: bool = False


def sri(data: bytes) -> str:
    """Subresource-integrity value (sha384) of `data`."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def vendored_assets(
    cdn: bool = False, static_dir: Path = STATIC_DIR, base: str = STATIC_PATH
) -> list[Asset]:
    """The manifest's files in load order, from the gateway or (`cdn`) from unpkg.com; the
    same integrity either way, since both are the same npm release. Then `OWN_FILES`,
    always from the gateway, linked with a hash of their content."""
    manifest = json.loads((static_dir / "manifest.json").read_text(encoding="utf-8"))
    assets = []
    for package in manifest["packages"]:
        for file in package["files"]:
            if cdn:
                url = f"{CDN_ORIGIN}/{package['name']}@{package['version']}/{file['source']}"
            else:
                url = f"{base}/{file['path']}"
            assets.append(Asset(url, file["integrity"], _kind(url), third_party=cdn))
    for name in OWN_FILES:
        data = (static_dir / name).read_bytes()
        version = hashlib.sha256(data).hexdigest()[:12]
        assets.append(Asset(f"{base}/{name}?v={version}", sri(data), _kind(name)))
    return assets


def _kind(path: str) -> Literal["script", "style"]:
    return "style" if path.endswith(".css") else "script"


class CachedStaticFiles:
    """Starlette's StaticFiles (ETag, 304, HEAD) plus a year-long, immutable Cache-Control
    on successful answers; `nosniff` so a file is only ever used as what it is."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        self.files: ASGIApp = StaticFiles(directory=directory)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_cache(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = [*message.get("headers", [])]
                headers.append((b"cache-control", CACHE_CONTROL))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.files(scope, receive, send_with_cache)
