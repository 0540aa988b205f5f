"""A project list whose 绩效指标 column holds each project's indicators as one cell.

``项目名称 | 总计 | … | 绩效目标 | 绩效指标``: each project row's 绩效指标 cell is a numbered
list (``cell_lists``); its entries are that project's indicator rows. A row without a
name whose cell goes on with a list continues the project above (a list cut by a row
break); rows without a list (a unit's subtotal, 合计) carry no indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.model import Table
from parsers.tables.cell_lists import CellIndicator, is_list_heading, parse_indicator_list
from parsers.tables.headers import clean_label, is_blank, is_total_label
from parsers.tables.indicators import IndicatorRow
from parsers.tables.layout import Region, project_column
from parsers.tables.projects import without_project_code
from parsers.tables.values import parse_indicator_value


@dataclass
class ProjectIndicators:
    project_name: str
    rows: list[IndicatorRow] = field(default_factory=list)


def list_column(table: Table, header_row: int) -> int | None:
    """The column a header row heads with 绩效指标 (in-cell lists), beside a 项目名称 column."""
    if project_column(table, header_row) is None:
        return None
    header = table.rows[header_row]
    return next((c for c, cell in enumerate(header) if is_list_heading(cell)), None)


def project_indicator_lists(table: Table, region: Region) -> list[ProjectIndicators]:
    """Each project's indicators in the region's rows, in table order."""
    name_col = project_column(table, region.header_row)
    list_col = list_column(table, region.header_row)
    if name_col is None or list_col is None:
        return []
    projects: list[ProjectIndicators] = []
    for r in range(region.header_row + 1, region.end_row):
        entries = parse_indicator_list(table.cell(r, list_col))
        if not entries:
            continue
        name = without_project_code(clean_label(table.cell(r, name_col)))
        if is_blank(name) and projects:
            current = projects[-1]
        elif is_blank(name) or is_total_label(name):
            continue
        else:
            current = ProjectIndicators(name)
            projects.append(current)
        current.rows.extend(_row(entry, table.page_of_row(r)) for entry in entries)
    return projects


def _row(entry: CellIndicator, page: int | None) -> IndicatorRow:
    target = parse_indicator_value(entry.target_raw)
    return IndicatorRow(
        level1=entry.level1,
        level2=entry.level2,
        level3=entry.name,
        target_raw=entry.target_raw,
        actual_raw=None,
        target_op=target.op,
        target_value=target.value,
        actual_value=None,
        target_unit=target.unit,
        actual_unit=None,
        weight=None,
        score=None,
        note=None,
        page=page,
    )
