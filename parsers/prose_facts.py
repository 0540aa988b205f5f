"""Projects and indicators written in sentences, added to those read from tables.

Tables win: a prose project or indicator with the name of one a table gives is not
repeated. The prose indicator list gets the next table_seq, and the report's stated total
score becomes its total (so the scores_add_up check covers it).
"""

from __future__ import annotations

from dataclasses import replace

from extractors.model import Document
from parsers.prose_indicators import DEPARTMENT, PROJECT, prose_indicators
from parsers.prose_projects import prose_projects
from parsers.tables import TableFacts
from records import AmountRecord, DocSummaryRecord, SectionRecord


def with_prose_facts(
    doc: Document,
    sections: list[SectionRecord],
    amounts: list[AmountRecord],
    facts: TableFacts,
    summary: DocSummaryRecord,
    *,
    one_project: bool,
) -> TableFacts:
    projects = prose_projects(doc, sections, amounts, known=facts.projects)
    table_seq = max((r.table_seq for r in facts.indicators), default=-1) + 1
    table_seq = max(table_seq, len(facts.table_kinds))
    stated = float(summary.self_score) if summary.self_score is not None else None
    indicators = prose_indicators(
        doc,
        sections,
        table_seq,
        report_scope=PROJECT if one_project else DEPARTMENT,
        stated_total=stated,
        known=facts.indicators,
    )
    if not projects and not indicators.rows:
        return facts
    kinds = [*facts.table_kinds, indicators.rows[0].scope] if indicators.rows else facts.table_kinds
    return replace(
        facts,
        projects=[*facts.projects, *projects],
        indicators=[*facts.indicators, *indicators.rows],
        totals=[*facts.totals, *([indicators.total] if indicators.total else [])],
        table_kinds=kinds,
    )
