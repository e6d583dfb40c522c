"""The README and docs say what the code does: settings, commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.core.errors import (
    AuthenticationInvalid,
    ErrorCode,
    IntegrationNotFound,
    PermissionMissing,
    RateLimitExceeded,
)
from gateway.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _rows() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in README.splitlines():
        m = re.match(r"^\| (\w+) \| `(GATEWAY_\w+)` \| ([^|]+) \|", line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3).strip())
    return rows


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_readme_documents_every_setting_with_its_env_var_and_default(name: str) -> None:
    rows = _rows()
    assert name in rows, f"README configuration table lacks {name}"
    env, default = rows[name]
    assert env == f"GATEWAY_{name.upper()}"
    value = Settings.model_fields[name].default
    if isinstance(value, bool):
        assert default == f"`{str(value).lower()}`"
    elif isinstance(value, int | float) or (isinstance(value, str) and value):
        assert default == f"`{value}`", f"{name}: README says {default}, code says {value!r}"


def test_readme_table_has_no_setting_the_code_lacks() -> None:
    assert set(_rows()) <= set(Settings.model_fields)


def test_readme_shows_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README


def _error_rows() -> dict[str, tuple[str, str]]:
    """`| `CODE` | status | when |` rows of the README's Errors table."""
    section = README[README.index("## Errors") :]
    section = section[: section.index("\n## ")]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([A-Z_]+)` \| ([^|]+) \| ([^|]+) \|$", line)
        if m:
            rows[m.group(1)] = (m.group(2).strip(), m.group(3).strip())
    return rows


def test_readme_error_table_lists_every_error_code_once_with_status_and_cause() -> None:
    rows = _error_rows()
    assert set(rows) == {code.value for code in ErrorCode}
    for code, (status, when) in rows.items():
        assert re.search(r"\b[1-5]\d\d\b", status), f"{code}: no HTTP status"
        assert when, f"{code}: no cause"


def test_readme_error_table_statuses_match_request_ending_errors() -> None:
    """Errors that end a whole request answer with their class's `http_status`."""
    rows = _error_rows()
    for error in (AuthenticationInvalid, PermissionMissing, RateLimitExceeded, IntegrationNotFound):
        assert rows[error.code.value][0].startswith(str(error.http_status)), error.__name__
    assert "variables" in rows["GRAPHQL_VALIDATION_FAILED"][1]
    assert "variables" not in rows["PLATFORM_INPUT_INVALID"][1].replace("literal or variable", "")
