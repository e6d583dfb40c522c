"""The gateway's one error tree; every failure the caller may see is one of these.

    GatewayError (code, message, extensions)            HTTP status when it ends a request
    ├── PlatformError                 problems on our side of the wire, or with the caller's input
    │   ├── InputInvalid              PLATFORM_INPUT_INVALID                    400
    │   │   ├── CsrfBlocked           a browser GET without a preflight header  400
    │   │   ├── MethodNotAllowed      not GET/POST; mutations over GET          405 (Allow)
    │   │   ├── NotAcceptable         Accept allows no JSON type                406
    │   │   ├── BodyTimeout           the body did not arrive in time           408
    │   │   ├── BodyTooLarge          past `max_body_bytes`                     413
    │   │   └── UnsupportedMediaType  POST body not application/json            415
    │   ├── GraphQLParseFailed        GRAPHQL_PARSE_FAILED (a syntax error)     400 *
    │   ├── GraphQLValidationFailed   GRAPHQL_VALIDATION_FAILED                 400 *
    │   ├── AuthenticationInvalid     PLATFORM_AUTHENTICATION_INVALID           401
    │   ├── PermissionMissing         PLATFORM_PERMISSION_MISSING               403
    │   ├── RateLimitExceeded         PLATFORM_RATE_LIMIT_EXCEEDED              429 (Retry-After)
    │   ├── QueryTooComplex           PLATFORM_QUERY_TOO_COMPLEX                400 *
    │   ├── NotFound                  PLATFORM_NOT_FOUND                        404
    │   ├── Unavailable               PLATFORM_UNAVAILABLE (at capacity, starting) 503 (Retry-After)
    │   │   └── StoreUnavailable      the shared store (Redis, SQLite) is unreachable 503
    │   ├── DeadlineExceeded          PLATFORM_TIMEOUT                          504
    │   └── UnknownPlatformError      PLATFORM_UNKNOWN_ERROR (masked)           500 *
    ├── IntegrationError              the caller's Flatchr connection
    │   ├── IntegrationNotFound       INTEGRATION_NOT_FOUND                     403
    │   └── IntegrationAuthInvalid    INTEGRATION_AUTHENTICATION_INVALID        502
    ├── RemoteError                   Flatchr answered badly (status kept in `status`)   502
    │   ├── RemoteUnavailable         REMOTE_SERVICE_UNAVAILABLE (5xx, connect error, timeout)
    │   ├── RemoteRateLimited         REMOTE_RATE_LIMIT_EXCEEDED (429; `retry_after` seconds)
    │   ├── RemoteInputInvalid        REMOTE_INPUT_INVALID (400/422)
    │   ├── RemoteNotFound            PLATFORM_NOT_FOUND (404)
    │   └── RemoteUnknownHttpError    REMOTE_UNKNOWN_HTTP_ERROR
    └── AtsError                                                                409
        ├── JobClosed                 ATS_JOB_CLOSED
        └── ApplicationAlreadyExists  ATS_APPLICATION_ALREADY_EXISTS

`http_status` is the status an error gives when it ends a whole HTTP request; the one function
that decides a response's status (`gateway.web.errors.http_status`) reads it, and for errors of
a GraphQL request that did not run (*) it follows the GraphQL-over-HTTP media rules instead.
Errors inside a field only null that field: the response is a 200 with `data`.

Upstream status codes and transport exceptions are translated in one function,
`from_upstream_status` / `from_transport_error`, used only by `gateway.flatchr`.
Messages are written for the caller: they never contain API keys, tokens or file bytes.
"""

from __future__ import annotations

import enum
from typing import Any


