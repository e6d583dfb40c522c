"""Mutation logic. Passthrough: a raw call with the caller's credentials (scope `passthrough`)."""

from __future__ import annotations

import base64
from typing import Any, Literal, cast

import orjson

from gateway.core.errors import InputInvalid
from gateway.core.scopes import require_scope
from resolvers.context import Context


def _object(value: Any, name: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InputInvalid(f"`{name}` must be a JSON object", field=name)
    return value


async def passthrough(
    ctx: Context,
    *,
    api: str,
    method: str,
    path: str,
    query: Any,
    headers: Any,
    body: Any,
    as_base64: bool,
) -> dict[str, Any]:
    require_scope(ctx.scopes, "passthrough")  # again here: the guard is not the only caller
    query_obj = _object(query, "query")
    header_obj = _object(headers, "headers")
    response = await ctx.data.client.passthrough(
        cast(Literal["API", "CAREERS"], api),
        method,
        path,
        query={str(k): v for k, v in query_obj.items()} if query_obj else None,
        headers={str(k): str(v) for k, v in header_obj.items()} if header_obj else None,
        body=body,
    )
    data: Any = None
    data_b64: str | None = None
    if as_base64:
        data_b64 = base64.b64encode(response.content).decode("ascii")
    elif response.content:
        try:
            data = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            data = response.content.decode("utf-8", errors="replace")
    return {
        "url": response.url_without_credentials,
        "status": response.status,
        "headers": response.headers,
        "data": data,
        "data_base64": data_b64,
    }
