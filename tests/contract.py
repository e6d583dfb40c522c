"""The contract check, on graphql-core's own schema diff.

`find_breaking_changes(contract, exported)` lists what a client written against the contract
would trip on (a type, field, argument or enum value gone, a type changed, a new required
argument); additions are not breaking. `find_dangerous_changes` lists additions that can still
surprise a client (a value added to an enum it switches on, an optional argument added): the
contract allows them, so they are reported, not failed.
"""

from __future__ import annotations

from graphql import build_schema, find_breaking_changes, find_dangerous_changes


def breaking_changes(contract_sdl: str, exported_sdl: str) -> list[str]:
    """What the exported schema takes away from the contract; empty when it honours it."""
    changes = find_breaking_changes(build_schema(contract_sdl), build_schema(exported_sdl))
    return [f"{c.type.name}: {c.description}" for c in changes]


def dangerous_changes(contract_sdl: str, exported_sdl: str) -> list[str]:
    changes = find_dangerous_changes(build_schema(contract_sdl), build_schema(exported_sdl))
    return [f"{c.type.name}: {c.description}" for c in changes]
