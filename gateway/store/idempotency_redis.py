"""The Redis backend of the idempotency records (see `gateway.store.idempotency`)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from redis.asyncio import Redis

from gateway.store.idempotency import DAY, Claimed, ClaimResult, Idempotency, Record, verdict
from gateway.store.redis_client import millis, unavailable

# ARGV[3], a token per claim call, makes the claim safe to send twice: when its reply is lost
# and redis-py sends it again, the retry finds its own pending claim and wins, instead of
# answering "in progress" to a caller that is the one meant to write.
_CLAIM = """
local cur = redis.call('HMGET', KEYS[1], 'state', 'fp', 'outcome', 'owner')
if cur[1] then
  if cur[1] == 'pending' and cur[4] == ARGV[3] then return nil end
  return {cur[1], cur[2], cur[3]}
end
redis.call('HSET', KEYS[1], 'state', 'pending', 'fp', ARGV[1], 'owner', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return nil
"""

_COMPLETE = """
if redis.call('HGET', KEYS[1], 'state') ~= 'pending' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'outcome', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""

_RELEASE = """
if redis.call('HGET', KEYS[1], 'state') == 'pending' then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisIdempotency(Idempotency):
    """Records shared by every process: hash `<prefix>idem:<tenant>:<key>` with `state`
    (pending|done), `fp`, `outcome` and the claiming call's `owner` token. The claim is one
    script that either creates the pending record or returns the existing one, so two racing
    claims cannot both win and there is no gap between "SET NX failed" and reading what is
    there."""

    def __init__(
        self, client: Redis, *, ttl: float = DAY, claim_ttl: float = 120.0, prefix: str = "gw:"
    ) -> None:
        super().__init__(ttl=ttl, claim_ttl=claim_ttl)
        self._redis = client
        self._prefix = prefix
        self._claim = client.register_script(_CLAIM)
        self._complete = client.register_script(_COMPLETE)
        self._release = client.register_script(_RELEASE)

    def _key(self, tenant: str, key: str) -> str:
        return f"{self._prefix}idem:{tenant}:{key}"

    async def claim(self, tenant: str, key: str, fingerprint: str) -> ClaimResult:
        with unavailable("idempotency"):
            found = await self._claim(
                keys=[self._key(tenant, key)],
                args=[fingerprint, millis(self.claim_ttl), secrets.token_hex(8)],
            )
        if found is None:
            return Claimed()
        return verdict(_decode(found), fingerprint)

    async def complete(self, tenant: str, key: str, outcome: bytes) -> bool:
        with unavailable("idempotency"):
            done = await self._complete(
                keys=[self._key(tenant, key)], args=[outcome, millis(self.ttl)]
            )
        return bool(done)

    async def release(self, tenant: str, key: str) -> None:
        with unavailable("idempotency"):
            await self._release(keys=[self._key(tenant, key)])

    async def _peek(self, tenant: str, key: str) -> Record | None:
        with unavailable("idempotency"):
            found = await self._redis.hmget(self._key(tenant, key), ["state", "fp", "outcome"])
        return None if found[0] is None else _decode(found)


def _decode(fields: Sequence[bytes | str | None]) -> Record:
    state, fp, outcome = (f.encode() if isinstance(f, str) else f for f in fields)
    return Record(state == b"done", (fp or b"").decode(), outcome)
