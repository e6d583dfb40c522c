"""Identifiers the way Flatchr shapes them: 16-character hashids, JWT-looking keys, slugs.

Flatchr encodes every numeric database id as a 16-character, case-sensitive alphanumeric
"hashid". We reproduce that with a keyed Feistel permutation over 94 bits (so two different
(kind, id) pairs can never share a hashid) rendered in base 62 with a salt-shuffled alphabet.
Everything is a pure function of the salt: same salt, same ids, on every machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re
import unicodedata
from enum import IntEnum
from functools import lru_cache
from typing import Any

import orjson

_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_HALF_BITS = 47
_HALF_MASK = (1 << _HALF_BITS) - 1
_ROUNDS = 4
HASHID_LENGTH = 16


class Kind(IntEnum):
    """Object families; each one has its own hashid space."""

    COMPANY = 1
    VACANCY = 2
    APPLICANT = 3
    CANDIDATE = 4
    APPLY = 5
    TAG = 6
    TRAIT = 7
    QUESTION = 8
    DISTRIBUTION = 9
    MEMBER = 10
    USER = 11
    OFFERER = 12
    SOURCE = 13
    COLUMN = 14


class HashIds:
    """Reversible (kind, number) <-> 16-char hashid codec keyed by a salt."""

    def __init__(self, salt: str) -> None:
        self._key = hashlib.sha256(salt.encode()).digest()[:16]
        letters = list(_BASE62)
        random.Random(self._key).shuffle(letters)
        self._alphabet = "".join(letters)
        self._index = {c: i for i, c in enumerate(self._alphabet)}
        self._pairs = [a + b for a in self._alphabet for b in self._alphabet]  # base 62**2
        # Copying a keyed hasher is several times cheaper than keying a new one.
        self._hashers = [
            hashlib.blake2b(bytes((rnd,)), key=self._key, digest_size=8) for rnd in range(_ROUNDS)
        ]

    def _round(self, half: int, rnd: int) -> int:
        hasher = self._hashers[rnd].copy()
        hasher.update(half.to_bytes(6, "big"))
        return int.from_bytes(hasher.digest(), "big") & _HALF_MASK

    def encode(self, kind: int, number: int) -> str:
        """`kind` separates object families (a vacancy and an applicant with the same number
        get different hashids); `number` must be below 2**40."""
        value = (kind << 40) | number
        left, right = value >> _HALF_BITS, value & _HALF_MASK
        for rnd in range(_ROUNDS):
            left, right = right, left ^ self._round(right, rnd)
        value = (left << _HALF_BITS) | right
        pairs = self._pairs
        chunks = [""] * (HASHID_LENGTH // 2)
        for position in range(HASHID_LENGTH // 2 - 1, -1, -1):
            value, digits = divmod(value, 3844)
            chunks[position] = pairs[digits]
        return "".join(chunks)

    def decode(self, hashid: str) -> tuple[int, int] | None:
        """The (kind, number) behind a hashid, or None if it is not one of ours."""
        if len(hashid) != HASHID_LENGTH:
            return None
        value = 0
        for char in hashid:
            digit = self._index.get(char)
            if digit is None:
                return None
            value = value * 62 + digit
        if value >> (2 * _HALF_BITS):
            return None
        left, right = value >> _HALF_BITS, value & _HALF_MASK
        for rnd in reversed(range(_ROUNDS)):
            left, right = right ^ self._round(left, rnd), left
        value = (left << _HALF_BITS) | right
        return value >> 40, value & ((1 << 40) - 1)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(payload: dict[str, Any], secret: str) -> str:
    """An HS256 JWT, like the keys and login tokens Flatchr hands out (clients treat them as
    opaque strings; the simulator never verifies the signature, it looks keys up)."""
    header = _b64url(orjson.dumps({"alg": "HS256", "typ": "JWT"}))
    body = _b64url(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS))
    signing_input = f"{header}.{body}".encode()
    signature = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{body}.{_b64url(signature)}"


@lru_cache(maxsize=1024)
def jwt_exp(token: str) -> int | None:
    """The integer `exp` claim of a JWT-looking string (signature not checked), or None when
    the string is not one or carries no `exp`."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, orjson.JSONDecodeError):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    return exp if isinstance(exp, int) and not isinstance(exp, bool) else None


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`Développeur Python H/F` -> `developpeur-python-h-f`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")


def vacancy_slug(hashid: str, title: str) -> str:
    """Flatchr's vacancy slug: lower-cased hashid, a dash, the slugified title."""
    return f"{hashid.lower()}-{slugify(title)}"


def hex_token(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(4 * length):0{length}x}"
