"""npm packages for the node-based tests, installed once into a git-ignored folder of the
repository (pinned versions; `package-lock.json` is written there by npm). Without node/npm, or when npm
cannot reach its registry, the test is skipped, except in CI (env CI set), where it fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _unavailable(reason: str) -> None:
    """Skip on a developer machine; fail in CI (env CI set), where the test must run."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_node() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        _unavailable("node and npm are needed for this test (not on PATH)")


def install(folder: Path, packages: list[str], marker: str) -> None:
    """`npm install packages` into `folder` unless `node_modules/<marker>` is there; skips
    the test when npm cannot install (no registry access)."""
    require_node()
    if (folder / "node_modules" / marker / "package.json").exists():
        return
    folder.mkdir(exist_ok=True)
    (folder / "package.json").write_text(
        f'{{"name": "{folder.name.strip(".")}", "private": true}}\n'
    )
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", *packages],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        _unavailable(f"could not install {marker} with npm: {done.stderr.strip()[:200]}")
