"""Pick the reader for a file by what its bytes are, not by what its name claims."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractors.errors import ReadError
from extractors.model import Document


@dataclass(frozen=True)
class ReadSettings:
    """Limits and tolerances for reading one document (named, documented defaults)."""

    max_pages: int = 500
    time_limit_s: float = 120.0
    max_docx_uncompressed_bytes: int = 200 * 1024 * 1024
    max_docx_compression_ratio: float = 100.0
    # Read every PDF page with pdfplumber (pdfminer) instead of PDFium: the slow reference path.
    pdf_all_pdfplumber: bool = False
    # OCR the PDF pages that have no text layer (loads the OCR engine on the first such page).
    ocr: bool = True


SUPPORTED = {"pdf", "docx", "txt"}
# An OLE compound file: a legacy .doc, or a .docx that Word encrypted with a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes) -> str | None:
    """What the bytes really are: pdf, zip (a DOCX is one), ole (legacy/encrypted Word), or None."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return None


def read_document(path: Path, source_path: str, settings: ReadSettings) -> Document:
    data = path.read_bytes()
    suffix = path.suffix.lower().lstrip(".")
    if not data.strip():
        raise ReadError("EmptyFile", "empty file: there is nothing to read")
    if suffix not in SUPPORTED:
        raise ReadError(
            "UnsupportedFormat",
            f"unsupported format .{suffix or '?'}: jixiao reads .pdf, .docx and .txt",
        )
    sniffed = sniff_format(data)
    if suffix == "pdf":
        if sniffed != "pdf":
            raise ReadError(
                "WrongExtension", "not a PDF: the file is named .pdf but its bytes are not a PDF"
            )
        from extractors.pdf import read_pdf

        return read_pdf(path, source_path, settings)
    if suffix == "docx":
        if sniffed == "ole":
            raise ReadError(
                "EncryptedDOCX",
                "password-protected or legacy Word file: save it as .docx without a password",
            )
        if sniffed != "zip":
            raise ReadError(
                "WrongExtension", "not a DOCX: the file is named .docx but is not a Word (zip) file"
            )
        from extractors.docx import read_docx

        return read_docx(path, source_path, settings)
    from extractors.txt import read_txt

    return read_txt(data, source_path)
