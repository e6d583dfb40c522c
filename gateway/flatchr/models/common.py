"""Helpers shared by the raw record types: identifiers and label fields as text."""

from __future__ import annotations

from typing import Any

from gateway.flatchr.models.parse import parse_str

Json = dict[str, Any]


def _key(value: Any) -> str:
    """An identifier as text; "" when Flatchr left it out (never the string "None")."""
    return "" if value is None else str(value)


def _label(value: Any) -> str | None:
    """Label fields come as a string or as `{id, text}`/`{title}` objects."""
    if isinstance(value, dict):
        return parse_str(value.get("text") or value.get("title") or value.get("name"))
    return parse_str(value)
