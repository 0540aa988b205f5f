"""The project a 自评表 is about: its name and the money written as label/value pairs.

Project forms name the project in a label/value row (``项目名称 | 慢性病鉴定费``,
``转移支付名称 | …``) and some put the budget the same way
(``预算数: | 21.74万元 | 执行数: | 21.74万元``).
"""

from __future__ import annotations

import re

from extractors.model import Table
from normalizers.grades import normalise_grade
from normalizers.text import nfkc
from parsers.tables.headers import clean_label, column_field, is_blank, normalise_header
from parsers.tables.layout import PROJECT_NAME_LABELS, distinct_cells
from parsers.tables.table_terms import table_terms
from parsers.tables.values import Money, parse_money

# Title words that mark a table as a project's (项目支出绩效自评表, 项目绩效目标完成情况表)
# or as the department's (整体支出绩效自评表).
PROJECT_TITLE_WORDS: tuple[str, ...] = ("项目支出绩效", "项目绩效目标", "项目绩效自评", "转移支付")
DEPARTMENT_TITLE_WORDS: tuple[str, ...] = ("整体支出", "部门整体", "部门绩效", "单位整体")
# Words that end a column heading, never a project's name (项目名称 | 金额 | 绩效目标).
COLUMN_HEADING = re.compile(
    r"(?:金额|总额|总计|合计|小计|科目|分数|得分|分值|评分|批复|内容|名称|编码|代码|序号"
    r"|预算数|类别|性质|绩效目标|指标|权重|计量单位)$"
)
# The budget system's project code some forms print before the name
# (``51092322T000000431595-城乡居民监管工作经费``): an identifier, not part of the name.
PROJECT_CODE = re.compile(r"^[0-9A-Z]{12,}\s*[-—–_:：]\s*(?=\S)")


def project_name_in_row(table: Table, r: int) -> str | None:
    """The value next to a 项目名称 label in row ``r`` (or after it in the same cell,
    ``项目名称：慢性病鉴定费``), or None. In a list's header row (项目名称 | 金额 | 绩效目标)
    the next cell is another column's heading, not a name: None."""
    cells = [text for _, text in distinct_cells(table, r) if not is_blank(text)]
    if any(normalise_header(text) in table_terms().list_number_headings for text in cells):
        return None  # a numbered list's header: the cell after 项目名称 heads a column
    for position, text in enumerate(cells):
        if normalise_header(text) in PROJECT_NAME_LABELS and position + 1 < len(cells):
            if is_column_heading(cells[position + 1]):
                return None
            return without_project_code(clean_label(cells[position + 1])) or None
        label, value = split_label_value(text)
        if value and normalise_header(label) in PROJECT_NAME_LABELS:
            return without_project_code(clean_label(value))
    return None


def is_column_heading(cell: str) -> bool:
    """A cell that heads a column (金额, 当年财政拨款预算金额, 自评分数, 经济科目, 总计):
    a known column or a heading word at its end."""
    text = normalise_header(cell)
    return column_field(cell) is not None or bool(COLUMN_HEADING.search(text))


def without_project_code(name: str) -> str:
    """``51092322T000000431595-城乡居民监管工作经费`` -> ``城乡居民监管工作经费``."""
    return PROJECT_CODE.sub("", name)


def split_label_value(cell: str) -> tuple[str, str | None]:
    """``"项目名称：慢性病鉴定费"`` -> (``"项目名称"``, ``"慢性病鉴定费"``); no colon -> (cell, None)."""
    label, colon, value = nfkc(cell).partition(":")
    if not colon or not value.strip():
        return cell, None
    return label, value.strip()


def key_value_money(table: Table, rows: range, unit: str | None) -> dict[str, tuple[Money, int]]:
    """Budget fields written as label | value pairs (预算数: | 21.74万元, 资金总额 | 745.00):
    field -> (money, row); first one wins."""
    found: dict[str, tuple[Money, int]] = {}
    for r in rows:
        cells = [text for _, text in distinct_cells(table, r) if not is_blank(text)]
        for position, text in enumerate(cells):
            label, value = split_label_value(text)
            if value is None:
                if position + 1 == len(cells):
                    continue
                value = cells[position + 1]
            field = column_field(label) or table_terms().key_value_fields.get(
                normalise_header(label)
            )
            if field not in {"budget_initial", "budget_final", "executed"} or field in found:
                continue
            money = parse_money(value, unit)
            if money is not None:
                found[field] = (money, r)
    return found


# Labels of the cell stating the evaluation grade (自评等级 | 优).
GRADE_LABELS: tuple[str, ...] = (
    "自评等级",
    "评价等级",
    "绩效等级",
    "评价结果等级",
    "等级",
    "自评结果",
)


def grade_in_rows(table: Table, rows: range) -> str | None:
    """The grade as written next to a 自评等级 label (or after it in the cell), or None."""
    for r in rows:
        cells = [text for _, text in distinct_cells(table, r) if not is_blank(text)]
        for position, text in enumerate(cells):
            label, value = split_label_value(text)
            if value is None and position + 1 < len(cells):
                value = cells[position + 1]
            if value and normalise_header(label) in GRADE_LABELS and normalise_grade(value):
                return clean_label(value)
    return None


def title_scope(title: str) -> str | None:
    """``project`` or ``department`` when a table's title says which, else None."""
    text = normalise_header(title)
    if any(word in text for word in PROJECT_TITLE_WORDS):
        return "project"
    if any(word in text for word in DEPARTMENT_TITLE_WORDS):
        return "department"
    return None
