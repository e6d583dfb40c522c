"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.redis_harness import redis_server

__all__ = ["redis_server"]


@pytest.fixture(autouse=True)
def _own_tracking_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own change-tracking file (the default is one per working directory,
    which tests running side by side must not share); its background refresher is off unless
    the test turns it on."""
    monkeypatch.setenv("GATEWAY_TRACKING_PATH", str(tmp_path / "tracking.db"))
    monkeypatch.setenv("GATEWAY_REFRESH_INTERVAL", "0")
