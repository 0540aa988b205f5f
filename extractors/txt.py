"""TXT reader (placeholder until the TXT reader lands)."""

from __future__ import annotations

from extractors.model import Document, Paragraph, assemble


def read_txt(data: bytes, source_path: str) -> Document:
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    return assemble(source_path, "txt", [Paragraph(line) for line in text.split("\n")])
