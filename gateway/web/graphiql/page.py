"""The GraphiQL page the gateway serves at GET /graphql to browsers.

Ours rather than Strawberry's template, which loads seven files from unpkg.com (and stays on
"Loading..." offline): this page loads the vendored release from `/graphiql/static/`, or, when
`cdn` is set (GATEWAY_GRAPHIQL_CDN), the same files from unpkg.com with the same integrity.
It has no inline script or style, so the Content-Security-Policy allows scripts and styles
from the gateway's own origin only (plus unpkg.com in CDN mode), and queries to itself.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from starlette.responses import HTMLResponse

from gateway.web.graphiql.assets import CDN_ORIGIN, STATIC_DIR, Asset, vendored_assets

TITLE = "Flatchr gateway · GraphiQL"
# A blank icon: the browser does not ask the gateway for /favicon.ico.
ICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


def content_security_policy(cdn: bool = False) -> str:
    """Scripts, styles and queries from the gateway only; data: for the CSS's fonts and
    images; no framing, no plugins, no <base> tricks."""
    code = f"'self' {CDN_ORIGIN}" if cdn else "'self'"
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {code}",
            f"style-src {code}",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def render_page(assets: Sequence[Asset], title: str = TITLE) -> str:
    """The HTML: stylesheets in the head, the scripts in order after the mount point."""

    def attrs(asset: Asset) -> str:
        cross = " crossorigin" if asset.third_party else ""
        return f'integrity="{html.escape(asset.integrity)}"{cross}'

    links = [
        f'<link rel="stylesheet" href="{html.escape(a.url)}" {attrs(a)}>'
        for a in assets
        if a.kind == "style"
    ]
    scripts = [
        f'<script src="{html.escape(a.url)}" {attrs(a)}></script>'
        for a in assets
        if a.kind == "script"
    ]
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{html.escape(title)}</title>",
            f'<link rel="icon" href="{ICON}">',
            *links,
            "</head>",
            "<body>",
            '<div id="graphiql" class="graphiql-container">Loading GraphiQL…</div>',
            *scripts,
            "</body>",
            "</html>",
            "",
        ]
    )


class GraphiQLPage:
    """The page, rendered once at start-up, and its response headers."""

    def __init__(self, cdn: bool = False, static_dir: Path = STATIC_DIR) -> None:
        self.html = render_page(vendored_assets(cdn, static_dir))
        self.headers = {
            "Content-Security-Policy": content_security_policy(cdn),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        }

    def response(self) -> HTMLResponse:
        return HTMLResponse(self.html, headers=self.headers)
