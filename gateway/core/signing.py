"""HMAC-signed, expiring tokens for attachment downloads (`Attachment.dataUrl`).

A token names the integration, the Flatchr file key and extension, and an expiry; it is
signed with the gateway's signing secret, so the download route needs no other credential
while the token is valid, and a token of one tenant can never open another tenant's file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from dataclasses import dataclass

import orjson

DOWNLOAD_PATH = "/attachments/"


@dataclass(frozen=True, slots=True)
class FileRef:
    integration_id: str
    key: str
    extension: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    """Strict: only the URL-safe alphabet, and only the canonical encoding (no malleability)."""
    data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    if _b64(data) != text:
        raise ValueError("not canonical base64")
    return data


def sign(secret: str, ref: FileRef) -> str:
    payload = _b64(orjson.dumps([ref.integration_id, ref.key, ref.extension, ref.expires]))
    mac = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


def make_token(secret: str, integration_id: str, key: str, extension: str, ttl: int) -> str:
    return sign(secret, FileRef(integration_id, key, extension, int(time.time()) + ttl))


def verify(secret: str, token: str, now: float | None = None) -> FileRef | None:
    """The file a token names, or None if it is forged, malformed or expired."""
    payload, _, mac = token.partition(".")
    if not payload or not mac:
        return None
    expected = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(expected, _unb64(mac)):
            return None
        integration_id, key, extension, expires = orjson.loads(_unb64(payload))
    except (ValueError, TypeError, orjson.JSONDecodeError, binascii.Error):
        return None
    if not isinstance(expires, int) or expires < (time.time() if now is None else now):
        return None
    return FileRef(str(integration_id), str(key), str(extension), expires)