class ErrorCode(enum.Enum):
    """Stable machine-readable codes (mirrors the `ErrorCode` enum of the public schema)."""

    PLATFORM_INPUT_INVALID = "PLATFORM_INPUT_INVALID"
    PLATFORM_AUTHENTICATION_INVALID = "PLATFORM_AUTHENTICATION_INVALID"
    PLATFORM_PERMISSION_MISSING = "PLATFORM_PERMISSION_MISSING"
    PLATFORM_RATE_LIMIT_EXCEEDED = "PLATFORM_RATE_LIMIT_EXCEEDED"
    PLATFORM_QUERY_TOO_COMPLEX = "PLATFORM_QUERY_TOO_COMPLEX"
    PLATFORM_NOT_FOUND = "PLATFORM_NOT_FOUND"
    PLATFORM_UNKNOWN_ERROR = "PLATFORM_UNKNOWN_ERROR"
    INTEGRATION_NOT_FOUND = "INTEGRATION_NOT_FOUND"
    INTEGRATION_AUTHENTICATION_INVALID = "INTEGRATION_AUTHENTICATION_INVALID"
    REMOTE_SERVICE_UNAVAILABLE = "REMOTE_SERVICE_UNAVAILABLE"
    REMOTE_RATE_LIMIT_EXCEEDED = "REMOTE_RATE_LIMIT_EXCEEDED"
    REMOTE_INPUT_INVALID = "REMOTE_INPUT_INVALID"
    REMOTE_UNKNOWN_HTTP_ERROR = "REMOTE_UNKNOWN_HTTP_ERROR"
    ATS_JOB_CLOSED = "ATS_JOB_CLOSED"
    ATS_APPLICATION_ALREADY_EXISTS = "ATS_APPLICATION_ALREADY_EXISTS"
    # Added to the contract's enum: codes of errors that end a whole HTTP request.
    PLATFORM_UNAVAILABLE = "PLATFORM_UNAVAILABLE"
    PLATFORM_TIMEOUT = "PLATFORM_TIMEOUT"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


class GatewayError(Exception):
    """Base of every expected error; `code` goes to `extensions.code`, `message` is safe to show."""

    code: ErrorCode = ErrorCode.PLATFORM_UNKNOWN_ERROR
    #: HTTP status to use when the error ends a whole HTTP request (auth, limits).
    http_status: int = 500

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = extensions

    def as_extensions(self) -> dict[str, Any]:
        return {"code": self.code.value, **self.extensions}


class PlatformError(GatewayError):
    pass


class InputInvalid(PlatformError):
    code = ErrorCode.PLATFORM_INPUT_INVALID
    http_status = 400


class AuthenticationInvalid(PlatformError):
    code = ErrorCode.PLATFORM_AUTHENTICATION_INVALID
    http_status = 401


class PermissionMissing(PlatformError):
    code = ErrorCode.PLATFORM_PERMISSION_MISSING
    http_status = 403


class RateLimitExceeded(PlatformError):
    code = ErrorCode.PLATFORM_RATE_LIMIT_EXCEEDED
    http_status = 429

    def __init__(self, message: str, *, retry_after: float | None = None, **extensions: Any):
        super().__init__(message, **extensions)
        self.retry_after = retry_after


class QueryTooComplex(PlatformError):
    code = ErrorCode.PLATFORM_QUERY_TOO_COMPLEX
    http_status = 400


class NotFound(PlatformError):
    code = ErrorCode.PLATFORM_NOT_FOUND
    http_status = 404


class UnknownPlatformError(PlatformError):
    """Anything unexpected: shown as "Internal server error" with a request id, never with
    its real message."""

    code = ErrorCode.PLATFORM_UNKNOWN_ERROR


class CsrfBlocked(InputInvalid):
    pass


class MethodNotAllowed(InputInvalid):
    http_status = 405

    def __init__(self, message: str, *, allow: str, **extensions: Any) -> None:
        super().__init__(message, **extensions)
        self.allow = allow


class NotAcceptable(InputInvalid):
    http_status = 406


class BodyTimeout(InputInvalid):
    http_status = 408


class BodyTooLarge(InputInvalid):
    http_status = 413


class UnsupportedMediaType(InputInvalid):
    http_status = 415


class GraphQLParseFailed(PlatformError):
    code = ErrorCode.GRAPHQL_PARSE_FAILED
    http_status = 400


class GraphQLValidationFailed(PlatformError):
    code = ErrorCode.GRAPHQL_VALIDATION_FAILED
    http_status = 400


