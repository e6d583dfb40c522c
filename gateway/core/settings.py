"""Typed settings: environment (prefix `GATEWAY_`) plus the TOML file of integrations and keys.

This is the only module that reads `os.environ`. Settings are read once at start-up; an invalid
value fails there with a message naming the offending key. Secrets are `SecretStr` (hidden in
`repr` and logs).
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Scope = Literal["read", "write", "passthrough", "admin"]


class ConfigError(Exception):
    """The configuration cannot be used; the message names the bad key."""


class IntegrationConfig(BaseModel):
    """One Flatchr company the gateway talks to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    company_id: str = Field(min_length=1)
    api_key: SecretStr | None = None
    api_key_env: str | None = None
    slug: str | None = None
    api_base_url: str = "https://api.flatchr.io"
    careers_base_url: str = "https://careers.flatchr.io"
    offerer_id: int | None = None
    source_id: str | None = None

    @model_validator(mode="after")
    def _key_present(self) -> IntegrationConfig:
        if self.api_key is None and not self.api_key_env:
            raise ValueError("needs api_key or api_key_env")
        return self

    def resolved_api_key(self) -> SecretStr:
        """The Flatchr API key, read from the environment when `api_key_env` is set."""
        if self.api_key is not None:
            return self.api_key
        assert self.api_key_env is not None
        value = os.environ.get(self.api_key_env)
        if not value:
            raise ConfigError(
                f"integrations[{self.id}].api_key_env: environment variable "
                f"{self.api_key_env} is not set"
            )
        return SecretStr(value)


