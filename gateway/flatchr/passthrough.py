"""Passthrough requests: a caller-chosen path on one of the integration's Flatchr hosts.

The path is validated so that the integration's credentials can only ever go to that host;
credentials never appear in what is returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

import httpx

from gateway.core.errors import InputInvalid
from gateway.flatchr.retry import RetryMode
from gateway.flatchr.transport import Call

PassthroughApi = Literal["API", "CAREERS"]

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Request headers a caller may not set: ours (credentials, host) or hop-by-hop.
_BLOCKED_REQUEST_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "host",
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "te",
        "trailer",
        "upgrade",
        "forwarded",
    }
)
#: Response headers that do not describe the returned bytes (httpx decoded them) or are hop-by-hop.
_DROPPED_RESPONSE_HEADERS = frozenset(
    {"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"}
)
_CREDENTIAL_PARAMS = frozenset({"token", "api_key", "apikey", "access_token"})


@dataclass(frozen=True, slots=True)
class PassthroughResponse:
    """Flatchr's answer as it came, minus credentials and cookies."""

    url_without_credentials: str
    status: int
    headers: dict[str, str]
    content: bytes
    content_type: str | None


def build_call(
    base: str,
    method: str,
    path: str,
    query: dict[str, Any] | None,
    headers: dict[str, str] | None,
    body: Any,
    credentials: dict[str, str],
) -> Call:
    """The upstream call for a passthrough request on `base`, or `InputInvalid`.

    Only GETs are retried; redirects are not followed (the status goes back as it is).
    """
    verb = validate_method(method)
    content, json_body = request_body(body)
    return Call(
        "PT",
        f"passthrough {verb}",
        verb,
        base + validate_path(path),
        RetryMode.IDEMPOTENT if verb == "GET" else RetryMode.NEVER,
        params=request_params(query) or None,
        json=json_body,
        content=content,
        headers={**request_headers(headers), **credentials},
        follow_redirects=False,
    )


def validate_path(path: str) -> str:
    """Accept only an absolute path on the chosen host; raise `InputInvalid` otherwise.

    Percent-encoded forms are decoded (repeatedly) before checking, so `%2e%2e` is `..`.
    """
    if not isinstance(path, str) or not path.startswith("/"):
        raise InputInvalid("Passthrough path must start with '/'", field="path")
    candidates = [path]
    decoded = path
    for _ in range(3):
        decoded = unquote(decoded)
        candidates.append(decoded)
    for text in candidates:
        problem = _path_problem(text)
        if problem:
            raise InputInvalid(f"Passthrough path is not allowed: {problem}", field="path")
    return path


def _path_problem(text: str) -> str | None:
    if _CONTROL.search(text):
        return "it contains control characters"
    if "\\" in text:
        return "it contains a backslash"
    if text.startswith("//"):
        return "it starts with '//' (a host)"
    if "://" in text or _SCHEME.match(text):
        return "it contains a URL scheme"
    if "@" in text:
        return "it contains '@'"
    if ".." in text:
        return "it contains '..'"
    if "?" in text or "#" in text:
        return "query parameters go in `query`, fragments are not sent"
    return None


def validate_method(method: str) -> str:
    upper = method.upper()
    if upper not in METHODS:
        raise InputInvalid(f"Passthrough method {method!r} is not supported", field="method")
    return upper


#: an HTTP header name (RFC 9110 token)
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def request_headers(headers: dict[str, str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in (headers or {}).items():
        lower = name.lower()
        if lower in _BLOCKED_REQUEST_HEADERS or lower.startswith(("proxy-", "x-forwarded-")):
            continue
        if not _TOKEN.fullmatch(name) or _CONTROL.search(value) or not _latin1(value):
            raise InputInvalid(f"Passthrough header {name!r} is not valid", field="headers")
        out[name] = value
    return out


def request_params(query: dict[str, Any] | None) -> dict[str, str]:
    """Query values as strings; credential parameters from the caller are dropped (the gateway
    adds the integration's own credentials as a header)."""
    out: dict[str, str] = {}
    for name, value in (query or {}).items():
        if name.lower() in _CREDENTIAL_PARAMS or value is None:
            continue
        if isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, list | tuple):
            out[name] = ",".join(str(v) for v in value)
        else:
            out[name] = str(value)
    return out


def request_body(body: Any) -> tuple[bytes | None, Any]:
    """(raw content, JSON value): bytes and text are sent as they are, anything else as JSON."""
    if body is None:
        return None, None
    if isinstance(body, bytes):
        return body, None
    if isinstance(body, str):
        return body.encode("utf-8"), None
    return None, body


def response_of(response: httpx.Response) -> PassthroughResponse:
    headers = {
        name: value
        for name, value in response.headers.items()
        if "cookie" not in name and "auth" not in name and name not in _DROPPED_RESPONSE_HEADERS
    }
    return PassthroughResponse(
        url_without_credentials=str(_without_credentials(response.request.url)),
        status=response.status_code,
        headers=headers,
        content=response.content,
        content_type=response.headers.get("content-type"),
    )


def _without_credentials(url: httpx.URL) -> httpx.URL:
    params = [(k, v) for k, v in url.params.multi_items() if k.lower() not in _CREDENTIAL_PARAMS]
    return url.copy_with(username=None, password=None, params=params, fragment=None)
