"""Request batching: a JSON array of operations in one POST (Apollo's `BatchHttpLink`).

    [op, op, ...]  ->  [result, result, ...]   same order, status 200, either media type

The array is split here; each element then goes the way of a single POST body (per-operation
limits, scope, reuse, errors) in its own execution with its own context, concurrently.
What happens to the whole request happens once: the key, the concurrency slot, the deadline;
the rate limit takes one token per operation. An element that is not an object answers its
own PLATFORM_INPUT_INVALID and the others still run. An empty array, one past `max_batch`,
or an array that is not JSON is refused as a whole (400).

Status: GraphQL over HTTP defines no batch, and one status cannot say "the second of three
failed", so the array is 200 for `application/json` and `application/graphql-response+json`
alike; each element carries its own `errors` and codes (docs/operations.md, "Batching").
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import orjson

from gateway.core.errors import GatewayError, InputInvalid
from gateway.web.errors import error_body, outcome
from gateway.web.observability import RequestInfo

#: a batch element: its bytes (a JSON object, re-encoded) or the error it answers with
Element = bytes | GatewayError
Lookup = Callable[[bytes], Awaitable[tuple[Any, Any]]]
Execute = Callable[[bytes, RequestInfo, Any], Awaitable[bytes]]


def is_batch(body: bytes) -> bool:
    return body[:1] == b"[" or body.lstrip()[:1] == b"["


def split(body: bytes, max_batch: int) -> list[Element]:
    """The operations of a batch body; raises InputInvalid for the whole request."""
    try:
        items = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise InputInvalid("The request body is not valid JSON.") from None
    if not isinstance(items, list) or not items:
        raise InputInvalid("A batch must be a non-empty JSON array of operations.")
    if len(items) > max_batch:
        raise InputInvalid(
            f"A batch may hold at most {max_batch} operations (got {len(items)}).",
            maxBatch=max_batch,
        )
    return [
        orjson.dumps(item)
        if isinstance(item, dict)
        else InputInvalid("Each operation of a batch must be a JSON object with a `query`.")
        for item in items
    ]


async def run(
    elements: list[Element], info: RequestInfo, lookup: Lookup, execute: Execute
) -> bytes:
    """The array answering `elements`: each reused (`lookup` -> (key, stored answer)) or
    executed (`execute(body, its own RequestInfo, key)`) as if alone, all at once."""
    infos = [replace(info, outcome=None, operation=None, extra={}) for _ in elements]

    async def one(element: Element, own: RequestInfo) -> bytes:
        if isinstance(element, GatewayError):
            own.outcome = outcome(element)
            return error_body(element)
        key, reused = await lookup(element)
        if reused is not None:
            own.outcome, own.operation = "ok", reused.operation
            return bytes(reused.data)
        try:
            return await execute(element, own, key)
        except GatewayError as error:
            own.outcome = outcome(error)
            return error_body(error)

    parts = await asyncio.gather(*(one(e, i) for e, i in zip(elements, infos, strict=True)))
    outcomes = {i.outcome for i in infos}
    info.outcome = infos[0].outcome if len(outcomes) == 1 else "partial"
    info.extra["batch"] = [i.operation for i in infos]
    return b"[" + b",".join(parts) + b"]"
