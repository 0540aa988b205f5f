"""Tables listing projects one per row (项目名称 | 预算金额 | 自评分数 …) to project records.

The header row holds a 项目名称 column beside other columns' headings (it names no project
itself); each row below names one project. Total rows (合计/总计) are not projects, nor are
a unit's subtotal rows in a list with a 绩效目标 column (a project row states its target).
A list says something of its projects (money, a score or a target): a 项目名称 column beside
only descriptions (结构内容 | 收费标准, a fee schedule's items) lists no projects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from extractors.model import Table
from parsers.tables.budget import DEFAULT_MONEY_UNIT, MoneyCell, row_text
from parsers.tables.headers import (
    clean_label,
    column_field,
    header_unit,
    is_blank,
    normalise_header,
)
from parsers.tables.layout import Region, project_column
from parsers.tables.projects import is_column_heading, without_project_code
from parsers.tables.values import parse_money, parse_score
from records import ProjectRecord

DEFAULT_UNIT = "万元"
LIST_LABEL = "项目名称"
CJK = re.compile(r"[\u4e00-\u9fff]")  # a name, not a 栏次 marker (**, 1)
TOTAL_NAMES = frozenset({"合计", "总计", "小计"})
SCORE_HEADING = re.compile(r"(?:得分|分数|评分)$")
BUDGET_HEADING = re.compile(r"(?:预算金额|预算数|金额|总额|总计|合计)$")
TARGET_HEADING = re.compile(r"绩效目标|绩效指标")
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
        if not CJK.search(name) or normalise_header(name) in TOTAL_NAMES or is_column_heading(name):
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


def _column(headings: list[str], pattern: re.Pattern[str], name_col: int) -> int | None:
    return next(
        (c for c, text in enumerate(headings) if c != name_col and pattern.search(text)), None
    )


@dataclass(frozen=True)
class ProjectRun:
    """The rows of an indicator block that one project's 项目名称 cell names."""

    name: str
    budget: MoneyCell | None  # from the 预算金额 column of its first row
    region: Region


def project_runs(table: Table, region: Region) -> list[ProjectRun]:
    """The projects an indicator block names in its 项目名称 column, each with its rows.

    A 项目支出绩效目标表 repeats the project's name (and budget) on each of its indicator
    rows, or leaves it blank under a merge; a row naming another project starts the next
    run. No project column: no runs.
    """
    col = project_column(table, region.header_row)
    if col is None:
        return []
    unit = header_unit(table.rows[region.header_row]) or DEFAULT_MONEY_UNIT
    budget_col = region.column("budget_initial")
    starts: list[tuple[int, str, MoneyCell | None]] = []
    for r in range(region.header_row + 1, region.end_row):
        name = without_project_code(clean_label(table.cell(r, col)))
        if not name or is_column_heading(name) or (starts and name == starts[-1][1]):
            continue
        money = parse_money(table.cell(r, budget_col), unit) if budget_col is not None else None
        cell = (
            MoneyCell("年初预算数", name, money, row_text(table, r), table.page_of_row(r))
            if money is not None
            else None
        )
        starts.append((r, name, cell))
    runs = []
    for position, (r, name, cell) in enumerate(starts):
        first = region.header_row if position == 0 else r - 1
        end = starts[position + 1][0] if position + 1 < len(starts) else region.end_row
        runs.append(ProjectRun(name, cell, replace(region, header_row=first, end_row=end)))
    return runs
