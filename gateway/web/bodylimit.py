"""Request-body caps per operation kind (413, PLATFORM_INPUT_INVALID).

    max_body_bytes            every body (queries: a page's query and variables)
    max_mutation_body_bytes   callers whose key has `write`: attachments arrive base64-encoded
                              in a mutation (4/3 of `attachment_max_total_bytes`, plus JSON)

`BodyLimitMiddleware` picks the cap from the headers, before reading: a Content-Length past
`max_body_bytes` from a caller without `write` is refused at once, unread; any other body
stops being read at its cap. The key is only looked at when the body may be past
`max_body_bytes` (a Content-Length above it, or none), so ordinary requests pay nothing.
Once the body is in, `refuse_unless_mutations` refuses a body past `max_body_bytes` unless
every operation in it is a mutation (the large cap is for writes, not for queries).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import orjson
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.core.errors import BodyTooLarge, GatewayError
from gateway.web.errors import error_response
from gateway.web.observability import request_info

#: a mutation's document is small (its files travel in variables): past this, not one
_MAX_TOKENS = 5000


class _PastCap(Exception):
    pass


class BodyLimitMiddleware:
    """413 for bodies over the caller's cap: at once from Content-Length, else while streaming
    (the body is never read past the cap). Around every route."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        mutation_max_bytes: int | None = None,
        may_write: Callable[[Mapping[str, str]], bool] = lambda headers: False,
    ) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.mutation_max_bytes = max(mutation_max_bytes or max_bytes, max_bytes)
        self.may_write = may_write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        info = request_info(scope)
        headers = info.headers if info is not None else {}
        declared = headers.get("content-length", "")
        cap = self.max_bytes
        small = declared.isdigit() and int(declared) <= cap
        if not small and self.mutation_max_bytes > cap and self.may_write(headers):
            cap = self.mutation_max_bytes
        if declared.isdigit() and int(declared) > cap:
            await self._reject(scope, receive, send, cap)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > cap:
                raise _PastCap
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _PastCap:
            # The observability middleware (outside this one) notes when a response starts;
            # reading that instead of wrapping `send` keeps a layer off every response.
            if info is not None and info.status:
                raise
            await self._reject(scope, receive, send, cap)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, cap: int) -> None:
        error = BodyTooLarge(f"The request body is larger than {cap} bytes.", maxBytes=cap)
        info = request_info(scope)
        if info is not None:
            info.outcome = "too_large"
        await error_response(error)(scope, receive, send)


def refuse_unless_mutations(operations: Sequence[bytes | GatewayError], max_bytes: int) -> None:
    """413 for a body past `max_bytes` unless each of its operations (one, or a batch's) is a
    mutation."""
    if not all(isinstance(op, bytes) and _is_mutation(op) for op in operations):
        raise BodyTooLarge(
            f"Only mutations may send a request body larger than {max_bytes} bytes.",
            maxBytes=max_bytes,
        )


def _is_mutation(body: bytes) -> bool:
    try:
        data = orjson.loads(body)
        query, name = data.get("query"), data.get("operationName")
        document = parse(query, no_location=True, max_tokens=_MAX_TOKENS)
    except (orjson.JSONDecodeError, AttributeError, TypeError, GraphQLError):
        return False
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in ops if name is None or (o.name is not None and o.name.value == name)]
    return len(chosen) == 1 and chosen[0].operation == OperationType.MUTATION
