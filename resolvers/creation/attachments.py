"""Attachment inputs checked and planned: decoded bytes, or a URL to fetch or to pass on.

Each attachment has exactly one of `data` (base64) and `dataUrl`. A `data:` URL is decoded
here; an `https://` URL is fetched later by `gateway.urlfetch` (only the one CV that is sent,
so nothing else is downloaded), unless fetching is off, in which case Flatchr gets the link; an
`http://` URL is fetched only from an allow-listed host and is otherwise passed on as a link.
Flatchr's candidate creation requires a resume, so at least one attachment must be a CV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from resolvers.creation.files import (
    base64_size_bound,
    check_file,
    decode_base64,
    normalise_content_type,
    parse_data_url,
)
from resolvers.creation.inputs import (
    AttachmentInput,
    FileLimits,
    Path,
    Problem,
    UrlPolicy,
    ValidAttachment,
)

FIELD = "attachments"
TYPES = ("CV", "COVER_LETTER", "OTHER")
MAX_NAME = 255
MAX_URL = 2048


def validate_attachments(
    items: Sequence[AttachmentInput], limits: FileLimits, policy: UrlPolicy
) -> tuple[list[ValidAttachment], list[Problem]]:
    valid: list[ValidAttachment] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        found, errors = _one(index, item, limits, policy)
        problems.extend(errors)
        if found is not None and not errors:
            valid.append(found)
    total = sum(len(a.data) for a in valid if a.data is not None)
    if total > limits.max_total_bytes:
        problems.append(
            Problem(
                [FIELD],
                f"The attachments add up to {total} bytes; at most {limits.max_total_bytes} "
                "allowed in total",
            )
        )
    if not any(item.type == "CV" for item in items):
        problems.append(Problem([FIELD], "Flatchr needs a resume: add an attachment of type CV"))
    return valid, problems


def _one(
    index: int, item: AttachmentInput, limits: FileLimits, policy: UrlPolicy
) -> tuple[ValidAttachment | None, list[Problem]]:
    base: Path = [FIELD, index]
    problems: list[Problem] = []
    name = item.name.strip()
    if not name:
        problems.append(Problem([*base, "name"], "The file name is required"))
    elif len(name) > MAX_NAME or any(ord(c) < 32 or c in "/\\" for c in name):
        problems.append(
            Problem([*base, "name"], f"A file name of at most {MAX_NAME} characters, no / or \\")
        )
    if item.type not in TYPES:
        problems.append(Problem([*base, "type"], f"The type must be one of {', '.join(TYPES)}"))
    declared = None
    if item.content_type is not None:
        declared = normalise_content_type(item.content_type)
        if declared is None:
            problems.append(
                Problem([*base, "contentType"], "Not a media type such as application/pdf")
            )
    type_path: Path = [*base, "contentType"]
    if (item.data is None) == (item.data_url is None):
        problems.append(Problem(base, "Give exactly one of data and dataUrl"))
        return None, problems
    if item.data is not None:
        data_path: Path = [*base, "data"]
        data = _decode(item.data, data_path, limits, problems)
    else:
        url = (item.data_url or "").strip()
        data_path = [*base, "dataUrl"]
        if not url.lower().startswith("data:"):
            plan = _remote(index, name, item, declared, url, policy, problems)
            return plan, problems
        parsed = parse_data_url(url)
        if isinstance(parsed, str):
            problems.append(Problem(data_path, f"The data URL {parsed}"))
            return None, problems
        data = parsed.data
        if declared is None and parsed.media_type is not None:
            declared, type_path = parsed.media_type, data_path
    if data is not None:
        problems.extend(check_file(data_path, data, declared, limits, type_path=type_path))
    attachment = ValidAttachment(index, name, item.type, declared, data=data)
    return attachment, problems


def _decode(text: str, path: Path, limits: FileLimits, problems: list[Problem]) -> bytes | None:
    if base64_size_bound(text) > limits.max_file_bytes + 2:
        problems.append(
            Problem(path, f"The file is larger than {limits.max_file_bytes} bytes allowed")
        )
        return None
    data = decode_base64(text)
    if data is None:
        problems.append(Problem(path, "Not valid base64"))
    return data


def _remote(
    index: int,
    name: str,
    item: AttachmentInput,
    declared: str | None,
    url: str,
    policy: UrlPolicy,
    problems: list[Problem],
) -> ValidAttachment | None:
    path: Path = [FIELD, index, "dataUrl"]
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        problems.append(Problem(path, "Not a valid URL"))
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in ("https", "http") or not host:
        problems.append(Problem(path, "Use a data:, https: or http: URL"))
        return None
    if len(url) > MAX_URL:
        problems.append(Problem(path, f"A URL of at most {MAX_URL} characters"))
        return None
    if parts.username is not None or parts.password is not None:
        problems.append(Problem(path, "A URL with credentials in it is not accepted"))
        return None
    fetch = policy.fetch and (scheme == "https" or host in policy.allow_hosts)
    return ValidAttachment(index, name, item.type, declared, url=url, fetch=fetch)


def fetch_budget(attachments: Sequence[ValidAttachment], limits: FileLimits) -> int:
    """The most bytes a fetched attachment may have: its own cap, within what the inline
    attachments left of the total."""
    inline = sum(len(a.data) for a in attachments if a.data is not None)
    return max(0, min(limits.max_file_bytes, limits.max_total_bytes - inline))


def with_fetched(
    attachment: ValidAttachment,
    data: bytes,
    served_type: str | None,
    limits: FileLimits,
) -> tuple[ValidAttachment, list[Problem]]:
    """The attachment with the bytes fetched from its URL, checked like inline bytes: the
    caller's content type (else the server's) must match them."""
    base: Path = [FIELD, attachment.index]
    declared, type_path = attachment.content_type, [*base, "contentType"]
    if declared is None and served_type is not None:
        declared, type_path = normalise_content_type(served_type), [*base, "dataUrl"]
    problems = check_file([*base, "dataUrl"], data, declared, limits, type_path=type_path)
    fetched = replace(attachment, content_type=declared, data=data, url=None, fetch=False)
    return fetched, problems
