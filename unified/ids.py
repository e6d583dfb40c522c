"""Relay global ids (design §4): base64 of `<TypeName>:<key>`, no tenant inside."""

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


def to_global_id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode("ascii")


def from_global_id(value: str, *, expect: str | None = None) -> tuple[str, str]:
    """(type name, key); PLATFORM_INPUT_INVALID for anything that is not one of our ids."""
    try:
        text = base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise InputInvalid(f"{_short(value)} is not a valid id") from None
    type_name, sep, key = text.partition(":")
    if not sep or not key or type_name not in NODE_TYPES:
        raise InputInvalid(f"{_short(value)} is not a valid id")
    if expect is not None and type_name != expect:
        raise InputInvalid(f"{_short(value)} is a {type_name} id, expected a {expect} id")
    return type_name, key


def _short(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")
