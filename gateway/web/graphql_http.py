"""GraphQL over HTTP: checks in front of Strawberry's view, and the one place errors are shaped.

Order for /graphql: method (405) -> GraphiQL page (GET text/html, no key needed) -> Accept
(406) -> GET CSRF rule (400) / POST content type (415) -> key (401/403/400) -> rate limit
(429) -> concurrency (503) -> deadline (504) -> Strawberry. The body cap (413) is
`BodyLimitMiddleware`, around everything.

Status codes follow the GraphQL-over-HTTP spec: with `application/graphql-response+json`, a
response without `data` (parse, validation, variables, limits) is 400; with
`application/json` it is 200. 401/403 (auth, scopes) and 429/503/504 are the same for both.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import traceback
from collections.abc import Callable, Mapping
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError, GraphQLSyntaxError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from gateway.core.errors import GatewayError, RateLimitExceeded
from gateway.core.scopes import has_scope
from gateway.core.settings import Settings
from gateway.web.auth import Authenticator, Caller
from gateway.web.graphiql.page import GraphiQLPage
from gateway.web.limits import ConcurrencyGate, RateLimiter
from gateway.web.observability import RequestInfo, request_id_from, request_info
from loaders.responses import CachedResponse
from loaders.tenant import tenant_of
from resolvers.services import Services

GQL_JSON = "application/graphql-response+json"
JSON = "application/json"
#: Any of these on a GET proves the request is not a "simple" cross-site one (CSRF).
PREFLIGHT_HEADERS = ("x-requested-with", "apollo-require-preflight", "graphql-preflight",
                     "x-apollo-operation-name")  # fmt: skip
SIMPLE_TYPES = ("", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data")
MASKED_MESSAGE = "Internal server error"
CSRF_MESSAGE = (
    "GET queries from a browser page must carry a preflight header such as "
    "`GraphQL-Preflight: 1` or `X-Requested-With: XMLHttpRequest` (CSRF protection)."
)
_MEDIA = {GQL_JSON: GQL_JSON, JSON: JSON, "application/*": JSON, "*/*": JSON}
_SUGGESTION = re.compile(r"\s*Did you mean .*$", re.DOTALL)
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")
error_log = logging.getLogger("gateway.core.errors")


class Reject(Exception):
    """Answer the request now with this status and a GraphQL-shaped error body."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "PLATFORM_INPUT_INVALID",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})
        self.extensions: dict[str, Any] = {"code": code}


class StoredResponse(Response):
    """A 200 whose header lines were built when it was stored (the reuse hot path)."""

    def __init__(self, body: bytes, headers: tuple[tuple[bytes, bytes], ...]) -> None:
        self.body = body
        self.status_code = 200
        self.background = None
        self.raw_headers = list(headers)


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header (q-values honoured), None for 406."""
    if not accept or not accept.strip():
        return JSON
    best, best_q = None, 0.0
    for part in accept.split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = next((_float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        kind = _MEDIA.get(media)
        if kind and q > best_q:
            best, best_q = kind, q
    return best


def _media_type(content_type: str) -> str:
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
    if _media_type(headers.get("content-type", "")) not in SIMPLE_TYPES:
        return False
    site = headers.get("sec-fetch-site")
    if strict or site not in (None, "same-origin", "none"):
        return True
    return site is None and "origin" in headers


def error_response(
    status: int,
    message: str,
    extensions: Mapping[str, Any],
    media: str = JSON,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A GraphQL-shaped error body (no `data`: the request was not executed)."""
    ext = {"code": "PLATFORM_INPUT_INVALID", **extensions}
    body = orjson.dumps({"errors": [{"message": message, "extensions": ext}]})
    return Response(body, status, dict(headers or {}), media_type=f"{media}; charset=utf-8")


def _innermost(error: GraphQLError) -> BaseException | None:
    original: BaseException | None = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original


class ErrorShaper:
    """Known errors keep their message and get `extensions.code`; anything else is masked
    ("Internal server error" + request id) and logged once with its traceback."""

    def __init__(self, suggestions: bool, secrets: list[str]) -> None:
        self.suggestions = suggestions
        self.secrets = [s for s in secrets if len(s) >= 6]

    def shape(self, error: GraphQLError, request_id: str) -> tuple[dict[str, Any], str]:
        out: dict[str, Any] = {}
        if error.locations:
            out["locations"] = [loc.formatted for loc in error.locations]
        if error.path is not None:
            out["path"] = error.path
        original = _innermost(error)
        if isinstance(original, GatewayError):
            return {"message": original.message, **out, "extensions": original.as_extensions()}, (
                "expected"
            )
        if (
            original is None
            or isinstance(original, GraphQLError)
            or (
                error.path is None and error.message != str(original)  # variable coercion
            )
        ):
            message = error.message if self.suggestions else _SUGGESTION.sub("", error.message)
            extensions = dict(error.extensions or {})
            extensions.setdefault("code", _default_code(error, original))
            return {"message": message, **out, "extensions": extensions}, "expected"
        self._log(error, original, request_id)
        extensions = {"code": "PLATFORM_UNKNOWN_ERROR", "requestId": request_id}
        return {"message": MASKED_MESSAGE, **out, "extensions": extensions}, "internal"

    def _log(self, error: GraphQLError, original: BaseException, request_id: str) -> None:
        tb = "".join(traceback.format_exception(original))
        fields = {"requestId": request_id, "path": error.path, "traceback": self.redact(tb)}
        error_log.error("unexpected error", extra={"fields": fields})

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


