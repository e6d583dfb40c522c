"""Custom scalars of the contract: DateTime (ISO-8601, UTC, `Z`) and JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

__all__ = ["JSON", "DateTimeScalar", "parse_datetime_input", "serialize_datetime"]


def serialize_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text = value.astimezone(UTC).isoformat()
    return text.replace("+00:00", "Z")


def parse_datetime_input(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("DateTime must be an ISO-8601 string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"DateTime must be ISO-8601, got {value[:40]!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


DateTimeScalar = strawberry.scalar(
    name="DateTime",
    description="An ISO-8601 date-time, always with an offset (the gateway emits UTC, `Z`).",
    serialize=serialize_datetime,
    parse_value=parse_datetime_input,
)
