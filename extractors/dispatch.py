"""Pick the reader for a file by what its bytes are, not by what its name claims."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from extractors.docx import read_docx
from extractors.errors import ReadError
from extractors.formats import CONVERT_HINTS, FORMAT_OF_SUFFIX, READABLE, SUPPORTED, sniff_format
from extractors.html import read_html
from extractors.model import Document
from extractors.pdf import read_pdf
from extractors.settings import ReadSettings
from extractors.txt import read_txt
from extractors.xlsx import read_xls, read_xlsx


def read_document(data: bytes, source_path: str, settings: ReadSettings) -> Document:
    """The document in ``data``, the bytes of the file at ``source_path`` (whose extension
    names the format the bytes must be). Readers parse these bytes: the file is read once."""
    suffix = PurePosixPath(source_path).suffix.lower().lstrip(".")
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
        return read_pdf(data, source_path, settings)
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
        return read_docx(data, source_path, settings)
    if file_format in ("xlsx", "xls"):
        return _read_workbook(data, source_path, settings, suffix)
    if file_format == "html":
        if sniffed is not None:
            raise ReadError(
                "WrongExtension",
                f"not a web page: the file is named .{suffix} but its bytes are {_KINDS[sniffed]}",
            )
        return read_html(data, source_path, settings)
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


def _read_workbook(data: bytes, source_path: str, settings: ReadSettings, suffix: str) -> Document:
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
    if suffix == "xlsx":
        return read_xlsx(data, source_path, settings)
    return read_xls(data, source_path, settings)
