"""Editing the gateway's TOML config file (CLI `connect` and `keys new`, the demo).

tomlkit keeps the file as its author wrote it: comments (inside a replaced integration block
too), blank lines, key order and the other tables survive an edit. Every write is validated
first and lands atomically.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from gateway.core.settings import ConfigError, FileConfig, parse_file_config


def _table(fields: dict[str, object]) -> Table:
    table = tomlkit.table()
    for key, value in fields.items():
        if value is not None:
            table.add(key, value)
    return table


def toml_table(header: str, fields: dict[str, object]) -> str:
    """`[[header]]` followed by `key = value` lines (None values are left out)."""
    doc = tomlkit.document()
    aot = tomlkit.aot()
    aot.append(_table(fields))
    doc.add(header, aot)
    return tomlkit.dumps(doc)


def append_table(text: str, header: str, fields: dict[str, object]) -> str:
    """`text` with one more `[[header]]` table at the end of that array."""
    doc = tomlkit.parse(text)
    existing = doc.get(header)
    if isinstance(existing, AoT):
        existing.append(_table(fields))
    else:
        aot = tomlkit.aot()
        aot.append(_table(fields))
        doc.add(header, aot)
    return tomlkit.dumps(doc)


def upsert_integration(text: str, fields: dict[str, object]) -> str:
    """Update the `[[integrations]]` table whose id is `fields["id"]` in place, or append one.

    Keys of the existing table are updated where they stand (their comments kept); keys whose
    new value is None are removed; new keys are added at the end of the table.
    """
    doc = tomlkit.parse(text)
    integrations = doc.get("integrations")
    if isinstance(integrations, AoT):
        for table in integrations:
            if table.get("id") == fields["id"]:
                for key, value in fields.items():
                    if value is None:
                        table.pop(key, None)
                    else:
                        table[key] = value
                return tomlkit.dumps(doc)
    return append_table(text, "integrations", fields)


def write_config_text(path: Path, text: str) -> FileConfig:
    """Validate `text` as a config file, then replace `path` atomically (new files are 0600:
    they hold Flatchr API keys)."""
    try:
        config = parse_file_config(tomllib.loads(text), source=str(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"refusing to write invalid TOML to {path}: {exc}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    # A fresh temporary file of our own (never a leftover or a symlink someone placed),
    # given the final mode before any byte is written, then renamed over the file.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return config
