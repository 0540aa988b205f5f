"""Tables listing projects one per row (项目名称 | 预算金额 | 自评分数 …) to project records.

The header row holds a 项目名称 column beside other columns' headings (it names no project
itself); each row below names one project. Total rows (合计/总计) are not projects, nor are
a unit's subtotal rows in a list with a 绩效目标 column (a project row states its target).
A list says something of its projects (money, a score or a target): a 项目名称 column beside
only descriptions (结构内容 | 收费标准, a fee schedule's items) lists no projects.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.model import Table
from parsers.tables.headers import (
    clean_label,
    column_field,
    header_unit,
    is_blank,
    normalise_header,
)
from parsers.tables.layout import Region, project_column
from parsers.tables.projects import is_column_heading, without_project_code
from parsers.tables.values import parse_money, parse_rate, parse_score
from records import DocSummaryRecord, ProjectRecord

DEFAULT_UNIT = "万元"
LIST_LABEL = "项目名称"
# A name, not a 栏次 marker (**, 1): Chinese words, or a code of letters and digits
# standing for a classified project (GZIT2022-SM-W-C-051103).
NAME_CHARS = re.compile(r"[\u4e00-\u9fff]|^(?=.*[A-Za-z]{2})[A-Za-z0-9][A-Za-z0-9._-]{5,}$")
TOTAL_NAMES = frozenset({"合计", "总计", "小计"})
SCORE_HEADING = re.compile(r"(?:得分|分数|评分)$")
BUDGET_HEADING = re.compile(r"(?:预算金额|预算数|金额|总额|总计|合计)$")
TARGET_HEADING = re.compile(r"绩效目标|绩效指标")
APPROVED_HEADING = re.compile(r"(?:预算金额|预算数|预算批复|批复金额|年初预算)$")
SPENT_HEADING = re.compile(r"(?:实际执行|实际支出|执行数|支出数|实际使用)$")
# Columns that state something of each listed project (实际执行 | 执行率 | 指标结余).
EVIDENCE_FIELDS = frozenset(
    {"budget_initial", "budget_final", "executed", "rate", "score", "weight", "carryover"}
)


def listed_projects(table: Table, region: Region) -> list[ProjectRecord]:
    name_col = project_column(table, region.header_row)
    if name_col is None or normalise_header(table.cell(region.header_row, name_col)) != LIST_LABEL:
        return []  # 专项名称 heads a procurement list's fund column, not projects
    header = table.rows[region.header_row]
    headings = [normalise_header(cell) for cell in header]
    score_col = _column(headings, SCORE_HEADING, name_col)
    budget_col = _column(headings, BUDGET_HEADING, name_col)
    target_col = _column(headings, TARGET_HEADING, name_col)
    stated = (score_col, budget_col, target_col) != (None, None, None)
    if not stated and not any(column_field(cell) in EVIDENCE_FIELDS for cell in header):
        return []
    unit = header_unit(header) or DEFAULT_UNIT
    projects = []
    for r in range(region.header_row + 1, region.end_row):
        name = without_project_code(clean_label(table.cell(r, name_col)))
        if (
            not NAME_CHARS.search(name)
            or normalise_header(name) in TOTAL_NAMES
            or is_column_heading(name)
        ):
            continue
        if target_col is not None and is_blank(table.cell(r, target_col)):
            continue
        budget = parse_money(table.cell(r, budget_col), unit) if budget_col is not None else None
        score = parse_score(table.cell(r, score_col)) if score_col is not None else None
        projects.append(
            ProjectRecord(
                project_name=name,
                budget_initial_wan=budget.value_wan if budget else None,
                score=Decimal(str(score)) if score is not None and 0 <= score <= 100 else None,
            )
        )
    return projects


def list_total(table: Table, region: Region) -> DocSummaryRecord | None:
    """The budget, spending and rate a project list's 合计 row states (预算批复 | 实际执行 |
    执行率): a report on one fund's sub-projects states its headline there."""
    name_col = project_column(table, region.header_row)
    if name_col is None:
        return None
    header = table.rows[region.header_row]
    headings = [normalise_header(cell) for cell in header]
    budget_col = _column(headings, APPROVED_HEADING, name_col)
    spent_col = _column(headings, SPENT_HEADING, name_col)
    rate_col = next((c for c, cell in enumerate(header) if column_field(cell) == "rate"), None)
    if spent_col is None and rate_col is None:
        return None
    unit = header_unit(header) or DEFAULT_UNIT
    for r in range(region.header_row + 1, region.end_row):
        if normalise_header(table.cell(r, name_col)) not in TOTAL_NAMES - {"小计"}:
            continue
        budget = parse_money(table.cell(r, budget_col), unit) if budget_col is not None else None
        spent = parse_money(table.cell(r, spent_col), unit) if spent_col is not None else None
        return DocSummaryRecord(
            budget_initial_wan=budget.value_wan if budget else None,
            expenditure_wan=spent.value_wan if spent else None,
            execution_rate=parse_rate(table.cell(r, rate_col)) if rate_col is not None else None,
        )
    return None


def _column(headings: list[str], pattern: re.Pattern[str], name_col: int) -> int | None:
    return next(
        (c for c, text in enumerate(headings) if c != name_col and pattern.search(text)), None
    )
