"""Who and when: department, region, fiscal year, report type (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.model import Document


@dataclass(frozen=True)
class DocumentMetadata:
    department: str | None = None
    region: str | None = None
    fiscal_year: int | None = None
    report_type: str | None = None


def read_metadata(doc: Document) -> DocumentMetadata:
    return DocumentMetadata()
