"""Where the blocks of a report table are: indicator, budget, 基础数据 and goal blocks.

One Word table of a 自评表 stacks several blocks, each under its own header row (the
budget block's 年初预算数/全年预算数 columns are not the indicator block's 分值/得分
columns), and a TXT export may run several 自评表 together. So a table is cut into
regions at its header rows, and each region is read with its own column map.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractors.model import Table
from normalizers.text import nfkc
from parsers.tables.headers import (
    FALLBACK_ALIASES,
    column_field,
    is_goal_header,
    normalise_header,
)
from parsers.tables.table_terms import table_terms

INDICATOR = "indicator"
BUDGET = "budget"
BASIC_DATA = "basic_data"
GOALS = "goals"
INFO = "info"
OVERVIEW = "overview"

# The two sides of a target form's budget overview block (see ``overview``).
SPENDING = "spending"
INCOME = "income"

# A row naming the project (项目名称 | 慢性病鉴定费) starts a new 自评表: it ends any block.
PROJECT_NAME_LABELS: tuple[str, ...] = (
    "项目名称",
    "转移支付名称",
    "专项名称",
    "专项资金名称",
    "资金名称",
    "项目全称",
    "转移支付项目名称",
)

# A 专项名称 that names the department's whole budget (127部门整体, 部门整体支出): the form
# is the department's 自评表, not a project's.
WHOLE_DEPARTMENT_NAMES: tuple[str, ...] = ("部门整体", "单位整体", "整体支出")

# Which header fields make a row the header of each block kind: any one of the sets.
REQUIRED_FIELDS: dict[str, tuple[frozenset[str], ...]] = {
    INDICATOR: (
        frozenset({"level3", "target"}),
        frozenset({"level3", "actual"}),
        frozenset({"level1", "level2", "target"}),
        # a 部门整体 evaluation's scoring table: 三级指标 | 指标分值 | … | 自评得分
        frozenset({"level3", "weight", "score"}),
    ),
    BUDGET: (
        frozenset({"budget_initial", "executed"}),
        frozenset({"budget_final", "executed"}),
        frozenset({"budget_final", "rate"}),
    ),
}

# 基础数据表 columns: 2022年决算数, 2023年预算数, 2023年决算数.
_YEAR_COLUMN = re.compile(
    r"^(?P<year>(?:19|20)\d{2})年?(?:度)?(?P<kind>决算数|预算数|执行数|实际数)$"
)


@dataclass(frozen=True)
class Region:
    """Rows ``header_row+1 .. end_row-1`` of a table, read with ``columns``."""

    kind: str
    header_row: int
    end_row: int
    columns: Mapping[str, tuple[int, ...]]

    def column(self, field: str) -> int | None:
        cols = self.columns.get(field)
        return cols[0] if cols else None

    @property
    def first_value_column(self) -> int:
        return min((c for cols in self.columns.values() for c in cols), default=0)


def header_fields(cells: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """Field -> the columns whose header cell names it (a merged header spans several)."""
    fields: dict[str, list[int]] = {}
    for col, cell in enumerate(cells):
        field = column_field(cell) or _adjusted_total(cells, col)
        if field is not None:
            fields.setdefault(field, []).append(col)
    levels = {"level1", "level2", "level3"}
    for field, aliases in FALLBACK_ALIASES.items():
        if field in fields or (field in levels and fields.keys() & levels):
            continue
        cols = [col for col, cell in enumerate(cells) if normalise_header(cell) in aliases]
        if cols:
            fields[field] = cols
    return {field: tuple(cols) for field, cols in fields.items()}


def _adjusted_total(cells: tuple[str, ...], col: int) -> str | None:
    """``budget_final`` for a 小计 heading right after a 年中调整 column, else None."""
    terms = table_terms()
    if normalise_header(cells[col]) not in terms.adjusted_total_headings:
        return None
    before = next((c for c in reversed(cells[:col]) if c != cells[col] and c.strip()), "")
    adjusts = any(word in normalise_header(before) for word in terms.adjustment_words)
    return "budget_final" if adjusts else None


def year_columns(cells: tuple[str, ...]) -> dict[tuple[int, str], int]:
    """(year, 决算数|预算数|…) -> column, for a 基础数据表 header row."""
    found: dict[tuple[int, str], int] = {}
    for col, cell in enumerate(cells):
        match = _YEAR_COLUMN.match(normalise_header(cell))
        if match:
            found.setdefault((int(match.group("year")), match.group("kind")), col)
    return found


def row_kind(cells: tuple[str, ...]) -> tuple[str, dict[str, tuple[int, ...]]] | None:
    """The block kind a header row opens, with its column map; None for other rows."""
    fields = header_fields(cells)
    # a 项目支出绩效目标表 lists each indicator beside its project (项目名称 | … | 指标名称 |
    # 指标值): an indicator header with a project column, not a project's name row
    if any(required <= fields.keys() for required in REQUIRED_FIELDS[INDICATOR]):
        return INDICATOR, fields
    if any(_names_project(cell) for cell in cells):
        return INFO, {}
    if any(required <= fields.keys() for required in REQUIRED_FIELDS[BUDGET]):
        return BUDGET, fields
    sides = overview_columns(cells)
    if sides:
        return OVERVIEW, sides
    years = year_columns(cells)
    if any(kind in {"决算数", "执行数", "实际数"} for _, kind in years):
        return BASIC_DATA, {f"{year}{kind}": (col,) for (year, kind), col in years.items()}
    if sum(1 for cell in cells if is_goal_header(cell)) >= 1 and len(set(cells)) <= 4:
        return GOALS, {}
    return None


def overview_columns(cells: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """For a header row of an overview block: side -> (label column, amount column)."""
    terms = table_terms().overview
    sides: dict[str, tuple[int, ...]] = {}
    for col in range(len(cells) - 1):
        heading = normalise_header(cells[col])
        amount = next((c for c in range(col + 1, len(cells)) if cells[c] != cells[col]), None)
        if amount is None or normalise_header(cells[amount]) not in terms.amount_headings:
            continue
        if heading in terms.spending_headings:
            sides.setdefault(SPENDING, (col, amount))
        elif heading in terms.income_headings:
            sides.setdefault(INCOME, (col, amount))
    return sides


def project_column(table: Table, header_row: int) -> int | None:
    """The column a header row heads 项目名称 (a list of projects' rows), or None."""
    return project_column_in(table.rows[header_row])


def project_column_in(headings: Sequence[str]) -> int | None:
    return next((c for c, cell in enumerate(headings) if _names_project(cell)), None)


def names_whole_department(name: str) -> bool:
    return any(term in nfkc(name) for term in WHOLE_DEPARTMENT_NAMES)


def _names_project(cell: str) -> bool:
    label = normalise_header(nfkc(cell).partition(":")[0])
    return label in PROJECT_NAME_LABELS


def find_regions(table: Table) -> list[Region]:
    """The table's blocks in order, each from its header row to the next header row."""
    starts: list[tuple[int, str, dict[str, tuple[int, ...]]]] = []
    for index, row in enumerate(table.rows):
        found = row_kind(row)
        if found is not None:
            starts.append((index, found[0], found[1]))
    regions: list[Region] = []
    for position, (index, kind, columns) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else table.n_rows
        regions.append(Region(kind=kind, header_row=index, end_row=end, columns=columns))
    return regions


def distinct_cells(table: Table, row: int) -> list[tuple[int, str]]:
    """(column, text) of a row's own cells: the positions a merge covers are dropped."""
    return [
        (col, text) for col, text in enumerate(table.rows[row]) if not table.is_merged(row, col)
    ]


def table_title(table: Table) -> str:
    """The first row's text when it is a single title cell (``2021年…整体支出绩效自评表``)."""
    if not table.rows:
        return ""
    texts = {nfkc(cell).strip() for cell in table.rows[0] if cell.strip()}
    return texts.pop() if len(texts) == 1 else ""
