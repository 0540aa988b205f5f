"""The budget overview block of a department's target form (预算整体情况): spending lines
and income sources side by side, each with its amount column. Rows made up in that shape."""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Paragraph, Table, assemble
from parsers.tables import read_tables

TITLE = "某市水务局2026年部门整体预算绩效目标申报表"
OVERVIEW = (
    ("部门名称", "部门名称", "某市水务局", "某市水务局", "某市水务局", "某市水务局"),
    (
        "预算整体情况",
        "部门预算支出",
        "预算金额（万元）",
        "收入来源",
        "预算金额（万元）",
        "预算金额（万元）",
    ),
    ("预算整体情况", "基本支出", "3,210.40", "财政拨款", "5,020.75", "5,020.75"),
    ("预算整体情况", "项目支出", "1,650.35", "其他资金", "160.00", "160.00"),
    (
        "预算整体情况",
        "事业发展性支出",
        "预算金额（万元）",
        "按预算级次划分",
        "预算金额（万元）",
        "预算金额（万元）",
    ),
    ("预算整体情况", "其他事业发展性支出", "160.00", "收入合计", "999.00", "999.00"),
)
INDICATORS = (
    ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "年度指标值"),
    ("绩效指标", "产出指标", "数量指标", "河道巡查里程", "≥800公里", "≥800公里"),
)


def _summary(*rows: tuple[str, ...], title: str = TITLE):
    doc = assemble("t.txt", "txt", [Paragraph(title), Table(rows=rows)])
    return read_tables(doc, 2026).summary


def test_the_spending_side_gives_basic_and_project_expenditure():
    summary = _summary(*OVERVIEW, *INDICATORS)
    assert summary.basic_expenditure_wan == Decimal("3210.40")
    assert summary.project_expenditure_wan == Decimal("1650.35")


def test_the_income_side_gives_the_appropriation_when_no_total_is_stated():
    # the 收入合计 below the next block's heading belongs to another block, not the income
    assert _summary(*OVERVIEW, *INDICATORS).income_wan == Decimal("5020.75")


def test_an_income_total_line_wins_over_the_appropriation():
    rows = (*OVERVIEW[:4], ("预算整体情况", "", "", "收入合计", "5,180.75", "5,180.75"))
    assert _summary(*rows, *INDICATORS).income_wan == Decimal("5180.75")


def test_a_projects_form_gives_the_department_no_overview_figures():
    project_form = (("项目名称", "防汛物资储备", "", "", "", ""), *OVERVIEW[1:], *INDICATORS)
    summary = _summary(*project_form, title="防汛物资储备项目绩效目标申报表")
    assert (summary.income_wan, summary.basic_expenditure_wan) == (None, None)
