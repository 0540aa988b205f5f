"""The budget overview block of a department's target form (预算整体情况).

Side by side, a column of spending lines and a column of income sources, each followed by
its amount column::

    部门预算支出 | 预算金额（万元） | 收入来源 | 预算金额（万元）
    基本支出     | 58,000.00        | 财政拨款 | 90,000.00
    项目支出     | 27,000.00        | 其他资金 | 1,500.00

The spending side gives 基本支出 and 项目支出; the income side gives the income: its total
line when there is one, else the appropriation (财政拨款). Headings are data
(``table_terms.toml``, ``[overview]``).
"""

from __future__ import annotations

from extractors.model import Table
from parsers.tables.budget import DEFAULT_MONEY_UNIT, MoneyCell, row_metric, row_text
from parsers.tables.headers import header_unit, is_blank, normalise_header
from parsers.tables.layout import INCOME, SPENDING, Region
from parsers.tables.table_terms import table_terms
from parsers.tables.values import parse_money

INCOME_METRIC = "收入"
SPENDING_METRICS: frozenset[str] = frozenset({"基本支出", "项目支出"})


def parse_overview_region(table: Table, region: Region) -> list[MoneyCell]:
    """基本支出 / 项目支出 and the income (metric 收入) an overview block states, income's
    total line before its appropriation line."""
    terms = table_terms().overview
    unit = header_unit(table.rows[region.header_row]) or DEFAULT_MONEY_UNIT
    spending: list[MoneyCell] = []
    totals: list[MoneyCell] = []
    lines: list[MoneyCell] = []
    for r in range(region.header_row + 1, region.end_row):
        amount_cells = {normalise_header(table.cell(r, c)) for _, c in region.columns.values()}
        if amount_cells & terms.amount_headings:
            break  # the header of the form's next block (按预算级次划分 | 预算金额)
        for side, (label_col, amount_col) in region.columns.items():
            label = table.cell(r, label_col)
            money = parse_money(table.cell(r, amount_col), unit)
            if is_blank(label) or money is None:
                continue
            evidence, page = row_text(table, r), table.page_of_row(r)
            key = normalise_header(label)
            if side == SPENDING and row_metric(label) in SPENDING_METRICS:
                metric = row_metric(label)
                spending.append(MoneyCell(metric, None, money, evidence, page))
            elif side == INCOME and key in terms.income_totals:
                totals.append(MoneyCell(INCOME_METRIC, None, money, evidence, page))
            elif side == INCOME and key in terms.income_lines:
                lines.append(MoneyCell(INCOME_METRIC, None, money, evidence, page))
    return spending + totals + lines
