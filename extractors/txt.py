"""TXT reader: decode the bytes, then rebuild paragraphs and flattened tables."""

from __future__ import annotations

from extractors.dispatch import sniff_format
from extractors.encoding import decode_text
from extractors.errors import ReadError
from extractors.model import Document, assemble
from extractors.txt_tables import rebuild_tables

_DISGUISED = {"pdf": "a PDF", "zip": "a zip archive (DOCX/XLSX)"}


def read_txt(data: bytes, source_path: str) -> Document:
    """A Document from a TXT file's bytes.

    Raises ``ReadError`` (EmptyFile, CorruptFile, WrongExtension) when the bytes hold no
    readable text.
    """
    sniffed = sniff_format(data)
    if sniffed in _DISGUISED:
        raise ReadError(
            "WrongExtension",
            f"not a text file: the file is named .txt but its bytes are {_DISGUISED[sniffed]}",
        )
    decoded = decode_text(data)
    blocks = rebuild_tables(decoded.text.split("\n"))
    return assemble(source_path, "txt", blocks, warnings=decoded.warnings)
