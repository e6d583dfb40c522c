"""The README and docs say what the code does: settings, commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
