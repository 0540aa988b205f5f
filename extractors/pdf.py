"""PDF reader (placeholder until the PDF reader lands)."""

from __future__ import annotations

from pathlib import Path

from extractors.errors import ReadError
from extractors.model import Document


def read_pdf(path: Path, source_path: str, settings: object) -> Document:
    raise ReadError("NotImplemented", "PDF reading is not built yet")