def _default_code(error: GraphQLError, original: BaseException | None) -> str:
    if isinstance(original or error, GraphQLSyntaxError):
        too_big = "tokens" in error.message or "nested too deeply" in error.message
        return "PLATFORM_QUERY_TOO_COMPLEX" if too_big else "GRAPHQL_PARSE_FAILED"
    if error.message == "Maximum introspection depth exceeded":
        return "PLATFORM_QUERY_TOO_COMPLEX"
    return "GRAPHQL_VALIDATION_FAILED" if error.path is None else "PLATFORM_UNKNOWN_ERROR"


class GatewayGraphQL(GraphQL[Any, None]):
    """Strawberry's ASGI view with the gateway's admission checks and response shaping."""

    def __init__(
        self,
        schema: Any,
        *,
        settings: Settings,
        authenticator: Authenticator,
        make_context: Callable[[Request, Caller], Any],
        shaper: ErrorShaper,
        services: Callable[[], Services | None] | None = None,
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
        self.rate_limiter = RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst)
        self.gate = ConcurrencyGate(settings.max_concurrency)
        self.services = services
        self.graphiql = GraphiQLPage(settings.graphiql_cdn) if self.graphql_ide else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        # One pass over the raw headers (the first of a repeated header wins, as in Starlette);
        # Starlette's Headers decodes every line again on each lookup.
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in reversed(scope["headers"])}
        request.state.headers = headers
        info = request_info(scope) or RequestInfo(
            request_id_from(headers.get("x-request-id")), request.method, request.url.path
        )
        request.state.info = info
        media = negotiate(headers.get("accept"))
        request.state.media = media or JSON
        try:
            response = await self._serve(request, media, info)
        except HTTPException as exc:  # Strawberry's own request errors (bad JSON, no query...)
            info.outcome = "invalid"
            response = error_response(exc.status_code, exc.reason, {}, media or JSON)
        except Reject as exc:
            response = error_response(
                exc.status, exc.message, exc.extensions, media or JSON, exc.headers
            )
        except GatewayError as exc:  # from authentication
            info.outcome = "denied" if exc.http_status in (401, 403) else "invalid"
            headers = {"WWW-Authenticate": 'Bearer realm="flatchr-gateway"'}
            headers = headers if exc.http_status == 401 else {}
            response = error_response(
                exc.http_status, exc.message, exc.as_extensions(), media or JSON, headers
            )
        await response(scope, receive, send)

    async def _serve(self, request: Request, media: str | None, info: RequestInfo) -> Response:
        if request.method not in ("GET", "POST"):
            info.outcome = "invalid"
            raise Reject(405, "Use GET or POST.", headers={"Allow": "GET, POST"})
        if request.method == "GET" and self.should_render_graphql_ide(request):  # type: ignore[arg-type]
            info.outcome = "ide"
            if self.graphiql is not None:
                return self.graphiql.response()
            raise Reject(404, "GraphiQL is disabled on this gateway.", "PLATFORM_NOT_FOUND")
        self._check_shape(request, media, info)
        if request.method == "POST":
            try:
                async with asyncio.timeout(self.settings.body_timeout):
                    await self._read_body(request, info)
            except TimeoutError:
                info.outcome = "invalid"
                message = (
                    f"The request body did not arrive within {self.settings.body_timeout:g} s."
                )
                raise Reject(408, message, headers={"Connection": "close"}) from None
        return await self._admit_and_run(request, media or JSON, info)

    async def _admit_and_run(self, request: Request, media: str, info: RequestInfo) -> Response:
        """Authenticate, apply the key's rate limit and the concurrency gate, then answer
        (from a reused response when possible). The body is already in: a client trickling
        it never holds a slot."""
        client = request.client.host if request.client else ""
        caller = self.authenticator.authenticate(request.state.headers, client)
        info.integration_id, info.caller_id = caller.integration.id, caller.caller_id
        wait = self.rate_limiter.acquire(caller.rate_key)
        if wait > 0:
            info.outcome, retry = "rate_limited", math.ceil(wait)
            message = f"Too many requests for this key; retry in {retry} s."
            raise Reject(429, message, RateLimitExceeded.code.value, {"Retry-After": str(retry)})
        if not self.gate.try_enter():
            info.outcome, retry = "overloaded", self.settings.overload_retry_after
            message = "The gateway is at capacity; retry shortly."
            raise Reject(503, message, "PLATFORM_UNAVAILABLE", {"Retry-After": str(retry)})
        request.state.caller = caller
        try:
            cached = await self._reuse(request, caller, media, info)
            if cached is not None:  # memory lookups only: no deadline needed
                return cached
            deadline = asyncio.timeout(self.settings.request_timeout)
            try:
                async with deadline:
                    return await self.run(request)
            except TimeoutError:
                if not deadline.expired():
                    raise
                info.outcome = "timeout"
                message = f"The request did not finish within {self.settings.request_timeout:g} s."
                raise Reject(504, message, "PLATFORM_TIMEOUT") from None
        finally:
            self.gate.leave()

    async def _read_body(self, request: Request, info: RequestInfo) -> None:
        """Read the POST body straight from the ASGI channel (Starlette's stream machinery
        costs more than the read) and leave it where Starlette's `body()` finds it, for
        Strawberry. It must be a JSON object (batches are off)."""
        chunks: list[bytes] = []
        while True:
            message = await request.receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = request._body = b"".join(chunks)
        if not body.lstrip().startswith(b"{"):
            info.outcome = "invalid"
            raise Reject(400, "The request body must be a JSON object with a `query`.")

    async def _reuse(
        self, request: Request, caller: Caller, media: str, info: RequestInfo
    ) -> Response | None:
        """The encoded body of the same request (same tenant, same bytes, same media type)
        answered before, if every document it was computed from is still current: the
        hot path of repeated dashboards skips GraphQL parsing and execution altogether.
        Only query results without errors are ever kept (see `_keep`)."""
        services = self.services() if self.services is not None else None
        if services is None or not has_scope(caller.scopes, "read"):
            return None
        payload = await request.body() if request.method == "POST" else request.url.query.encode()
        tenant = tenant_of(caller.integration)
        key = ("http", tenant, request.method, media, payload)
        request.state.reuse = (services, key)
        entry = services.responses.get(key)
        if entry is None or not await services.cache.still_current(tenant, entry.deps):
            return None
        services.responses.served()
        services.cache.observe("http_response", True)
        info.outcome, info.operation = "ok", entry.operation
        return StoredResponse(entry.data, entry.headers)

    def _keep(self, request: Any, body: dict[str, Any], status: int) -> None:
        reuse = getattr(request.state, "reuse", None)
        context = getattr(request.state, "context", None)
        deps = getattr(context, "cacheable_deps", None)
        if reuse is None or deps is None or status != 200 or set(body) != {"data"}:
            return
        services, key = reuse
        info: RequestInfo = request.state.info
        data = self.encode_json(body)
        media: str = key[3]
        headers = (
            (b"content-length", str(len(data)).encode()),
            (b"content-type", f"{media}; charset=utf-8".encode()),
        )
        services.responses.put(key, CachedResponse(data, deps, info.operation, headers))

    def _check_shape(self, request: Request, media: str | None, info: RequestInfo) -> None:
        info.outcome = "invalid"
        if media is None:
            raise Reject(406, f"Accept must allow {GQL_JSON} or {JSON}.")
        if request.method == "GET":
            if not self.allow_queries_via_get:
                raise Reject(405, "Send queries with POST.", headers={"Allow": "POST"})
            if csrf_blocked(request.state.headers, self.settings.csrf_strict):
                raise Reject(400, CSRF_MESSAGE)
        elif _media_type(request.state.headers.get("content-type", "")) != JSON:
            raise Reject(415, f"Send the request body as {JSON}.")
        info.outcome = None

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
                message = "Mutations are only accepted with POST."
                raise Reject(405, message, headers={"Allow": "POST"}) from None
            raise

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        info: RequestInfo = request.state.info
        errors = result.errors or []
        shaped = [self.shaper.shape(e, info.request_id) for e in errors]
        request_error = bool(errors) and result.data is None and all(e.path is None for e in errors)
        body: dict[str, Any] = {} if request_error else {"data": result.data}
        if shaped:
            body["errors"] = [s for s, _ in shaped]
        extensions = {**(result.extensions or {})}
        context = getattr(request.state, "context", None)
        extensions.update(getattr(context, "response_extensions", None) or {})
        if extensions:
            body["extensions"] = extensions
        status, kinds = 200, {k for _, k in shaped}
        info.outcome = "error" if "internal" in kinds else "partial" if errors else "ok"
        if request_error:
            denied = [o.http_status for e in errors if isinstance(o := _innermost(e), GatewayError)
                      and o.http_status in (401, 403)]  # fmt: skip
            info.outcome = "denied" if denied else "error" if kinds == {"internal"} else "invalid"
            if denied:
                status = denied[0]
            elif request.state.media == GQL_JSON:
                status = 500 if kinds == {"internal"} else 400
        request.state.sub_response.status_code = status
        self._keep(request, body, status)
        return body  # type: ignore[return-value]

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        media = sub_response.media_type or JSON
        body = self.encode_json(response_data)
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
