"""The Starlette application: routes, middleware, lifespan.

    ObservabilityMiddleware    headers decoded once, request id, metrics, access log, upstream
        └── BodyLimitMiddleware    413 past the caller's body cap, without reading the rest
            └── DirectRoute    /graphql straight to its view (web.direct), the rest to routes
                └── routes
                /graphql                  GatewayGraphQL (web.graphql_http): checks, reuse,
                                          Strawberry
                /healthz /readyz /metrics
                /docs/connecting-flatchr  the connection guide (no auth)
                /graphiql/static/...      GraphiQL's vendored files (gateway.web.graphiql)
                /attachments/<token>      CV downloads (the signed token is the credential)

The lifespan starts `Services` (the one httpx client, the Flatchr pool, the cache, the one
Redis client with the Redis backend, whose rate limits it then shares), pays the first
request's one-off costs (gateway.web.warmup) before /readyz can say ready, and closes it.

/readyz: 200 `ready`; 200 `degraded` when only the shared store (Redis) is down, since reads
still answer (straight from Flatchr) and taking every instance out of the load balancer for
it would turn a degraded deployment into a dead one; 503 `not ready` otherwise (starting,
at capacity).
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
from strawberry.extensions import SchemaExtension, ValidationCache

from gateway.core.errors import Unavailable
from gateway.core.settings import (
    CONNECTION_GUIDE_PATH,
    ConfigError,
    FileConfig,
    Settings,
    load_file_config,
    load_settings,
)
from gateway.core.signing import DOWNLOAD_PATH
from gateway.store.ratelimit import RedisRateLimiter
from gateway.web.auth import Authenticator, Caller
from gateway.web.bodylimit import BodyLimitMiddleware
from gateway.web.direct import DirectRoute
from gateway.web.downloads import download_endpoint
from gateway.web.errors import ErrorShaper
from gateway.web.graphiql.assets import STATIC_PATH, CachedStaticFiles
from gateway.web.graphql_http import GatewayGraphQL
from gateway.web.guard import DocumentParser, OperationGuard, document_parser
from gateway.web.metrics import Metrics
from gateway.web.observability import ObservabilityMiddleware, configure_logging
from gateway.web.reuse import ReuseRecorder
from gateway.web.rules import ValidationRules, validation_rules
from gateway.web.startup import log_startup
from gateway.web.warmup import warm_up
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
    """Parsing with its limits, validation rules, caches, the operation guard and the reuse
    recorder; the parser and the rule classes are made once per app so that their caches
    (the ValidationCache is keyed by document and rules) hit."""
    rules = validation_rules(settings)
    parse = document_parser(settings.max_tokens)
    return [
        lambda: DocumentParser(parse),
        lambda: ValidationRules(rules),
        ValidationCache,
        lambda: OperationGuard(settings),
        ReuseRecorder,
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
    authenticator = Authenticator(settings, file_config)

    def context_for(request: Request, caller: Caller) -> Any:
        if not services:
            raise Unavailable("The gateway is starting.", retry_after=1)
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
        authenticator=authenticator,
        make_context=context_for,
        shaper=ErrorShaper(settings.field_suggestions_enabled, secrets),
        services=lambda: services[0] if services else None,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        started = await Services.start(settings, transport=upstream_transport)
        await warm_up(started, schema, file_config.integrations)
        _observe(started, metrics)
        limits = view.admission.rate_limits
        limits.on_fallback = metrics.ratelimit_fallbacks.inc
        if started.redis is not None:
            rate, burst = settings.rate_limit_per_second, settings.rate_limit_burst
            prefix = settings.redis_prefix
            limits.share(RedisRateLimiter(started.redis, rate, burst, prefix=prefix))
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
            limits.share(None)
            await started.aclose()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        checks = {"config": True, "services": bool(services)}
        checks["capacity"] = view.admission.gate.active < view.admission.gate.limit
        store = True
        if services:
            try:
                async with asyncio.timeout(2.0):
                    store = all((await services[0].ready()).values())
            except Exception:  # a backend that cannot answer is not ready
                logger.warning("readiness check failed", exc_info=True)
                store = False
        checks["store"] = store
        if not all(ok for name, ok in checks.items() if name != "store"):
            return JSONResponse({"status": "not ready", "checks": checks}, 503)
        status = "ready" if store else "degraded"  # see the module docstring
        return JSONResponse({"status": status, "checks": checks}, 200)

    async def metrics_endpoint(request: Request) -> Response:
        if not settings.metrics_enabled:
            return JSONResponse({"detail": "metrics are disabled"}, 404)
        if services:
            breakers = services[0].breakers
            metrics.record_breakers({i: b.state.value for i, b in breakers.items()})
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
        Middleware(
            BodyLimitMiddleware,
            max_bytes=settings.max_body_bytes,
            mutation_max_bytes=settings.max_mutation_body_bytes,
            may_write=authenticator.may_write,
        ),
        Middleware(DirectRoute, path="/graphql", endpoint=view),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.view = view
    return app


def create_app_from_env() -> Starlette:
    """The app from the environment and the config file it names: what each uvicorn worker
    process builds (`flatchr-gateway serve --workers N`)."""
    settings = load_settings()
    configure_logging(settings)
    return create_app(settings)


def _build_schema(settings: Settings, extensions: Sequence[Extension]) -> strawberry.Schema:
    suggestions = settings.field_suggestions_enabled
    return build_schema(extensions, disable_field_suggestions=not suggestions)


def _ignore_errors(errors: Any, execution_context: Any = None) -> None:
    return None


def _observe(services: Services, metrics: Metrics) -> None:
    """Subscribe the metrics to the Flatchr pool, the cache and its backend."""
    services.pool.add_observer(metrics.record_upstream)
    services.cache.observers.append(metrics.record_cache)
    services.cache.stale_observers.append(metrics.record_stale)
    services.cache.backend.observers.append(metrics.record_store)


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
