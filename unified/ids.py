"""The gateway's one id codec: base64 of `<kind>:<key>` (design §4).

Relay global ids are `<TypeName>:<key>` with no tenant inside (docs/decisions.md says why we
encode them ourselves rather than through `strawberry.relay`); connection cursors
(`cursor:<key>`) and attachment ids (`Attachment:<extension>:<key>`) are the same format with
another kind, so every opaque id the API hands out is encoded and checked here.
"""

from __future__ import annotations

import base64
import binascii

from gateway.core.errors import InputInvalid

NODE_TYPES = frozenset(
    {
        "Job",
        "JobStage",
        "ApplicationStage",
        "ScreeningQuestion",
        "JobScreeningQuestion",
        "Candidate",
        "Application",
        "Tag",
        "CandidateTag",
        "QuestionOption",
        "IntegrationField",
        "Integration",
    }
)


def encode(kind: str, key: str) -> str:
    return base64.b64encode(f"{kind}:{key}".encode()).decode("ascii")


def decode(value: str) -> tuple[str, str] | None:
    """(kind, key), or None unless `value` is strict base64 of `<kind>:<key>`, both non-empty.

    The key keeps any further `:`; callers raise their own error, which names what was expected.
    """
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    kind, sep, key = text.partition(":")
    return (kind, key) if sep and kind and key else None


def to_global_id(type_name: str, key: str) -> str:
    return encode(type_name, key)


def from_global_id(value: str, *, expect: str | None = None) -> tuple[str, str]:
    """(type name, key); PLATFORM_INPUT_INVALID for anything that is not one of our ids."""
    pair = decode(value)
    if pair is None or pair[0] not in NODE_TYPES:
        raise InputInvalid(f"{_short(value)} is not a valid id")
    if expect is not None and pair[0] != expect:
        raise InputInvalid(f"{_short(value)} is a {pair[0]} id, expected a {expect} id")
    return pair


def _short(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")
