"""Pick the reader for a file by what its bytes are, not by what its name claims."""

from __future__ import annotations

import re
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
    # An XLSX sheet's XML above this size is refused before it is parsed (a real 自评表
    # sheet is well under 1 MB; openpyxl needs about 1 s per MB).
    max_sheet_xml_bytes: int = 4 * 1024 * 1024
    # A sheet spanning more cells than this (rows x columns) is skipped with a warning:
    # openpyxl makes an object for every position a sheet spans, filled or not.
    max_sheet_cells: int = 200_000
    # A web page nested deeper than this is refused (browsers stop nesting far earlier).
    max_html_depth: int = 2_000
    # Time granted on top of time_limit_s for each page sent to OCR.
    ocr_time_per_page_s: float = 30.0


# Extension -> the format it names (file_format in the documents table).
FORMAT_OF_SUFFIX = {
    "pdf": "pdf",
    "docx": "docx",
    "txt": "txt",
    "xlsx": "xlsx",
    "xls": "xls",
    "html": "html",
    "htm": "html",
}
SUPPORTED = frozenset(FORMAT_OF_SUFFIX)
READABLE = "jixiao reads .pdf, .docx, .txt, .xlsx, .xls and .html"
# Formats people convert from: what to do with them.
CONVERT_HINTS = {
    "doc": "open it in Word or WPS and save it as .docx",
    "wps": "open it in WPS and save it as .docx",
    "et": "open it in WPS and save it as .xlsx",
    "mht": "open it in a browser and save it as .html",
    "mhtml": "open it in a browser and save it as .html",
}
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
        hint = CONVERT_HINTS.get(suffix)
        advice = f"{READABLE}; {hint}" if hint else READABLE
        raise ReadError("UnsupportedFormat", f"unsupported format .{suffix or '?'}: {advice}")
    sniffed = sniff_format(data)
    file_format = FORMAT_OF_SUFFIX[suffix]
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
    if file_format in ("xlsx", "xls"):
        return _read_workbook(path, source_path, settings, suffix, data)
    if file_format == "html":
        if sniffed is not None:
            raise ReadError(
                "WrongExtension",
                f"not a web page: the file is named .{suffix} but its bytes are {_KINDS[sniffed]}",
            )
        from extractors.html import read_html

        return read_html(data, source_path, settings)
    from extractors.txt import read_txt

    return read_txt(data, source_path, settings.time_limit_s)


_KINDS = {
    "pdf": "a PDF",
    "zip": "a zip archive (DOCX/XLSX)",
    "ole": "an OLE file (legacy .doc/.xls)",
}
# What the bytes of a workbook named .xlsx/.xls must sniff as.
_WORKBOOK_BYTES = {"xlsx": "zip", "xls": "ole"}
_WORKBOOK_MISNAMED = {
    ("xlsx", "ole"): "an OLE file: a legacy .xls (rename it .xls) or a password-protected "
    "workbook (save it without a password)",
    ("xls", "zip"): "an .xlsx workbook: rename it .xlsx",
    ("xlsx", "pdf"): "a PDF",
    ("xls", "pdf"): "a PDF",
}
_MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<", re.ASCII)


def _read_workbook(
    path: Path, source_path: str, settings: ReadSettings, suffix: str, data: bytes
) -> Document:
    sniffed = sniff_format(data)
    if sniffed != _WORKBOOK_BYTES[suffix]:
        what = _WORKBOOK_MISNAMED.get((suffix, sniffed or ""))
        if what is None:
            # Some sites publish an HTML table under the name .xls.
            markup = _MARKUP_START.match(data[:1024])
            what = "a web page: rename it .html" if markup else "text, not a workbook"
        raise ReadError(
            "WrongExtension", f"not a workbook: the file is named .{suffix} but is {what}"
        )
    from extractors.xlsx import read_xls, read_xlsx

    if suffix == "xlsx":
        return read_xlsx(path, source_path, settings)
    return read_xls(path, source_path, settings)
