"""Attachment inputs: exactly one source, base64, data: URLs, URL plans, size caps, CV needed."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.core.errors import ErrorCode
from resolvers.creation.attachments import fetch_budget, validate_attachments, with_fetched
from resolvers.creation.inputs import AttachmentInput, FileLimits, Path, UrlPolicy

from .factories import LIMITS, PDF, POLICY, b64, cv

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _paths(items: list[AttachmentInput], policy: UrlPolicy = POLICY) -> list[Path]:
    _valid, problems = validate_attachments(items, LIMITS, policy)
    assert all(p.code is ErrorCode.PLATFORM_INPUT_INVALID for p in problems)
    return [p.path for p in problems]


def _att(**fields: Any) -> AttachmentInput:
    base: dict[str, Any] = {"name": "doc.pdf", "type": "OTHER"}
    base.update(fields)
    return AttachmentInput(**base)


def test_inline_cv_decoded() -> None:
    valid, problems = validate_attachments([cv(content_type="application/pdf")], LIMITS, POLICY)
    assert problems == []
    assert [(a.index, a.name, a.type, a.content_type, a.data) for a in valid] == [
        (0, "cv.pdf", "CV", "application/pdf", PDF)
    ]


@pytest.mark.parametrize(
    ("item", "path"),
    [
        (_att(), ["attachments", 1]),
        (
            _att(data=b64(PDF), data_url="data:application/pdf;base64," + b64(PDF)),
            ["attachments", 1],
        ),
        (_att(data="%%%not base64%%%"), ["attachments", 1, "data"]),
        (_att(data=b64(b"")), ["attachments", 1, "data"]),
        (_att(data=b64(PDF), content_type="image/png"), ["attachments", 1, "contentType"]),
        (_att(data=b64(PDF), content_type="pdf"), ["attachments", 1, "contentType"]),
        (_att(name=" ", data=b64(PDF)), ["attachments", 1, "name"]),
        (_att(name="../../etc/passwd", data=b64(PDF)), ["attachments", 1, "name"]),
        (_att(name="x" * 256, data=b64(PDF)), ["attachments", 1, "name"]),
        (_att(type="PHOTO", data=b64(PDF)), ["attachments", 1, "type"]),
        (_att(data_url="data:application/pdf;base64,!!"), ["attachments", 1, "dataUrl"]),
        (_att(data_url="data:image/png;base64," + b64(PDF)), ["attachments", 1, "dataUrl"]),
        (_att(data_url="ftp://example.org/cv.pdf"), ["attachments", 1, "dataUrl"]),
        (_att(data_url="file:///etc/passwd"), ["attachments", 1, "dataUrl"]),
        (_att(data_url="javascript:alert(1)"), ["attachments", 1, "dataUrl"]),
        (_att(data_url="https://"), ["attachments", 1, "dataUrl"]),
        (_att(data_url="https://example.org:99999/cv.pdf"), ["attachments", 1, "dataUrl"]),
        (_att(data_url="https://user:pw@example.org/cv.pdf"), ["attachments", 1, "dataUrl"]),
        (_att(data_url="https://example.org/" + "a" * 2048), ["attachments", 1, "dataUrl"]),
        (_att(data=b64(b"x" * 1001)), ["attachments", 1, "data"]),
        (_att(data=b64(b"x" * 4000)), ["attachments", 1, "data"]),  # refused before decoding
    ],
)
def test_attachment_problem_path(item: AttachmentInput, path: Path) -> None:
    assert _paths([cv(), item]) == [path]


def test_content_type_of_data_url_checked_at_data_url_path() -> None:
    item = _att(data_url="data:image/png;base64," + b64(PDF))
    _valid, problems = validate_attachments([cv(), item], LIMITS, POLICY)
    assert [p.path for p in problems] == [["attachments", 1, "dataUrl"]]
    assert "image/png" in problems[0].message and "application/pdf" in problems[0].message


def test_explicit_content_type_wins_over_data_url_type() -> None:
    item = _att(data_url="data:image/png;base64," + b64(PDF), content_type="application/pdf")
    valid, problems = validate_attachments([cv(), item], LIMITS, POLICY)
    assert problems == [] and valid[1].content_type == "application/pdf"


def test_total_cap_reported_once_on_attachments() -> None:
    big = b"%PDF-" + b"x" * 795  # 800 bytes each: each under 1000, 1600 in all > 1500
    paths = _paths([cv(big), _att(data=b64(big))])
    assert paths == [["attachments"]]


def test_cv_required() -> None:
    assert _paths([_att(data=b64(PDF))]) == [["attachments"]]
    assert _paths([]) == [["attachments"]]


@pytest.mark.parametrize(
    ("url", "policy", "fetch"),
    [
        ("https://files.example.org/cv.pdf", POLICY, True),
        ("https://files.example.org/cv.pdf", UrlPolicy(fetch=False), False),
        ("http://files.example.org/cv.pdf", POLICY, False),  # not allow-listed: a link
        ("http://127.0.0.1:8001/cv.pdf", POLICY, True),  # allow-listed host
        ("HTTPS://Files.Example.org/cv.pdf", POLICY, True),
    ],
)
def test_url_planned_for_fetch_or_link(url: str, policy: UrlPolicy, fetch: bool) -> None:
    valid, problems = validate_attachments([cv(data=None, data_url=url)], LIMITS, policy)
    assert problems == []
    assert (valid[0].url, valid[0].data, valid[0].fetch) == (url, None, fetch)


def test_fetch_budget_is_what_inline_files_left() -> None:
    valid, _ = validate_attachments(
        [cv(data=None, data_url="https://x.example/cv.pdf"), _att(data=b64(b"%PDF-" + b"x" * 695))],
        LIMITS,
        POLICY,
    )
    assert fetch_budget(valid, LIMITS) == 800
    assert fetch_budget([], FileLimits(max_file_bytes=100, max_total_bytes=500)) == 100


def test_fetched_bytes_checked_like_inline() -> None:
    valid, _ = validate_attachments(
        [cv(data=None, data_url="https://x.example/cv")], LIMITS, POLICY
    )
    done, problems = with_fetched(valid[0], PDF, "application/pdf; charset=binary", LIMITS)
    assert problems == []
    assert (done.data, done.url, done.fetch, done.content_type) == (
        PDF,
        None,
        False,
        "application/pdf",
    )
    _, problems = with_fetched(valid[0], PDF, "image/png", LIMITS)
    assert [p.path for p in problems] == [["attachments", 0, "dataUrl"]]
    _, problems = with_fetched(valid[0], b"x" * 1001, None, LIMITS)
    assert [p.path for p in problems] == [["attachments", 0, "dataUrl"]]


def test_fetched_bytes_checked_against_declared_type_at_content_type() -> None:
    item = cv(data=None, data_url="https://x.example/cv", content_type="application/pdf")
    valid, _ = validate_attachments([item], LIMITS, POLICY)
    _, problems = with_fetched(valid[0], PNG, "application/pdf", LIMITS)
    assert [p.path for p in problems] == [["attachments", 0, "contentType"]]
