"""Client-key scopes: what a key may do (read, write, passthrough; admin grants all)."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.core.errors import PermissionMissing

ALL_SCOPES = frozenset({"read", "write", "passthrough", "admin"})


def has_scope(scopes: Iterable[str], needed: str) -> bool:
    granted = set(scopes)
    return needed in granted or "admin" in granted


def require_scope(scopes: Iterable[str], needed: str) -> None:
    """Raise PLATFORM_PERMISSION_MISSING unless `scopes` grant `needed`."""
    if not has_scope(scopes, needed):
        raise PermissionMissing(
            f"This API key lacks the {needed!r} scope needed for this operation.",
            requiredScope=needed,
        )
