"""Who is calling, for which integration, with which scopes.

A request sends `Authorization: Bearer <client key>`. The config stores only the SHA-256 of each
key: the presented key is hashed and compared with every configured hash in constant time
(`hmac.compare_digest`, no early exit), so timing tells nothing about which hashes exist.

The integration: a key with one integration uses it; a key with several needs
`X-Integration-Id`. An integration the key may not use and one that does not exist get the same
answer (INTEGRATION_NOT_FOUND), so a key of tenant A learns nothing about tenant B.

Scopes: `read` for queries, `write` for mutations, `passthrough` for the passthrough mutation,
`admin` grants all of them. Demo mode alone serves callers without a key (all scopes).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from gateway.core.errors import (
    AuthenticationInvalid,
    GatewayError,
    InputInvalid,
    IntegrationNotFound,
)
from gateway.core.scopes import ALL_SCOPES, has_scope
from gateway.core.settings import FileConfig, IntegrationConfig, Settings

#: Every client key starts with this, so leaked keys are easy to recognise (and to scan for).
KEY_PREFIX = "fgw_"
INTEGRATION_HEADER = "x-integration-id"


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated request: the integration it acts on and what it may do."""

    integration: IntegrationConfig
    scopes: frozenset[str]
    #: safe to log: `key:<first 12 hex of the key's sha256>` (or the key's name), or `demo`
    caller_id: str
    #: what the rate limit is keyed on
    rate_key: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_client_key() -> tuple[str, str]:
    """A fresh random client key and its SHA-256 (the only part that goes into the config)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    return key, hash_key(key)


class Authenticator:
    """Maps request headers to a `Caller`, or raises the error to answer with."""

    def __init__(self, settings: Settings, file_config: FileConfig) -> None:
        self._demo = settings.mode == "demo"
        self._integrations = {i.id: i for i in file_config.integrations}
        self._keys = [(k.sha256.encode("ascii"), k) for k in file_config.api_keys]

    def authenticate(self, headers: Mapping[str, str], client: str = "") -> Caller:
        authorization = headers.get("authorization")
        wanted = (headers.get(INTEGRATION_HEADER) or "").strip() or None
        if authorization is None and self._demo:
            return self._demo_caller(wanted, client)
        presented = _bearer(authorization)
        digest = hash_key(presented).encode("ascii")
        found = None
        for stored, key in self._keys:
            # no early exit: every configured hash is compared
            if hmac.compare_digest(stored, digest) and found is None:
                found = key
        if found is None:
            raise AuthenticationInvalid("The API key is not valid.")
        allowed = found.integrations
        if wanted is None:
            if len(allowed) != 1:
                raise InputInvalid(
                    "This API key may use several integrations: name one in the "
                    f"X-Integration-Id header ({', '.join(allowed)})."
                )
            wanted = allowed[0]
        if wanted not in allowed or wanted not in self._integrations:
            raise IntegrationNotFound(f"Integration {wanted!r} is not available to this key.")
        label = found.name or f"key:{found.sha256[:12]}"
        return Caller(self._integrations[wanted], frozenset(found.scopes), label, found.sha256)

    def may_write(self, headers: Mapping[str, str]) -> bool:
        """Whether these headers authenticate a caller with the `write` scope (for the body
        cap, before the body is read); a key that fails to authenticate may not."""
        try:
            return has_scope(self.authenticate(headers).scopes, "write")
        except GatewayError:
            return False

    def _demo_caller(self, wanted: str | None, client: str) -> Caller:
        if wanted is None:
            if not self._integrations:
                raise IntegrationNotFound("No integration is configured.")
            integration = next(iter(self._integrations.values()))
        elif wanted in self._integrations:
            integration = self._integrations[wanted]
        else:
            raise IntegrationNotFound(f"Integration {wanted!r} is not configured.")
        return Caller(integration, ALL_SCOPES, "demo", f"demo:{client}")


def _bearer(authorization: str | None) -> str:
    if authorization is None:
        raise AuthenticationInvalid(
            "Authentication required: send the API key as `Authorization: Bearer <key>`."
        )
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise AuthenticationInvalid(
            "The Authorization header must be `Bearer <key>` (another scheme was sent)."
        )
    return token
