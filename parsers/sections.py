"""Cut a document at its headings (placeholder)."""

from __future__ import annotations

from extractors.model import Document
from jixiao.records import SectionRecord


def segment(doc: Document) -> list[SectionRecord]:
    return []
