"""Scored indicators a report writes as sentences, one per numbered line.

A finance bureau's evaluation often scores each indicator in prose rather than in a
table: ``3.预算执行率（设定5分，得分4.04分），该部门…预算执行率93.08%。`` Each such line
is an indicator row (level3 = its name, weight, score); its scope is the project whose
block it sits in, or the report's (a one-project report's rows are the project's). The
report's total score, where it states one, is kept as the list's total so the
scores_add_up check compares the rows' sum with it. The line rule lives in
``data/prose_facts.toml``; fewer than ``min_rows`` lines are not a scoring list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.model import Document
from normalizers.text import fold_width, nfkc
from parsers.project_blocks import project_blocks
from parsers.prose import is_table_cell
from parsers.prose_rules import prose_rules
from parsers.tables import TableTotal
from records import IndicatorRecord, SectionRecord

DEPARTMENT = "department"
PROJECT = "project"


@dataclass(frozen=True)
class ProseIndicators:
    rows: list[IndicatorRecord] = field(default_factory=list)
    total: TableTotal | None = None


def prose_indicators(
    doc: Document,
    sections: list[SectionRecord],
    table_seq: int,
    *,
    report_scope: str = DEPARTMENT,
    stated_total: float | None = None,
    known: Sequence[IndicatorRecord] = (),
) -> ProseIndicators:
    """The scored indicator lines of the document's prose as one indicator list.

    ``report_scope`` is whose rows lines outside any project block are (``project`` in a
    report on one project); ``stated_total`` is
    the total score the report states; indicators already ``known`` from tables (same
    name) are not repeated.
    """
    rules = prose_rules()
    projects = project_blocks(doc, sections)
    known_names = {_key(r.level3) for r in known if r.level3}
    rows: list[IndicatorRecord] = []
    for paragraph in doc.paragraphs():
        if is_table_cell(paragraph):
            continue
        text = fold_width(paragraph.text)
        match = rules.indicator_line.match(text)
        if match is None:
            continue
        weight = float(match.group("weight"))
        score_text = match.group("score")
        if score_text is None:
            later = rules.indicator_later_score.search(text, match.end())
            score_text = later.group("score") if later else None
        score = float(score_text) if score_text is not None else None
        name = nfkc(match.group("name")).strip()
        if _key(name) in known_names or weight > 100 or (score is not None and score > weight):
            continue
        project = projects.get(paragraph.char_start)
        rows.append(
            IndicatorRecord(
                table_seq=table_seq,
                scope=PROJECT if project else report_scope,
                project_name=project,
                level1=None,
                level2=None,
                level3=name,
                target_raw=None,
                actual_raw=None,
                target_op=None,
                target_value=None,
                actual_value=None,
                target_unit=None,
                actual_unit=None,
                weight=weight,
                score=score,
                note=None,
                page=paragraph.page,
            )
        )
    if len(rows) < rules.indicator_min_rows:
        return ProseIndicators()
    total = (
        TableTotal(table_seq=table_seq, weight=None, score=stated_total, scope=report_scope)
        if stated_total is not None and all(r.score is not None for r in rows)
        else None
    )
    return ProseIndicators(rows, total)


def _key(name: str) -> str:
    return "".join(nfkc(name).split())
