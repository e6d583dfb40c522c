"""Attachment bytes: strict base64, `data:` URLs, content types and the per-file checks.

Pure functions; the caller's bytes are never echoed in a message. `check_file` is what every
attachment's bytes go through, whether they came inline or were fetched from a URL.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from resolvers.creation import sniff
from resolvers.creation.inputs import FileLimits, Path, Problem

_WHITESPACE = re.compile(rb"[ \t\r\n]+")
_STANDARD = re.compile(rb"[A-Za-z0-9+/]*={0,2}")
_URLSAFE = re.compile(rb"[A-Za-z0-9_-]*={0,2}")
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
_MIME = re.compile(rf"{_TOKEN}/{_TOKEN}")


def decode_base64(text: str) -> bytes | None:
    """Standard or URL-safe base64 (line breaks allowed, padding required); None if invalid."""
    try:
        raw = _WHITESPACE.sub(b"", text.encode("ascii"))
    except UnicodeEncodeError:
        return None
    if len(raw) % 4:
        return None
    try:
        if _STANDARD.fullmatch(raw):
            return base64.b64decode(raw, validate=True)
        if _URLSAFE.fullmatch(raw):
            return base64.urlsafe_b64decode(raw)
    except (binascii.Error, ValueError):
        return None
    return None


def base64_size_bound(text: str) -> int:
    """An upper bound of the decoded size (line breaks and spaces not counted), to refuse
    oversized input before decoding it."""
    blanks = sum(text.count(char) for char in " \t\r\n")
    return (len(text) - blanks) * 3 // 4


@dataclass(frozen=True, slots=True)
class DataUrl:
    media_type: str | None
    data: bytes


def parse_data_url(url: str) -> DataUrl | str:
    """`data:[<media type>][;base64],<data>` (RFC 2397) -> its bytes, or the reason it is not
    one. Without `;base64` the data is percent-decoded text."""
    header, comma, payload = url[5:].partition(",")
    if url[:5].lower() != "data:" or not comma:
        return "is not a data: URL (data:<type>;base64,<data>)"
    params = [p.strip() for p in header.split(";")]
    is_base64 = len(params) > 1 and params[-1].lower() == "base64"
    media = normalise_content_type(params[0]) if params[0] else None
    if params[0] and media is None:
        return f"has an invalid media type {params[0][:80]!r}"
    if is_base64:
        data = decode_base64(unquote_to_bytes(payload).decode("ascii", "replace"))
        if data is None:
            return "does not hold valid base64 data"
        return DataUrl(media, data)
    return DataUrl(media, unquote_to_bytes(payload))


def normalise_content_type(value: str) -> str | None:
    """`Type/Sub; charset=x` -> `type/sub`; None when it is not a media type."""
    head = value.split(";", 1)[0].strip().lower()
    return head if _MIME.fullmatch(head) else None


def check_file(
    path: Path, data: bytes, declared: str | None, limits: FileLimits, *, type_path: Path
) -> list[Problem]:
    """Empty file, per-file cap (at `path`), and a declared content type that the bytes
    contradict (at `type_path`, where the caller declared it)."""
    problems: list[Problem] = []
    if not data:
        problems.append(Problem(path, "The file is empty"))
    elif len(data) > limits.max_file_bytes:
        problems.append(
            Problem(path, f"The file is {len(data)} bytes; at most {limits.max_file_bytes} allowed")
        )
    kind = sniff.sniff(data) if data else None
    if declared is not None and data and not sniff.matches(declared, kind):
        if kind is None:
            found = f"they are not {declared}"
        else:
            found = "they are plain text" if kind == sniff.TEXT else f"they are {kind}"
        problems.append(
            Problem(type_path, f"The content type {declared} does not match the bytes: {found}")
        )
    return problems


def content_type_for(name: str, declared: str | None, data: bytes) -> str:
    """What to tell Flatchr: the declared type, else the file name's type when the bytes
    agree, else what the bytes are, else application/octet-stream."""
    if declared is not None and declared not in sniff.GENERIC:
        return declared
    kind = sniff.sniff(data)
    guessed = mimetypes.guess_type(name, strict=False)[0]
    if guessed is not None and guessed not in sniff.GENERIC and sniff.matches(guessed, kind):
        return guessed
    return sniff.canonical(kind) if kind is not None else "application/octet-stream"
