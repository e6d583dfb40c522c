"""What a /graphql request may look like before anything else runs: its method, the media type
it accepts, its content type, and the CSRF rule for GET queries (GraphQL over HTTP).

Every refusal is an error of the tree (gateway.core.errors); `check_request` raises it.
"""

from __future__ import annotations

from collections.abc import Mapping

from gateway.core.errors import (
    CsrfBlocked,
    MethodNotAllowed,
    NotAcceptable,
    UnsupportedMediaType,
)

GQL_JSON = "application/graphql-response+json"
JSON = "application/json"
#: Any of these on a GET proves the request is not a "simple" cross-site one (CSRF).
PREFLIGHT_HEADERS = ("x-requested-with", "apollo-require-preflight", "graphql-preflight",
                     "x-apollo-operation-name")  # fmt: skip
SIMPLE_TYPES = ("", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data")
CSRF_MESSAGE = (
    "GET queries from a browser page must carry a preflight header such as "
    "`GraphQL-Preflight: 1` or `X-Requested-With: XMLHttpRequest` (CSRF protection)."
)
_MEDIA = {GQL_JSON: GQL_JSON, JSON: JSON, "application/*": JSON, "*/*": JSON}
#: the Accept headers seen most, answered without parsing (a client sends the same one always)
_KNOWN_ACCEPT: dict[str, str | None] = {}


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header (q-values honoured), None for 406."""
    if not accept or not accept.strip():
        return JSON
    known = _KNOWN_ACCEPT.get(accept, "")
    if known != "":
        return known
    best, best_q = None, 0.0
    for part in accept.split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = next((_float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        kind = _MEDIA.get(media)
        if kind and q > best_q:
            best, best_q = kind, q
    if len(_KNOWN_ACCEPT) < 256:  # bounded: callers choose the header
        _KNOWN_ACCEPT[accept] = best
    return best


def media_type(content_type: str) -> str:
    """`application/json; charset=utf-8` -> `application/json` (the stdlib email parser that
    Strawberry uses for this costs tens of microseconds a request)."""
    return content_type.split(";", 1)[0].strip().lower()


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def csrf_blocked(headers: Mapping[str, str], strict: bool) -> bool:
    """A GET query runs if it carries a preflight header, `Authorization` (which a browser
    only sends cross-site after a CORS preflight we never grant) or a non-simple content type;
    otherwise only if it does not come from a browser page (no `Origin`, `Sec-Fetch-Site`
    absent, `same-origin` or `none`). `strict` drops that last allowance."""
    if any(h in headers for h in (*PREFLIGHT_HEADERS, "authorization")):
        return False
    if media_type(headers.get("content-type", "")) not in SIMPLE_TYPES:
        return False
    site = headers.get("sec-fetch-site")
    if strict or site not in (None, "same-origin", "none"):
        return True
    return site is None and "origin" in headers


def check_method(method: str) -> None:
    if method not in ("GET", "POST"):
        raise MethodNotAllowed("Use GET or POST.", allow="GET, POST")


def check_request(
    method: str,
    headers: Mapping[str, str],
    media: str | None,
    *,
    allow_get: bool,
    csrf_strict: bool,
) -> None:
    """Accept (406), then GET allowed (405) and the CSRF rule (400), or the POST content type
    (415)."""
    if media is None:
        raise NotAcceptable(f"Accept must allow {GQL_JSON} or {JSON}.")
    if method == "GET":
        if not allow_get:
            raise MethodNotAllowed("Send queries with POST.", allow="POST")
        if csrf_blocked(headers, csrf_strict):
            raise CsrfBlocked(CSRF_MESSAGE)
    elif media_type(headers.get("content-type", "")) != JSON:
        raise UnsupportedMediaType(f"Send the request body as {JSON}.")
