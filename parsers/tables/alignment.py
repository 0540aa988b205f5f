"""Rows printed without the cells a merge covers, put back under their header's columns.

A table that a web page prints one row per line, with ``|`` between the cells, leaves out
every cell a merge covers instead of leaving it empty: the block label spanning a
自评表's budget rows (``预算执行情况（10分）``), the 一级/二级指标 spanning several
indicators. Such a row starts its own cells further left than the header's columns
(``总额 | 238.93 | 251.89`` under ``预算执行情况（10分） | 年度预算数 | 年初预算 | 调整后预算数``;
``指标2：… | ≥200 | 202 | 10 | 10`` under ``一级指标 | 二级指标 | 三级指标 | …``).

A budget row whose first figure sits left of the header's first money column, after its
label, moves right until it is under it. An indicator row whose 三级指标 (its first cell
that is neither a level label, ``产出指标``, ``数量指标``, ``规划（15分）``, nor a row
number) sits left of the header's 三级指标 column moves right until it is under it; a
leading row number stays in the 序号 column. Only rows printed with fewer cells than
their header are moved (``Table.printed_widths``): a grid that keeps every position (DOCX,
HTML, PDF, a TAB export) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from extractors.model import Table
from normalizers.text import nfkc
from parsers.tables.headers import is_blank, is_total_label
from parsers.tables.layout import Region
from parsers.tables.values import NULL_MARKS, parse_money, parse_rate

MONEY_FIELDS = ("budget_initial", "budget_final", "executed")

# A 一级/二级指标 label: a short name ending in 指标 (产出指标, 社会效益指标), or any label
# carrying its points in brackets (规划（15分）, 产出指标（50分）).
_LEVEL_LABEL = re.compile(r"^(?:.{1,10}指标|.{1,16}[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）])$")
_ROW_NUMBER = re.compile(r"^\d{1,3}$")


def realign_budget_rows(table: Table, region: Region) -> Table:
    """The table with the budget block's rows under the header's money columns."""
    first_money = min(
        (c for field in MONEY_FIELDS for c in region.columns.get(field, ())), default=None
    )
    if first_money is None:
        return table
    return _shifted(table, region, lambda cells: _budget_shift(cells, first_money))


def realign_indicator_rows(table: Table, region: Region) -> Table:
    """The table with the indicator block's rows under the header's columns."""
    level3 = region.column("level3")
    if level3 is None:
        return table
    keep_number = "序号" in nfkc(table.cell(region.header_row, 0))
    return _shifted(table, region, lambda cells: _indicator_shift(cells, level3, keep_number))


def _shifted(
    table: Table, region: Region, shift_of: Callable[[tuple[str, ...]], tuple[str, ...] | None]
) -> Table:
    widths = table.printed_widths
    if not widths or region.header_row < 0:
        return table
    rows = list(table.rows)
    changed = False
    for r in range(region.header_row + 1, region.end_row):
        if widths[r] >= widths[region.header_row]:
            continue
        moved = shift_of(rows[r])
        if moved is not None:
            rows[r] = moved
            changed = True
    return replace(table, rows=tuple(rows)) if changed else table


def _budget_shift(cells: tuple[str, ...], first_money: int) -> tuple[str, ...] | None:
    first_value = next((c for c, text in enumerate(cells) if _is_value(text)), None)
    if first_value is None or first_value >= first_money:
        return None
    if not any(not is_blank(text) for text in cells[:first_value]):
        return None  # no label before the figure: a row number, not a shifted row
    return _pad(cells, 0, first_money - first_value)


def _indicator_shift(
    cells: tuple[str, ...], level3: int, keep_number: bool
) -> tuple[str, ...] | None:
    start = 1 if keep_number and cells and _ROW_NUMBER.match(nfkc(cells[0]).strip()) else 0
    name = next(
        (
            c
            for c in range(start, len(cells))
            if not is_blank(cells[c]) and not _LEVEL_LABEL.match(_compact(cells[c]))
        ),
        None,
    )
    if name is None or name >= level3 or is_total_label(cells[name]):
        return None
    if all(is_blank(text) for text in cells[name + 1 :]):
        return None  # a label alone on its row: nothing to place
    return _pad(cells, start, level3 - name)


def _pad(cells: tuple[str, ...], at: int, count: int) -> tuple[str, ...]:
    """``count`` empty cells inserted at ``at``; the row keeps its width when its tail is
    empty padding."""
    moved = cells[:at] + ("",) * count + cells[at:]
    while len(moved) > len(cells) and is_blank(moved[-1]):
        moved = moved[:-1]
    return moved


def _is_value(text: str) -> bool:
    value = nfkc(text).strip()
    return bool(value) and (
        value in NULL_MARKS
        or parse_money(value, "万元") is not None
        or parse_rate(value) is not None
    )


def _compact(text: str) -> str:
    return "".join(nfkc(text).split())
