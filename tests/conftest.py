"""Fixtures shared by every test package."""

from __future__ import annotations

from tests.redis_harness import redis_server

__all__ = ["redis_server"]
