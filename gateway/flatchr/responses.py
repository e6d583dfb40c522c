"""Reading Flatchr's answers leniently: error bodies, JSON shapes, and secret removal.

Errors raised here carry short descriptions only: never a body dump, a key or a token.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

from gateway.core.errors import GatewayError, RemoteUnknownHttpError, from_upstream_status
from gateway.core.redaction import redact
from gateway.flatchr.retry import parse_retry_after

Json = dict[str, Any]

_MAX_DETAIL = 200


def error_detail(response: httpx.Response, secrets: Iterable[str] = ()) -> str | None:
    """Flatchr's own words from an error body (`{statusCode, error, message}`, where `message`
    may be a string or an object), redacted and shortened; None when there is nothing usable."""
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        return None
    text = _message_of(body)
    if not text:
        return None
    text = " ".join(redact(text, secrets).split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"


def _message_of(body: Any, depth: int = 0) -> str | None:
    if isinstance(body, str):
        return body.strip() or None
    if depth > 2:
        return None
    if isinstance(body, list):
        parts = [m for m in (_message_of(item, depth + 1) for item in body[:3]) if m]
        return "; ".join(parts) or None
    if isinstance(body, dict):
        for key in ("message", "error_description", "detail", "error", "response"):
            found = _message_of(body.get(key), depth + 1)
            if found:
                return found
    return None


def raise_for_status(response: httpx.Response, what: str, secrets: Iterable[str] = ()) -> None:
    """Translate a non-2xx answer through `gateway.core.errors.from_upstream_status`."""
    status = response.status_code
    if 200 <= status < 300:
        return
    raise error_for(response, what, secrets)


def error_for(response: httpx.Response, what: str, secrets: Iterable[str] = ()) -> GatewayError:
    return from_upstream_status(
        response.status_code,
        what,
        detail=error_detail(response, secrets),
        retry_after=parse_retry_after(response.headers.get("retry-after")),
    )


def decode_json(response: httpx.Response, what: str) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        raise RemoteUnknownHttpError(
            f"Flatchr sent a response that is not JSON ({what}; {kind}, "
            f"{len(response.content)} bytes)",
            status=response.status_code,
        ) from None


def expect_list(data: Any, what: str, *keys: str) -> list[Json]:
    """A bare JSON array of objects (or one wrapped under one of `keys`); non-objects are
    skipped, any other shape is an error."""
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        raise _shape_error(data, "a list", what)
    return [item for item in data if isinstance(item, dict)]


def expect_object(data: Any, what: str) -> Json:
    if not isinstance(data, dict):
        raise _shape_error(data, "an object", what)
    return data


def _shape_error(data: Any, expected: str, what: str) -> RemoteUnknownHttpError:
    names = {dict: "an object", list: "a list", str: "a string", type(None): "null"}
    got = names.get(type(data), type(data).__name__)
    return RemoteUnknownHttpError(f"Flatchr sent {got} where {expected} was expected ({what})")