class Unavailable(PlatformError):
    """The gateway cannot take the request now (at capacity, or still starting)."""

    code = ErrorCode.PLATFORM_UNAVAILABLE
    http_status = 503

    def __init__(self, message: str, *, retry_after: float | None = None, **extensions: Any):
        super().__init__(message, **extensions)
        self.retry_after = retry_after


class StoreUnavailable(Unavailable):
    """The shared store (Redis, or the SQLite file) could not be reached or answered in time.

    Raised by `gateway.store`; a request that needs the store cannot be served correctly
    without it, so it is refused as temporarily unavailable rather than answered wrongly.
    """


class DeadlineExceeded(PlatformError):
    code = ErrorCode.PLATFORM_TIMEOUT
    http_status = 504


class IntegrationError(GatewayError):
    pass


class IntegrationNotFound(IntegrationError):
    code = ErrorCode.INTEGRATION_NOT_FOUND
    http_status = 403


class IntegrationAuthInvalid(IntegrationError):
    code = ErrorCode.INTEGRATION_AUTHENTICATION_INVALID
    http_status = 502


class RemoteError(GatewayError):
    """Flatchr answered with an error or could not be reached."""

    http_status = 502

    def __init__(self, message: str, *, status: int | None = None, **extensions: Any) -> None:
        super().__init__(message, **extensions)
        self.status = status


class RemoteUnavailable(RemoteError):
    code = ErrorCode.REMOTE_SERVICE_UNAVAILABLE
    http_status = 503


class RemoteRateLimited(RemoteError):
    code = ErrorCode.REMOTE_RATE_LIMIT_EXCEEDED
    http_status = 503

    def __init__(
        self, message: str, *, status: int | None = 429, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class RemoteInputInvalid(RemoteError):
    code = ErrorCode.REMOTE_INPUT_INVALID


class RemoteNotFound(RemoteError):
    code = ErrorCode.PLATFORM_NOT_FOUND


class RemoteUnknownHttpError(RemoteError):
    code = ErrorCode.REMOTE_UNKNOWN_HTTP_ERROR


class AtsError(GatewayError):
    http_status = 409


class JobClosed(AtsError):
    code = ErrorCode.ATS_JOB_CLOSED


class ApplicationAlreadyExists(AtsError):
    code = ErrorCode.ATS_APPLICATION_ALREADY_EXISTS


def from_upstream_status(
    status: int, what: str, detail: str | None = None, retry_after: float | None = None
) -> RemoteError | IntegrationAuthInvalid:
    """Translate a non-2xx Flatchr status into the error tree (the one place that does it).

    `what` names the call ("list vacancies"); `detail` is Flatchr's own message, already free
    of secrets.
    """
    suffix = f": {detail}" if detail else ""
    if status in (401, 403):
        return IntegrationAuthInvalid(
            f"Flatchr refused the integration's credentials ({status}) on {what}{suffix}. "
            "Check that the API key is current (Flatchr keys expire after 365 days), that it "
            "belongs to this company, and that the company key is right."
        )
    if status == 404:
        return RemoteNotFound(f"Flatchr has no such resource ({what}){suffix}", status=status)
    if status in (400, 422):
        return RemoteInputInvalid(f"Flatchr rejected the request ({what}){suffix}", status=status)
    if status == 429:
        return RemoteRateLimited(
            f"Flatchr is rate limiting this company ({what}); try again later",
            retry_after=retry_after,
        )
    if status >= 500:
        return RemoteUnavailable(
            f"Flatchr is unavailable ({status} on {what}); try again later", status=status
        )
    return RemoteUnknownHttpError(f"Flatchr answered {status} on {what}{suffix}", status=status)


def from_transport_error(exc: BaseException, what: str) -> RemoteUnavailable:
    """Connect errors and timeouts: Flatchr could not be reached in time."""
    kind = "timed out" if "Timeout" in type(exc).__name__ else "could not be reached"
    return RemoteUnavailable(f"Flatchr {kind} ({what}); try again later")
