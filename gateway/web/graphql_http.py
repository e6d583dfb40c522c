"""/graphql: the order of the checks, the reuse fast path, and Strawberry's view underneath.

    method (405) -> GraphiQL page (GET text/html, no key needed) -> Accept (406) ->
    GET CSRF rule (400) / POST content type (415) -> body arrival and shape (408, 400) ->
    key (401/403/400) -> batch shape (400) -> a body past `max_body_bytes` holding anything
    but mutations (413) -> rate limit (429, one token per operation) -> concurrency (503) ->
    reused answer -> deadline (504) -> Strawberry

A batch (a JSON array, gateway.web.batch) passes the checks once and runs each operation as
a single POST would, reuse included.

The body caps (413: `max_body_bytes`, or `max_mutation_body_bytes` for keys with `write`) are
`BodyLimitMiddleware`, around every route. Everything before Strawberry
is plain ASGI on the headers the observability middleware decoded once; a reused answer is
sent as two ASGI messages without a Request or Response object. Refusals are errors of the
tree, answered by gateway.web.errors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from gateway.core.errors import GatewayError, MethodNotAllowed, NotFound, UnknownPlatformError
from gateway.core.settings import Settings
from gateway.web import batch
from gateway.web.admission import Admission, read_body
from gateway.web.auth import Authenticator, Caller
from gateway.web.bodylimit import refuse_unless_mutations
from gateway.web.disconnect import ClientGone, cancel_on_disconnect
from gateway.web.errors import (
    ErrorShaper,
    error_response,
    from_strawberry,
    http_status,
    outcome,
)
from gateway.web.graphiql.page import GraphiQLPage
from gateway.web.negotiation import JSON, check_method, check_request, negotiate
from gateway.web.observability import RequestInfo, new_request_info, request_info
from gateway.web.reuse import Key, ResponseReuse
from loaders.responses import CachedResponse
from resolvers.services import Services

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


class GatewayGraphQL(GraphQL[Any, None]):
    """Strawberry's ASGI view behind the gateway's checks, with its errors shaped by ours."""

    def __init__(
        self,
        schema: Any,
        *,
        settings: Settings,
        authenticator: Authenticator,
        make_context: Callable[[Request, Caller], Any],
        shaper: ErrorShaper,
        services: Callable[[], Services | None],
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=settings.allow_get,
            subscription_protocols=(),
        )
        self.settings = settings
        self.authenticator = authenticator
        self.make_context = make_context
        self.shaper = shaper
        self.admission = Admission(settings)
        self.reuse = ResponseReuse(services)
        self.services = services
        self.graphiql = GraphiQLPage(settings.graphiql_cdn) if self.graphql_ide else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # made by the observability middleware; made here when mounted without it
        info = request_info(scope) or new_request_info(scope)
        media = negotiate(info.headers.get("accept"))
        try:
            await self._serve(scope, receive, send, info, media)
        except ClientGone:
            return  # nobody to answer
        except GatewayError as error:
            info.outcome = outcome(error)
            await error_response(error, media or JSON)(scope, receive, send)

    async def _serve(
        self, scope: Scope, receive: Receive, send: Send, info: RequestInfo, media: str | None
    ) -> None:
        method: str = scope["method"]
        check_method(method)
        if method == "GET" and "text/html" in info.headers.get("accept", ""):
            request = Request(scope, receive)
            if self.should_render_graphql_ide(request):  # type: ignore[arg-type]
                info.outcome = "ide"
                if self.graphiql is None:
                    raise NotFound("GraphiQL is disabled on this gateway.")
                await self.graphiql.response()(scope, receive, send)
                return
        check_request(
            method, info.headers, media, allow_get=self.allow_queries_via_get,
            csrf_strict=self.settings.csrf_strict,
        )  # fmt: skip
        media = media or JSON
        batching = self.settings.batching
        body = (
            await read_body(receive, self.settings.body_timeout, batching)
            if method == "POST"
            else b""
        )
        client = scope.get("client")
        caller = self.authenticator.authenticate(info.headers, client[0] if client else "")
        info.integration_id, info.caller_id = caller.integration.id, caller.caller_id
        elements = (
            batch.split(body, self.settings.max_batch)
            if batching and batch.is_batch(body)
            else None
        )
        if len(body) > self.settings.max_body_bytes:
            refuse_unless_mutations(elements or [body], self.settings.max_body_bytes)
        await self.admission.enter(caller.rate_key, len(elements) if elements is not None else 1)
        try:
            if elements is not None:
                async with cancel_on_disconnect(scope, receive), self.admission.deadline():
                    response = await self._batch(scope, receive, info, media, caller, elements)
            else:
                payload = body if method == "POST" else scope["query_string"]
                key, reused = await self.reuse.lookup(caller, method, media, payload)
                if reused is not None:  # memory lookups only: no deadline needed
                    info.outcome, info.operation = "ok", reused.operation
                    await _send_stored(send, reused)
                    return
                async with cancel_on_disconnect(scope, receive), self.admission.deadline():
                    response = await self._execute(scope, receive, info, media, caller, body, key)
        finally:
            self.admission.leave()
        await response(scope, receive, send)

    async def _execute(
        self, scope: Scope, receive: Receive, info: RequestInfo, media: str, caller: Caller,
        body: bytes, key: Key | None,
    ) -> Response:  # fmt: skip
        """One operation through Strawberry (`body` is its JSON object, or b"" for GET)."""
        request = Request(scope, receive)
        request._body = body  # where Starlette's `body()` finds it, for Strawberry
        state = request.state
        state.info, state.media, state.caller, state.reuse_key = info, media, caller, key
        try:
            return await self.run(request)
        except HTTPException as exc:  # Strawberry's request errors (bad JSON, no query...)
            raise from_strawberry(exc.status_code, exc.reason) from None

    async def _batch(
        self, scope: Scope, receive: Receive, info: RequestInfo, media: str, caller: Caller,
        elements: list[batch.Element],
    ) -> Response:  # fmt: skip
        async def lookup(element: bytes) -> tuple[Key | None, CachedResponse | None]:
            return await self.reuse.lookup(caller, "POST", media, element)

        async def execute(element: bytes, own: RequestInfo, key: Key | None) -> bytes:
            # a scope of its own: Starlette keeps `request.state` in the scope
            op_scope = {**scope, "state": dict(scope.get("state") or {})}
            response = await self._execute(op_scope, receive, own, media, caller, element, key)
            return bytes(response.body)

        body = await batch.run(elements, info, lookup, execute)
        return Response(body, 200, media_type=f"{media}; charset=utf-8")

    async def get_context(self, request: Any, response: Any) -> Any:
        context = self.make_context(request, request.state.caller)
        request.state.context = context
        return context

    async def get_sub_response(self, request: Any) -> Response:
        sub = await super().get_sub_response(request)
        sub.media_type = request.state.media
        request.state.sub_response = sub
        return sub

    async def execute_operation(
        self, request: Any, request_adapter: Any, request_data: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if isinstance(request_data, GraphQLRequestData):
            if not isinstance(request_data.operation_name, str | None):
                raise HTTPException(400, "The `operationName` must be a string or null.")
            match = _OPERATION.match(request_data.query or "")
            info: RequestInfo = request.state.info
            name = request_data.operation_name or (match.group(1) if match else None)
            # Logged and used as a metric label: only a valid GraphQL name, and not a long one.
            info.operation = name if name and _NAME.fullmatch(name) else None
        try:
            return await super().execute_operation(
                request, request_adapter, request_data, *args, **kwargs
            )
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError) and request.method == "GET":
                raise MethodNotAllowed(
                    "Mutations are only accepted with POST.", allow="POST"
                ) from None
            raise

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        state = request.state
        info: RequestInfo = state.info
        shaped = [self.shaper.shape(e, info.request_id) for e in result.errors or ()]
        known = [k for _, k in shaped]
        has_data = result.data is not None or any(e.path is not None for e in result.errors or ())
        body: dict[str, Any] = {"data": result.data} if has_data else {}
        if shaped:
            body["errors"] = [s for s, _ in shaped]
        extensions = {**(result.extensions or {})}
        context = getattr(state, "context", None)
        extensions.update(getattr(context, "response_extensions", None) or {})
        if extensions:
            body["extensions"] = extensions
        status = http_status(known, state.media, ran=True, data=has_data)
        state.sub_response.status_code = status
        info.outcome = _outcome(known, has_data)
        if state.reuse_key is not None and status == 200 and set(body) == {"data"}:
            # encoded once: kept for reuse and sent by `create_response`
            state.sub_response.encoded = self.encode_json(body)
            self.reuse.keep(state.reuse_key, state.sub_response.encoded, context, info.operation)
        return body  # type: ignore[return-value]

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media = sub_response.media_type or JSON
        body = getattr(sub_response, "encoded", None) or self.encode_json(response_data)
        status = sub_response.status_code or 200
        response = Response(body, status, media_type=f"{media}; charset=utf-8")
        response.headers.raw.extend(h for h in sub_response.headers.raw if h[0] != b"content-type")
        return response

    def encode_json(self, data: object) -> bytes:
        try:
            return orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS)
        except TypeError:  # e.g. an integer past 64 bits in remoteData
            return json.dumps(data, default=str).encode()

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)


def _outcome(known: list[GatewayError], has_data: bool) -> str:
    internal = any(isinstance(k, UnknownPlatformError) for k in known)
    if has_data:
        return "error" if internal else "partial" if known else "ok"
    if any(k.http_status in (401, 403) for k in known):
        return "denied"
    return "error" if all(isinstance(k, UnknownPlatformError) for k in known) else "invalid"


async def _send_stored(send: Send, entry: CachedResponse) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": list(entry.headers)})
    await send({"type": "http.response.body", "body": entry.data})
