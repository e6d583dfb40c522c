"""The Starlette application: routes, middleware, lifespan.

    ObservabilityMiddleware    request id, metrics, access log, upstream accounting
    └── BodyLimitMiddleware    413 past `max_body_bytes`, without reading the rest
        └── routes
            /graphql                  GatewayGraphQL (web.graphql_http): auth, limits, Strawberry
            /healthz /readyz /metrics
            /docs/connecting-flatchr  the connection guide (no auth)
            /graphiql/static/...      GraphiQL's vendored files (gateway.web.graphiql), when on
            /attachments/<token>      CV downloads (the signed token is the credential)

The lifespan starts `Services` (the one httpx client, the Flatchr pool, the cache) and closes it.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import strawberry
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)

from gateway.core.settings import (
    CONNECTION_GUIDE_PATH,
    ConfigError,
    FileConfig,
    Settings,
    load_file_config,
    load_settings,
)
from gateway.core.signing import DOWNLOAD_PATH
from gateway.web.auth import Authenticator, Caller
from gateway.web.downloads import download_endpoint
from gateway.web.graphiql.assets import STATIC_PATH, CachedStaticFiles
from gateway.web.graphql_http import ErrorShaper, GatewayGraphQL, Reject, error_response
from gateway.web.limits import OperationGuard, validation_rules
from gateway.web.observability import Metrics, ObservabilityMiddleware, request_info
from gateway.web.startup import log_startup
from resolvers.context import make_context
from resolvers.services import Services
from schema import build_schema

logger = logging.getLogger("gateway")
# The guide ships in the source tree (and is copied to /app/docs in the container image).
GUIDE_FILES = (
    Path(__file__).resolve().parents[1] / "docs" / "connecting-flatchr.md",
    Path.cwd() / "docs" / "connecting-flatchr.md",
)
ROUTES = ("/graphql", "/healthz", "/readyz", "/metrics", CONNECTION_GUIDE_PATH)
Extension = type[SchemaExtension] | Callable[[], SchemaExtension]
SchemaBuilder = Callable[[Settings, Sequence[Extension]], strawberry.Schema]


def schema_extensions(settings: Settings) -> list[Extension]:
    """Limits, caches and the operation guard; the rule classes are made once so that the
    ValidationCache (keyed by document and rules) hits."""
    rules = validation_rules(settings)
    return [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules(rules),
        ParserCache,
        ValidationCache,
        lambda: OperationGuard(settings),
    ]


def check_config(settings: Settings, file_config: FileConfig) -> list[str]:
    """Start-up checks beyond the models' own; returns the secrets to keep out of logs."""
    secrets = [settings.signing_key]
    for integration in file_config.integrations:
        secrets.append(integration.resolved_api_key().get_secret_value())
    if settings.mode == "production" and not file_config.api_keys:
        raise ConfigError("api_keys: production mode needs at least one client key")
    if settings.mode == "production" and not file_config.integrations:
        raise ConfigError("integrations: production mode needs at least one integration")
    return secrets