class ApiKeyConfig(BaseModel):
    """A client key of the gateway, stored as the SHA-256 of the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    scopes: tuple[Scope, ...] = ("read",)
    integrations: tuple[str, ...] = Field(min_length=1)
    name: str | None = None


class FileConfig(BaseModel):
    """The TOML file: integrations and client keys."""

    model_config = ConfigDict(extra="forbid")

    integrations: list[IntegrationConfig] = []
    api_keys: list[ApiKeyConfig] = []

    @model_validator(mode="after")
    def _consistent(self) -> FileConfig:
        ids = [i.id for i in self.integrations]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate integration id(s): {', '.join(sorted(dupes))}")
        hashes = [k.sha256 for k in self.api_keys]
        if len(set(hashes)) != len(hashes):
            raise ValueError("api_keys: the same key (sha256) is listed twice")
        for n, key in enumerate(self.api_keys):
            for integ in key.integrations:
                if integ not in ids:
                    raise ValueError(f"api_keys[{n}].integrations: unknown integration {integ!r}")
        return self


class Settings(BaseSettings):
    """Process settings; every field can be set as `GATEWAY_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", frozen=True)

    mode: Literal["development", "production", "demo"] = "development"
    config: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None

    # Upstream (Flatchr) client
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    upstream_deadline: float = 45.0
    max_retries: int = 3
    retry_backoff: float = 0.2
    max_connections: int = 100
    per_company_concurrency: int = 8
    cv_download_interval: float = 1.0
    applicant_record_enabled: bool = True

    # Cache
    cache_backend: Literal["memory", "redis"] = "memory"
    redis_url: str = "redis://127.0.0.1:6379/0"
    ttl_vacancies: float = 60.0
    ttl_vacancy_details: float = 300.0
    ttl_columns: float = 300.0
    ttl_tags: float = 300.0
    ttl_applicants: float = 30.0
    ttl_traits: float = 60.0
    max_stale: float = 3600.0
    response_cache_bytes: int = Field(default=64 * 1024 * 1024, ge=0)

    # Resilience and scale-out (docs/operations.md, docs/store.md)
    #: key prefix of everything the gateway keeps in Redis (one per deployment sharing a Redis)
    redis_prefix: str = "gw:"
    #: connections of the process's one Redis client; more commands at once wait (2 s at most)
    redis_max_connections: int = Field(default=50, ge=1)
    #: consecutive upstream failures that open an integration's circuit breaker
    breaker_failure_threshold: int = Field(default=10, ge=1)
    #: seconds an open breaker fails fast before letting one probe through
    breaker_cool_down: float = Field(default=30.0, gt=0)
    #: seconds the cache skips a Redis that failed before trying it again
    cache_backend_retry: float = Field(default=1.0, ge=0)
    naive: bool = False

    # Change tracking (design §6): the SQLite file (unless cache_backend is redis, then Redis
    # holds it) and the background refresher (seconds between refreshes, 0: off; +/- jitter)
    tracking_path: Path = Path(".gateway/tracking.db")
    refresh_interval: float = Field(default=300.0, ge=0)
    refresh_jitter: float = Field(default=0.1, ge=0, lt=0.5)

    # Limits
    max_first: int = 250
    default_first: int = 50
    max_depth: int = 12
    max_tokens: int = 2000
    max_aliases: int = 30
    max_cost: int = 50000
    #: assumed length of a plain list field (not a connection) in the cost estimate
    assumed_list_size: int = Field(default=10, ge=1)

    # HTTP service: admission control (see docs/operations.md)
    # Request bodies and batching: the large cap is for keys with `write` (attachments travel
    # base64-encoded in mutations); at most `max_batch` operations in an array body
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_mutation_body_bytes: int = Field(default=14 * 1024 * 1024, ge=1024)
    batching: bool = True
    max_batch: int = Field(default=10, ge=1)
    request_timeout: float = Field(default=60.0, gt=0)
    body_timeout: float = Field(default=10.0, gt=0)
    max_concurrency: int = Field(default=100, ge=1)
    overload_retry_after: int = Field(default=1, ge=1)
    rate_limit_per_second: float = Field(default=50.0, ge=0)
    rate_limit_burst: int = Field(default=100, ge=1)
    allow_get: bool = True
    csrf_strict: bool = False
    #: None: on except in production mode
    introspection: bool | None = None
    graphiql: bool | None = None
    #: load GraphiQL's files from unpkg.com instead of the gateway (same versions, same hashes)
    graphiql_cdn: bool = False
    field_suggestions: bool | None = None

    # Write path: attachments of createCandidate / createApplication (decoded bytes)
    attachment_max_file_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    attachment_max_total_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    #: fetch https `dataUrl`s and send the bytes; off: Flatchr gets the URL as a link resume
    attachment_fetch: bool = True
    attachment_fetch_timeout: float = Field(default=10.0, gt=0)
    #: hosts fetched without the public-address rule, http allowed (tests, trusted storage)
    attachment_fetch_allow_hosts: tuple[str, ...] = ()

    # Write path: idempotency keys and reconciliation after an unanswered C4 (docs/decisions.md)
    #: how long the outcome of a write is kept per (tenant, idempotencyKey)
    idempotency_ttl: float = Field(default=24 * 3600.0, gt=0)
    #: lease of an unfinished write's claim (a crashed writer frees its key after this)
    idempotency_claim_ttl: float = Field(default=120.0, gt=0)
    #: how long a call waits for a concurrent call with the same key before giving up
    idempotency_wait: float = Field(default=60.0, gt=0)
    #: C1 searches for the applicant after a C4 that timed out or failed with 5xx
    reconcile_polls: int = Field(default=4, ge=1)
    #: pause before the first of those searches; doubled before each next one
    reconcile_delay: float = Field(default=0.25, ge=0)
    #: the searches stop once this much time has passed since C4 failed
    reconcile_max_wait: float = Field(default=5.0, gt=0)

    # Observability
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    slow_operation_seconds: float = Field(default=1.0, gt=0)
    metrics_enabled: bool = True
    tracing: bool = False

    #: None: a random secret made at start-up (download links then die with the process)
    signing_secret: SecretStr | None = None

    @model_validator(mode="after")
    def _body_caps(self) -> Settings:
        needed = self.attachment_max_total_bytes * 4 // 3 + 64 * 1024
        if self.max_mutation_body_bytes < max(needed, self.max_body_bytes):
            raise ValueError(
                f"max_mutation_body_bytes: must be at least {max(needed, self.max_body_bytes)} "
                "(attachment_max_total_bytes base64-encoded, plus 64 KiB, and max_body_bytes)"
            )
        return self

    @model_validator(mode="after")
    def _production_rules(self) -> Settings:
        if self.mode == "production":
            secret = self.signing_secret.get_secret_value() if self.signing_secret else ""
            if len(secret) < 32:
                raise ValueError(
                    "signing_secret: set GATEWAY_SIGNING_SECRET to at least 32 random "
                    "characters in production (e.g. `openssl rand -hex 32`)"
                )
            if not self.public_url:
                raise ValueError(
                    "public_url: set GATEWAY_PUBLIC_URL in production (links the gateway "
                    "hands out must not be built from the request's Host header)"
                )
        elif self.signing_secret is None:
            object.__setattr__(self, "signing_secret", SecretStr(secrets.token_urlsafe(32)))
        return self

    @property
    def signing_key(self) -> str:
        """The HMAC key of download links (always set once validated)."""
        assert self.signing_secret is not None
        return self.signing_secret.get_secret_value()

    # Introspection, GraphiQL and "Did you mean" suggestions: on unless mode is production,
    # each overridable by its own setting.
    @property
    def introspection_enabled(self) -> bool:
        return _unless_production(self.introspection, self.mode)

    @property
    def graphiql_enabled(self) -> bool:
        return _unless_production(self.graphiql, self.mode)

    @property
    def field_suggestions_enabled(self) -> bool:
        return _unless_production(self.field_suggestions, self.mode)


def _unless_production(value: bool | None, mode: str) -> bool:
    return value if value is not None else mode != "production"


#: The gateway route serving docs/connecting-flatchr.md (no auth; `integration.connectionGuideUrl`).
CONNECTION_GUIDE_PATH = "/docs/connecting-flatchr"


def load_settings(**overrides: object) -> Settings:
    """Read the environment (and overrides); fail with the name of the bad key."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(_describe(exc, prefix="GATEWAY_")) from None


def load_file_config(path: Path) -> FileConfig:
    """Parse and validate the TOML file; messages name the bad key (e.g. `integrations[0].slug`)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    return parse_file_config(raw, source=str(path))


def parse_file_config(raw: dict[str, object], source: str = "config") -> FileConfig:
    try:
        return FileConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_describe(exc)}") from None


def _describe(exc: ValidationError, prefix: str = "") -> str:
    parts = []
    for err in exc.errors():
        loc = ""
        for item in err["loc"]:
            loc += f"[{item}]" if isinstance(item, int) else (f".{item}" if loc else str(item))
        msg = str(err["msg"]).removeprefix("Value error, ")
        if not loc:  # a whole-model rule: its message names the key itself
            parts.append(msg)
            continue
        name = f"{prefix}{loc.upper()}" if prefix and "." not in loc and "[" not in loc else loc
        parts.append(f"{name}: {msg}")
    return "; ".join(parts)
