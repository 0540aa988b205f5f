"""Money figures in prose (placeholder)."""

from __future__ import annotations

from extractors.model import Document
from jixiao.records import AmountRecord, SectionRecord


def find_amounts(doc: Document, sections: list[SectionRecord]) -> list[AmountRecord]:
    return []
