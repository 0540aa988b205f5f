"""TXT reader: decode the bytes, then rebuild paragraphs and flattened tables."""

from __future__ import annotations

from extractors.encoding import decode_text
from extractors.model import Document, assemble
from extractors.txt_tables import rebuild_tables


def read_txt(data: bytes, source_path: str) -> Document:
    """A Document from a TXT file's bytes.

    Raises ``ReadError`` (EmptyFile, CorruptFile) when the bytes hold no readable text.
    """
    decoded = decode_text(data)
    blocks = rebuild_tables(decoded.text.split("\n"))
    return assemble(source_path, "txt", blocks, warnings=decoded.warnings)