def create_app(
    settings: Settings | None = None,
    file_config: FileConfig | None = None,
    *,
    upstream_transport: httpx.AsyncBaseTransport | None = None,
    schema_builder: SchemaBuilder | None = None,
) -> Starlette:
    """The gateway as an ASGI app. Raises ConfigError (naming the bad key) on bad config."""
    settings = settings or load_settings()
    if file_config is None:
        file_config = load_file_config(settings.config) if settings.config else FileConfig()
    secrets = check_config(settings, file_config)
    metrics = Metrics()
    schema = (schema_builder or _build_schema)(settings, schema_extensions(settings))
    # The ErrorShaper logs each unexpected error once (with the request id); Strawberry would
    # log every error, expected ones included, with a traceback.
    schema.process_errors = _ignore_errors  # type: ignore[method-assign]
    services: list[Services] = []

    def context_for(request: Request, caller: Caller) -> Any:
        if not services:
            raise Reject(503, "The gateway is starting.", "PLATFORM_UNAVAILABLE")
        return make_context(
            request=request,
            settings=settings,
            integration=caller.integration,
            services=services[0],
            scopes=caller.scopes,
            caller_id=caller.caller_id,
        )

    view = GatewayGraphQL(
        schema,
        settings=settings,
        authenticator=Authenticator(settings, file_config),
        make_context=context_for,
        shaper=ErrorShaper(settings.field_suggestions_enabled, secrets),
        services=lambda: services[0] if services else None,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        started = await Services.start(settings, transport=upstream_transport)
        _observe(started, metrics)
        services.append(started)
        started.start_refresher(file_config.integrations)
        log_startup(
            mode=settings.mode,
            integrations=len(file_config.integrations),
            api_keys=len(file_config.api_keys),
            url=settings.public_url or f"http://{settings.host}:{settings.port}",
            graphiql=settings.graphiql_enabled,
            config=str(settings.config) if settings.config else None,
        )
        try:
            yield
        finally:
            services.clear()
            await started.aclose()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        checks = {"config": True, "services": bool(services)}
        checks["capacity"] = view.gate.active < view.gate.limit
        if services:
            try:
                async with asyncio.timeout(2.0):
                    checks.update(await services[0].ready())
            except Exception:  # a backend that cannot answer is not ready
                logger.warning("readiness check failed", exc_info=True)
                checks["backends"] = False
        ok = all(checks.values())
        body = {"status": "ready" if ok else "not ready", "checks": checks}
        return JSONResponse(body, 200 if ok else 503)

    async def metrics_endpoint(request: Request) -> Response:
        if not settings.metrics_enabled:
            return JSONResponse({"detail": "metrics are disabled"}, 404)
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    routes: list[BaseRoute] = [
        Route("/graphql", view),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        Route(CONNECTION_GUIDE_PATH, connection_guide, methods=["GET"]),
        Route(
            DOWNLOAD_PATH + "{token}",
            download_endpoint(settings, file_config, lambda: services[0] if services else None),
            methods=["GET"],
        ),
    ]
    if settings.graphiql_enabled:
        routes.append(Mount(STATIC_PATH, app=CachedStaticFiles()))  # the page's own files
    middleware = [
        Middleware(ObservabilityMiddleware, metrics=metrics, settings=settings, routes=ROUTES),
        Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.view = view
    return app


def _build_schema(settings: Settings, extensions: Sequence[Extension]) -> strawberry.Schema:
    suggestions = settings.field_suggestions_enabled
    return build_schema(extensions, disable_field_suggestions=not suggestions)


def _ignore_errors(errors: Any, execution_context: Any = None) -> None:
    return None


def _observe(services: Services, metrics: Metrics) -> None:
    """Subscribe the metrics to the Flatchr pool and the cache."""
    services.pool.add_observer(metrics.record_upstream)
    services.cache.observers.append(metrics.record_cache)


async def connection_guide(request: Request) -> Response:
    """docs/connecting-flatchr.md: HTML for browsers, markdown otherwise."""
    try:
        text = next(f for f in GUIDE_FILES if f.exists()).read_text(encoding="utf-8")
    except (OSError, StopIteration):
        text = "# Connecting Flatchr\n\nThe guide is docs/connecting-flatchr.md in the repository."
    if "text/html" in request.headers.get("accept", ""):
        page = (
            '<!doctype html><meta charset="utf-8"><title>Connecting Flatchr</title>'
            '<pre style="white-space:pre-wrap;max-width:52em;margin:2em auto;'
            'font:15px/1.55 system-ui,sans-serif">' + html.escape(text) + "</pre>"
        )
        return HTMLResponse(page)
    return Response(text, media_type="text/markdown; charset=utf-8")


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """413 for bodies over `max_bytes`: at once from Content-Length, else while streaming (the
    body is never read past the cap)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            # The observability middleware (outside this one) notes when a response starts;
            # reading that instead of wrapping `send` keeps a layer off every response.
            info = request_info(scope)
            if info is not None and info.status:
                raise
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        info = request_info(scope)
        if info is not None:
            info.outcome = "too_large"
        message = f"The request body is larger than {self.max_bytes} bytes."
        response = error_response(413, message, {}, headers={"Connection": "close"})
        await response(scope, receive, send)
