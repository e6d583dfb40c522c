"""Shared state for change tracking, idempotent writes and scale-out (docs/store.md).

Each module does one job and has an in-process backend and a Redis one (SQLite for tracking):
`locks`, `idempotency`, `tracking`, `ratelimit`, plus the in-process `breaker`. This package
imports only the error tree (`gateway.core.errors`), the standard library and third-party clients,
so any layer may use it. Stores take an open client and plain parameters, never the Settings.
"""
