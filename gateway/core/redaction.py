"""Secret removal: the one function every log line, error message and upstream detail that
may carry a key, token or signed URL goes through."""

from __future__ import annotations

import re
from collections.abc import Iterable

REDACTED = "[redacted]"
_SECRET_PATTERNS = (
    # JWT-shaped tokens (Flatchr API keys and user tokens are HS256 JWTs).
    re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"),
    # "Bearer xyz", "token=xyz", "api_key: xyz", "signature=xyz"...
    re.compile(
        r"(?i)\b(bearer|token|api[_-]?key|apikey|password|signature|secret)\b(\s*[:=]\s*|\s+)"
        r"[\"']?[^\s\"'&,;]+"
    ),
    # Pre-signed URL parameters.
    re.compile(r"(?i)x-amz-[a-z-]+=[^\s&\"']+"),
    # Long opaque strings (hex or base64 keys) that are not ordinary words.
    re.compile(r"\b(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{32,}={0,2}"),
)
#: shorter known secrets would blank out ordinary words
MIN_SECRET_LENGTH = 6


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove the given secrets and anything that looks like a key or token from `text`."""
    for secret in secrets:
        if len(secret) >= MIN_SECRET_LENGTH:
            text = text.replace(secret, REDACTED)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(_replacement, text)
    return text


def _replacement(match: re.Match[str]) -> str:
    # Keep the label of "token=..." style matches so the message still reads naturally.
    if match.re is _SECRET_PATTERNS[1]:
        return f"{match.group(1)}{match.group(2)}{REDACTED}"
    return REDACTED
