"""Tables: indicator, project and budget tables to records (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.model import Document
from jixiao.records import AmountRecord, DocSummaryRecord, IndicatorRecord, ProjectRecord


@dataclass(frozen=True)
class TableTotal:
    """A 合计 row of an indicator table, kept for checks (not an indicator)."""

    table_seq: int
    weight: float | None
    score: float | None
    scope: str
    project_name: str | None = None


@dataclass
class TableFacts:
    indicators: list[IndicatorRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    summary: DocSummaryRecord = field(default_factory=DocSummaryRecord)
    totals: list[TableTotal] = field(default_factory=list)


def read_tables(doc: Document, fiscal_year: int | None) -> TableFacts:
    return TableFacts()
