"""An indicator block listing several projects' indicators, cut into one run per project.

A 项目支出绩效目标表 may put every project's indicators in one long table, the project's
name in a column of its own (repeated on each row, or written once above merged cells):
``项目名称 | 项目总额 | 一级指标 | 二级指标 | 三级指标 | 指标值``. Each run of rows under one
name is that project's block. Rows before the first name go on with the project above
(the rest of a block that began on the previous page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from extractors.model import Table
from parsers.tables.budget import MoneyCell, row_text
from parsers.tables.headers import clean_label, is_blank, is_total_label, normalise_header
from parsers.tables.layout import Region
from parsers.tables.project_lists import BUDGET_HEADING
from parsers.tables.projects import is_column_heading, without_project_code
from parsers.tables.values import parse_money


@dataclass(frozen=True)
class ProjectRun:
    """Rows of one project, as a region read with the block's columns."""

    region: Region
    project_name: str | None  # None: rows before any name (they continue the block above)
    budget: MoneyCell | None = None


def budget_column(headings: Sequence[str], columns: Mapping[str, tuple[int, ...]]) -> int | None:
    """The column of a project's budget: 年初预算数 or the like, else a 金额/总额 heading
    (项目总额 | 财政资金 …) as in a list of projects."""
    stated = columns.get("budget_initial")
    if stated:
        return stated[0]
    return next(
        (c for c, text in enumerate(headings) if BUDGET_HEADING.search(normalise_header(text))),
        None,
    )


def project_runs(
    table: Table,
    region: Region,
    name_col: int | None,
    unit: str,
    *,
    continues: bool,
    budget_col: int | None = None,
) -> list[ProjectRun]:
    """The region cut at each change of the name in ``name_col`` (one run when None).

    Rows before the first name continue the block above when the region ``continues`` one
    (a page's first rows); in a block of its own they are the first name's (a name written
    once, lower down in a merged cell).
    """
    first = region.header_row + 1
    if name_col is None:
        return [ProjectRun(region, None)]
    runs: list[ProjectRun] = []
    start, current = first, None
    for r in range(first, region.end_row):
        name = row_project(table, r, name_col)
        if name is None or name == current:
            continue
        if r > start or current is not None:
            runs.append(_run(table, region, start, r, current, unit, budget_col))
        start, current = r, name
    runs.append(_run(table, region, start, region.end_row, current, unit, budget_col))
    if not continues and len(runs) > 1 and runs[0].project_name is None:
        named = runs[1]
        whole = replace(named, region=replace(named.region, header_row=region.header_row))
        return [whole, *runs[2:]]
    return runs


def row_project(table: Table, r: int, name_col: int) -> str | None:
    """The project a row names in its 项目名称 column; None for a blank, a total or a
    column heading (a repeated header row)."""
    name = without_project_code(clean_label(table.cell(r, name_col)))
    if is_blank(name) or is_total_label(name) or is_column_heading(name):
        return None
    return name


def _run(
    table: Table,
    region: Region,
    start: int,
    end: int,
    name: str | None,
    unit: str,
    budget_col: int | None,
) -> ProjectRun:
    rows = Region(region.kind, start - 1, end, region.columns)
    if name is None or budget_col is None:
        return ProjectRun(rows, name)
    money = parse_money(table.cell(start, budget_col), unit)
    cell = (
        MoneyCell("年初预算数", name, money, row_text(table, start), table.page_of_row(start))
        if money is not None
        else None
    )
    return ProjectRun(rows, name, cell)
