"""Idempotency keys of the create mutations: one write per (tenant, key), its outcome replayed.

The outcome is stored as keys, not records (the application key, the candidate key, the
warnings and the userErrors), and the records are read again through the loaders on replay,
so a replay shows the same data as any later read. A final outcome (a success, or errors the
caller must fix) is stored for `idempotency_ttl`; a failure worth retrying (Flatchr or the
store unavailable, an unexpected error) releases the claim so that a retry with the same key
runs again. A second call with the key while the first runs waits for its outcome (at most
`idempotency_wait`). The same key with another input is refused. When the store cannot be
reached, a write with a key is refused (PLATFORM_UNAVAILABLE) rather than risking a duplicate.

A write whose result stayed unknown (C4 failed, the applicant not found in time) leaves a
marker under `<key>#unresolved`: if the retry then finds the application, it was that
write's, and the retry answers it as its success instead of "already exists".
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

from gateway.core.errors import ErrorCode, StoreUnavailable
from gateway.store.idempotency import Claimed, Existing, InProgress, Mismatch
from resolvers.context import Context
from resolvers.creation.inputs import Problem

logger = logging.getLogger("gateway.writes")
MAX_KEY = 255
UNRESOLVED = "#unresolved"


@dataclass
class Outcome:
    """What a create mutation answered, by keys (see module docstring)."""

    application_key: str | None = None
    candidate_key: str | None = None
    warnings: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def dump(self) -> bytes:
        return orjson.dumps(
            {
                "application": self.application_key,
                "candidate": self.candidate_key,
                "warnings": self.warnings,
                "userErrors": [
                    {"code": p.code.value, "message": p.message, "field": p.path}
                    for p in self.errors
                ],
            }
        )

    @classmethod
    def load(cls, raw: bytes) -> Outcome:
        data = orjson.loads(raw)
        errors = [
            Problem(list(e["field"]), e["message"], ErrorCode(e["code"]))
            for e in data["userErrors"]
        ]
        return cls(data["application"], data["candidate"], list(data["warnings"]), errors)


def fingerprint(kind: str, *parts: Any) -> str:
    """The request's identity: the mutation and its whole input (files included)."""
    body = orjson.dumps([kind, *(asdict(p) if hasattr(p, "__dataclass_fields__") else p
                                 for p in parts)], option=orjson.OPT_SORT_KEYS)  # fmt: skip
    return hashlib.sha256(body).hexdigest()


def key_problem(key: str) -> Problem | None:
    if not key.strip() or len(key) > MAX_KEY:
        return Problem(["idempotencyKey"], f"A key of 1 to {MAX_KEY} characters")
    return None


async def once(
    ctx: Context, key: str | None, fp: str, write: Callable[[], Awaitable[Outcome]]
) -> Outcome:
    """`write()` once per key: its outcome, or the stored outcome of the first call."""
    if key is None:
        return await write()
    store, tenant = ctx.services.idempotency, ctx.data.tenant
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ctx.settings.idempotency_wait
    while True:
        match await store.claim(tenant, key, fp):
            case Existing(stored):
                return Outcome.load(stored)
            case Mismatch():
                message = "This idempotencyKey was already used for a different input"
                return Outcome(errors=[Problem(["idempotencyKey"], message)])
            case InProgress():
                left = deadline - loop.time()
                if left <= 0:
                    raise StoreUnavailable(
                        "A write with this idempotencyKey is still in progress; retry shortly"
                    )
                done = await store.wait_for(tenant, key, left)
                if done is not None:
                    return Outcome.load(done.outcome)
            case Claimed():
                break
    try:
        outcome = await write()
    except BaseException:
        await _release(ctx, key)
        raise
    try:
        await store.complete(tenant, key, outcome.dump())
    except StoreUnavailable:  # the write is done: answer it even if it cannot be recorded
        logger.warning("idempotency outcome not recorded (store unavailable)")
    return outcome


async def _release(ctx: Context, key: str) -> None:
    try:
        await ctx.services.idempotency.release(ctx.data.tenant, key)
    except StoreUnavailable:  # the claim lapses on its own after idempotency_claim_ttl
        logger.warning("idempotency claim not released (store unavailable)")


async def mark_unresolved(ctx: Context, key: str, fp: str) -> None:
    """Remember that the write with this key may have landed unseen."""
    store, tenant = ctx.services.idempotency, ctx.data.tenant
    if isinstance(await store.claim(tenant, key + UNRESOLVED, fp), Claimed):
        await store.complete(tenant, key + UNRESOLVED, b"1")


async def was_unresolved(ctx: Context, key: str, fp: str) -> bool:
    """Whether an earlier call with this key and input ended with its write unknown."""
    store, tenant = ctx.services.idempotency, ctx.data.tenant
    found = await store.claim(tenant, key + UNRESOLVED, fp)
    if isinstance(found, Claimed):
        await store.release(tenant, key + UNRESOLVED)
    return isinstance(found, Existing)
