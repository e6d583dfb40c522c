"""Attachment bytes: magic-byte sniffing, content-type agreement, base64 and data: URLs."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from resolvers.creation import sniff
from resolvers.creation.files import (
    DataUrl,
    base64_size_bound,
    content_type_for,
    decode_base64,
    normalise_content_type,
    parse_data_url,
)

from .factories import PDF

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
GIF = b"GIF89a\x01\x00\x01\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
RTF = b"{\\rtf1\\ansi Bonjour}"
TEXT = "Léa Martin\nDéveloppeuse Python\n".encode()


def _zip(entries: dict[str, bytes], *, mimetype: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if mimetype is not None:  # ODF: first entry, stored uncompressed
            archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"content.xml": b"<office/>"}, mimetype=sniff.ODT)
ZIP = _zip({"notes.txt": b"hello"})


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, sniff.PDF),
        (PNG, sniff.PNG),
        (JPEG, sniff.JPEG),
        (GIF, sniff.GIF),
        (b"GIF87a....", sniff.GIF),
        (OLE, sniff.OLE),
        (RTF, sniff.RTF),
        (DOCX, sniff.DOCX),
        (XLSX, sniff.XLSX),
        (ODT, sniff.ODT),
        (ZIP, sniff.ZIP),
        (b"PK\x03\x04 truncated", sniff.ZIP),
        (TEXT, sniff.TEXT),
        ("é".encode() * 5000, sniff.TEXT),  # a character cut by the 8 KB window
        ("\ufeffhello".encode("utf-16"), sniff.TEXT),
        (b"\x00\x01\x02\x03binary", None),
        (b"caf\xe9 latin-1", None),
        (bytes(range(1, 31)) * 3, None),
    ],
)
def test_sniff_by_magic_bytes(data: bytes, kind: str | None) -> None:
    assert sniff.sniff(data) == kind


@pytest.mark.parametrize(
    ("declared", "data", "ok"),
    [
        ("application/pdf", PDF, True),
        ("application/x-pdf", PDF, True),
        ("image/png", PDF, False),
        ("application/pdf", PNG, False),
        ("application/pdf", TEXT, False),
        ("application/pdf", b"\x00\x01garbage", False),
        ("image/jpeg", JPEG, True),
        ("image/jpg", JPEG, True),
        ("image/gif", GIF, True),
        ("image/png", PNG, True),
        ("application/msword", OLE, True),
        ("application/vnd.ms-excel", OLE, True),
        ("application/pdf", OLE, False),
        (sniff.DOCX, DOCX, True),
        ("application/msword", DOCX, True),
        (sniff.ODT, DOCX, False),
        (sniff.ODT, ODT, True),
        (sniff.DOCX, ODT, False),
        (sniff.DOCX, ZIP, True),  # a zip we could not open further: any zip-based type
        ("application/zip", ZIP, True),
        ("application/pdf", ZIP, False),
        ("application/rtf", RTF, True),
        ("text/rtf", RTF, True),
        ("application/msword", RTF, True),
        ("text/plain", TEXT, True),
        ("text/html", TEXT, True),
        ("application/rtf", TEXT, False),
        ("image/webp", b"RIFF\x00\x00WEBPVP8", True),  # cannot be told: passes
        ("image/webp", PDF, False),
        ("application/octet-stream", PDF, True),
    ],
)
def test_declared_type_must_match_bytes(declared: str, data: bytes, ok: bool) -> None:
    assert sniff.matches(declared, sniff.sniff(data)) is ok


@pytest.mark.parametrize(
    ("name", "declared", "data", "expected"),
    [
        ("cv.pdf", None, PDF, "application/pdf"),
        ("cv", None, PDF, "application/pdf"),
        ("cv.bin", None, PDF, "application/pdf"),
        ("cv.doc", None, OLE, "application/msword"),
        ("cv.xls", None, OLE, "application/vnd.ms-excel"),
        ("cv.docx", None, DOCX, sniff.DOCX),
        ("cv.txt", None, TEXT, "text/plain"),
        ("cv.html", None, TEXT, "text/html"),
        ("cv.pdf", None, b"\x00\x01garbage", "application/octet-stream"),
        ("cv.pdf", "application/x-pdf", PDF, "application/x-pdf"),
        ("cv.pdf", "application/octet-stream", PDF, "application/pdf"),
    ],
)
def test_content_type_sent(name: str, declared: str | None, data: bytes, expected: str) -> None:
    assert content_type_for(name, declared, data) == expected


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (base64.b64encode(PDF).decode(), PDF),
        (base64.b64encode(b"\xfb\xff\xfe").decode(), b"\xfb\xff\xfe"),
        (base64.urlsafe_b64encode(b"\xfb\xff\xfe").decode(), b"\xfb\xff\xfe"),
        ("SGVs\nbG8s\r\nIHdv cmxk", b"Hello, world"),
        ("", b""),
    ],
)
def test_base64_valid(text: str, data: bytes) -> None:
    assert decode_base64(text) == data


@pytest.mark.parametrize("text", ["!!!", "SGVsbG8", "SGVsbG8=x", "SGV+bG8_", "é===", "a==="])
def test_base64_invalid(text: str) -> None:
    assert decode_base64(text) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("data:application/pdf;base64," + base64.b64encode(PDF).decode(), DataUrl(sniff.PDF, PDF)),
        ("DATA:Application/PDF;name=cv.pdf;base64,JVBERi0=", DataUrl(sniff.PDF, b"%PDF-")),
        ("data:,Hello%2C%20World", DataUrl(None, b"Hello, World")),
        ("data:text/plain;charset=utf-8,caf%C3%A9", DataUrl("text/plain", "café".encode())),
    ],
)
def test_data_url_decoded(url: str, expected: DataUrl) -> None:
    assert parse_data_url(url) == expected


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("data:application/pdf;base64", "is not a data: URL"),
        ("https://example.org/cv.pdf", "is not a data: URL"),
        ("data:application/pdf;base64,!!!", "valid base64"),
        ("data:not a type;base64,JVBERi0=", "invalid media type"),
    ],
)
def test_data_url_refused(url: str, fragment: str) -> None:
    result = parse_data_url(url)
    assert isinstance(result, str) and fragment in result


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("application/pdf", "application/pdf"),
        ("Application/PDF; charset=binary", "application/pdf"),
        (" image/png ", "image/png"),
        ("pdf", None),
        ("application/", None),
        ("a/b/c", None),
        ("", None),
    ],
)
def test_normalise_content_type(value: str, expected: str | None) -> None:
    assert normalise_content_type(value) == expected


def test_size_bound_ignores_line_breaks() -> None:
    text = base64.encodebytes(b"x" * 3000).decode("ascii")  # 76-character lines
    assert "\n" in text
    assert base64_size_bound(text) == 3000
