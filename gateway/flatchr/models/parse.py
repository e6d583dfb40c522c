"""Lenient parsers for Flatchr's drifting types (pure functions, no I/O).

Flatchr mixes encodings: numbers as strings ("40 000", "45 000,50"), booleans as "true",
dates as ISO-8601, epoch seconds or "DD/MM/YY", `remote` as a boolean or an enum, `consent`
as a boolean or a list. Every parser returns None for what it cannot read instead of raising.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = _SPACES.sub("", value)
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
    return None


def parse_number(value: Any) -> float | None:
    """Numbers from JSON numbers or strings with spaces, NBSPs and a decimal comma."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = _SPACES.sub("", value).replace(",", ".")
        if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            return float(text)
    return None


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "1", "yes", "oui"):
            return True
        if text in ("false", "0", "no", "non", ""):
            return False
    return None


def parse_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return None


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_datetime(value: Any) -> datetime | None:
    """ISO-8601 (with or without offset), epoch seconds (int or numeric string), `DD/MM/YY`,
    or `YYYY-MM-DD`; always returns an aware UTC datetime."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,13}", text):
        return _from_epoch(float(text))
    m = _DMY.match(text)
    if m:
        return parse_dmy(text)
    if _YMD.match(text):
        try:
            return datetime.fromisoformat(text).replace(tzinfo=UTC)
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _from_epoch(seconds: float) -> datetime | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_dmy(text: str) -> datetime | None:
    """C1's `DD/MM/YY` (or `DD/MM/YYYY`) as midnight UTC; two-digit years are 20YY."""
    m = _DMY.match(text.strip())
    if not m:
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 2000
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def format_mdy(value: date) -> str:
    """C1 filters take `MM/DD/YY`."""
    return value.strftime("%m/%d/%y")


def parse_remote(value: Any) -> str | None:
    """`remote` is `notime|parttime|fulltime` in current payloads, a boolean in older ones."""
    if isinstance(value, bool):
        return "fulltime" if value else "notime"
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("notime", "parttime", "fulltime"):
            return text
        as_bool = parse_bool(text)
        if as_bool is not None:
            return "fulltime" if as_bool else "notime"
    return None


def split_list(value: Any, sep: str = ";") -> list[str]:
    """`a;b;c` strings (tag values, question options) as a list without blanks."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(sep) if part.strip()]


_SECRET_KEYS = {"token", "api_key", "signature", "password", "access_token"}


def scrub(value: Any) -> Any:
    """Remove credentials and pre-signed URLs from a raw record (design 5.7) before it leaves
    the client layer as remoteData."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if str(key).lower() in _SECRET_KEYS:
                continue
            if isinstance(item, str):
                if "X-Amz-" in item or "x-amz-" in item:
                    continue
                out[key] = item
            elif isinstance(item, dict | list):
                out[key] = scrub(item)
            else:  # numbers, booleans, null: kept as they are, without a call per leaf
                out[key] = item
        return out
    if isinstance(value, list):
        return [scrub(v) if isinstance(v, dict | list) else v for v in value]
    return value
