"""CV file contents: uploaded bytes when a client sent some, else a small generated document."""

from __future__ import annotations

from simulator.model import CvFile


def cv_bytes(file: CvFile) -> bytes:
    if file.data is not None:
        return file.data
    title = f"CV - {file.file_name}".encode("latin-1", "replace")
    if file.extension == "pdf":
        return _pdf(title)
    if file.extension in ("docx", "odt"):
        # Zip magic number, like real OOXML/ODF files; the rest is a readable placeholder.
        return b"PK\x03\x04" + b" simulated document: " + title + b"\n"
    if file.extension == "doc":
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 simulated document: " + title + b"\n"
    return title + b"\n"


def _pdf(title: bytes) -> bytes:
    """A one-page PDF with the title on it (enough for any viewer to open)."""
    text = title.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 18 Tf 72 770 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
