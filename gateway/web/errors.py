"""The one place a failure becomes an HTTP answer.

    classify(GraphQLError) -> the error of the tree it is (or None: unexpected)
    ErrorShaper.shape(error, request_id) -> the GraphQL error object sent to the caller
    http_status(errors, media, ...) -> the response status
    error_response(error, media) -> a whole answer for a refused request (error_body: its body)

graphql-core's errors are classified by where they come from, never by their text: an
`original_error` of the tree is itself; a syntax error is GRAPHQL_PARSE_FAILED; an error
without a path and without a foreign cause (validation rules, operation selection, variable
coercion) is GRAPHQL_VALIDATION_FAILED. Token and nesting limits raise QueryTooComplex
where they are measured (gateway.web.guard). Anything else is masked ("Internal server
error" + request id) and logged once, with secrets removed from its traceback.
"""

from __future__ import annotations

import logging
import math
import re
import traceback
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLSyntaxError, VariableDefinitionNode
from starlette.responses import Response

from gateway.core.errors import (
    AuthenticationInvalid,
    BodyTimeout,
    BodyTooLarge,
    DeadlineExceeded,
    GatewayError,
    GraphQLParseFailed,
    GraphQLValidationFailed,
    InputInvalid,
    MethodNotAllowed,
    RateLimitExceeded,
    Unavailable,
    UnknownPlatformError,
    UnsupportedMediaType,
)
from gateway.core.redaction import redact
from gateway.web.negotiation import GQL_JSON, JSON

MASKED_MESSAGE = "Internal server error"
_SUGGESTION = re.compile(r"\s*Did you mean .*$", re.DOTALL)
error_log = logging.getLogger("gateway.core.errors")


def innermost(error: GraphQLError) -> BaseException | None:
    original: BaseException | None = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original


def classify(error: GraphQLError) -> GatewayError | None:
    """The tree's error for a graphql-core error, by its origin; None when unexpected."""
    original = innermost(error)
    if isinstance(original, GatewayError):
        return original
    if isinstance(error, GraphQLSyntaxError) or isinstance(original, GraphQLSyntaxError):
        return GraphQLParseFailed(error.message)
    if error.path is None and (
        original is None or isinstance(original, GraphQLError) or _from_variables(error)
    ):
        return GraphQLValidationFailed(error.message)
    return None


def _from_variables(error: GraphQLError) -> bool:
    """graphql-core reports a variable it could not coerce at the variable's definition."""
    nodes = error.nodes or ()
    return bool(nodes) and all(isinstance(n, VariableDefinitionNode) for n in nodes)


class ErrorShaper:
    """Known errors keep their message and get `extensions.code`; anything else is masked
    and logged once with its traceback."""

    def __init__(self, suggestions: bool, secrets: Iterable[str]) -> None:
        self.suggestions = suggestions
        self.secrets = tuple(secrets)

    def shape(
        self, error: GraphQLError | GatewayError, request_id: str
    ) -> tuple[dict[str, Any], GatewayError]:
        """The error as the caller sees it, and the tree's error it was classified as."""
        if isinstance(error, GatewayError):
            return _body(error, {}), error
        out: dict[str, Any] = {}
        if error.locations:
            out["locations"] = [loc.formatted for loc in error.locations]
        if error.path is not None:
            out["path"] = error.path
        known = classify(error)
        if known is None:
            self._log(error, request_id)
            masked = UnknownPlatformError(MASKED_MESSAGE, requestId=request_id)
            return _body(masked, out), masked
        shaped = _body(known, out, error.extensions)
        if isinstance(known, GraphQLValidationFailed) and not self.suggestions:
            shaped["message"] = _SUGGESTION.sub("", known.message)
        return shaped, known

    def _log(self, error: GraphQLError, request_id: str) -> None:
        cause = innermost(error) or error
        tb = "".join(traceback.format_exception(cause))
        fields = {"requestId": request_id, "path": error.path, "traceback": self.redact(tb)}
        error_log.error("unexpected error", extra={"fields": fields})

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)


def _body(
    error: GatewayError, where: dict[str, Any], extensions: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "message": error.message,
        **where,
        "extensions": {**(extensions or {}), **error.as_extensions()},
    }


def http_status(
    errors: Sequence[GatewayError], media: str = JSON, *, ran: bool = False, data: bool = False
) -> int:
    """The one function that decides a response's status.

    A response with `data` is 200. A request refused before GraphQL ran (`ran` False) gets
    its error's own status. A GraphQL request that produced no data keeps 401/403; otherwise
    (GraphQL over HTTP) `application/json` answers 200 and
    `application/graphql-response+json` 400, or 500 when every error is unexpected.
    """
    if data or not errors:
        return 200
    if not ran:
        return errors[0].http_status
    denied = next((e.http_status for e in errors if e.http_status in (401, 403)), None)
    if denied is not None:
        return denied
    if media != GQL_JSON:
        return 200
    return 500 if all(isinstance(e, UnknownPlatformError) for e in errors) else 400


def outcome(error: GatewayError) -> str:
    """The `outcome` label of the request metrics and the access log."""
    if error.http_status in (401, 403):
        return "denied"
    if isinstance(error, RateLimitExceeded):
        return "rate_limited"
    if isinstance(error, Unavailable):
        return "overloaded"
    if isinstance(error, DeadlineExceeded):
        return "timeout"
    if isinstance(error, BodyTooLarge):
        return "too_large"
    return "invalid"


def headers_for(error: GatewayError) -> dict[str, str]:
    headers: dict[str, str] = {}
    if isinstance(error, AuthenticationInvalid):
        headers["WWW-Authenticate"] = 'Bearer realm="flatchr-gateway"'
    if isinstance(error, MethodNotAllowed):
        headers["Allow"] = error.allow
    retry_after = getattr(error, "retry_after", None)
    if isinstance(error, RateLimitExceeded | Unavailable) and retry_after is not None:
        headers["Retry-After"] = str(math.ceil(retry_after))
    if isinstance(error, BodyTooLarge | BodyTimeout):
        headers["Connection"] = "close"  # the rest of the body is never read
    return headers


def error_body(error: GatewayError) -> bytes:
    """A refused operation's answer: a GraphQL-shaped body without `data`."""
    return orjson.dumps({"errors": [_body(error, {})]})


def error_response(error: GatewayError, media: str = JSON) -> Response:
    """A refused request: a GraphQL-shaped body without `data` (nothing was executed)."""
    return Response(
        error_body(error), http_status([error]), headers_for(error),
        media_type=f"{media}; charset=utf-8",
    )  # fmt: skip


def from_strawberry(status: int, reason: str) -> GatewayError:
    """Strawberry's HTTPException as an error of the tree."""
    if status == 405:
        return MethodNotAllowed(reason, allow="POST")
    if status == 415:
        return UnsupportedMediaType(reason)
    return InputInvalid(reason)
