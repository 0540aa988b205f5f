"""Headline figures of a document (placeholder)."""

from __future__ import annotations

from extractors.model import Document
from jixiao.records import AmountRecord, DocSummaryRecord, SectionRecord


def summarise(
    doc: Document,
    sections: list[SectionRecord],
    prose_amounts: list[AmountRecord],
    table_summary: DocSummaryRecord,
    fiscal_year: int | None,
) -> DocSummaryRecord:
    return table_summary
