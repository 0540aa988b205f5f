"""DOCX reader (placeholder until the DOCX reader lands)."""

from __future__ import annotations

from pathlib import Path

from extractors.errors import ReadError
from extractors.model import Document


def read_docx(path: Path, source_path: str, settings: object) -> Document:
    raise ReadError("NotImplemented", "DOCX reading is not built yet")
