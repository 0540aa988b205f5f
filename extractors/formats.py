"""What a file claims to be (its extension) and what its bytes are (their first bytes)."""

from __future__ import annotations

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
