"""What a file's bytes say it is, and whether a declared content type agrees ("a PDF is a PDF").

Only formats that can be told from their first bytes are recognised: PDF, PNG, JPEG, GIF, RTF,
the zip containers (docx/xlsx/pptx by their part names, OpenDocument by their `mimetype`
entry, else plain zip), OLE compound files (doc/xls/ppt cannot be told apart cheaply, so any
of their types is accepted) and UTF-8 text. A declared type is refused only when the bytes
show it is wrong; a type we cannot check (text/html, image/webp ...) passes unless the bytes
are one of the recognised binary formats.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
RTF = "application/rtf"
TEXT = "text/plain"
ZIP = "application/zip"
OLE = "application/x-ole-storage"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
MSWORD = "application/msword"

_OOXML_PREFIX = "application/vnd.openxmlformats-officedocument."
_ODF_PREFIX = "application/vnd.oasis.opendocument."
_ZIP_BASED = (_OOXML_PREFIX, _ODF_PREFIX, "application/epub+zip")
_OLE_TYPES = frozenset(
    {OLE, MSWORD, "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
    | {"application/vnd.ms-outlook", "application/vnd.ms-word"}
)

#: declared types accepted for each recognised format (Word types are lenient with each other:
#: a .docx or .rtf labelled application/msword is still a Word document)
ACCEPTS: dict[str, frozenset[str]] = {
    PDF: frozenset({PDF, "application/x-pdf", "application/acrobat"}),
    PNG: frozenset({PNG, "image/x-png"}),
    JPEG: frozenset({JPEG, "image/jpg", "image/pjpeg"}),
    GIF: frozenset({GIF}),
    RTF: frozenset({RTF, "text/rtf", "application/x-rtf", "text/richtext", MSWORD}),
    OLE: _OLE_TYPES,
    DOCX: frozenset({DOCX, MSWORD}),
    XLSX: frozenset({XLSX, "application/vnd.ms-excel"}),
    PPTX: frozenset({PPTX, "application/vnd.ms-powerpoint"}),
    ZIP: frozenset({ZIP, "application/x-zip-compressed", "application/x-zip"}),
}
#: every declared type whose bytes we would have recognised
RECOGNISED: frozenset[str] = frozenset().union(*ACCEPTS.values())
#: declared types that say nothing about the bytes
GENERIC = frozenset({"application/octet-stream", "binary/octet-stream", "application/unknown"})

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"{\\rtf", RTF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
]


def sniff(data: bytes) -> str | None:
    """The recognised format of `data` (a content type), or None when it cannot be told."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if _looks_like_text(data[:8192]):
        return TEXT
    return None


def _zip_kind(data: bytes) -> str:
    # OpenDocument: an uncompressed first entry "mimetype" holding the type (ODF spec 3.3).
    if data[30:38] == b"mimetype":
        declared = data[38:128].split(b"PK", 1)[0].decode("ascii", "replace").strip()
        if declared.startswith(_ODF_PREFIX):
            return declared
    try:  # only the central directory is read, nothing is decompressed
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return ZIP
    if "[Content_Types].xml" in names:
        for part, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
            if any(name.startswith(part) for name in names):
                return kind
    return ZIP


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return head.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 text has NULs
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the 8 KB window is still text
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f\x1b")
    return controls * 100 <= len(text)


def matches(declared: str, kind: str | None) -> bool:
    """Whether the declared (normalised) content type fits bytes of format `kind`."""
    if declared in GENERIC:
        return True
    if kind is None or kind == TEXT:
        return declared not in RECOGNISED and not declared.startswith(_ZIP_BASED)
    if kind == ZIP:
        return declared in ACCEPTS[ZIP] or declared.startswith(_ZIP_BASED)
    if kind.startswith(_ODF_PREFIX):
        return declared == kind
    return declared in ACCEPTS.get(kind, frozenset({kind}))


def canonical(kind: str) -> str:
    """The content type to send for a recognised format when the caller gave none."""
    return MSWORD if kind == OLE else kind
