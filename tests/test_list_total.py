"""A report on one fund lists its sub-projects in a table whose 合计 row states the fund's
budget, spending and execution rate; a department report's project list total is not the
department's. Documents made up in the shape of a finance bureau's evaluation."""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Paragraph, Table, assemble
from jixiao.extraction import extract_document

SPENDING_LIST = Table(
    rows=(
        ("序号", "项目名称", "预算批复", "实际执行", "执行率", "指标结余"),
        ("", "合计", "2,400.00", "2,184.00", "91.00%", "216.00"),
        ("一", "老旧小区改造补助", "1,600.00", "1,520.00", "95.00%", "80.00"),
        ("二", "背街小巷整治", "800.00", "664.00", "83.00%", "136.00"),
    )
)


def _summary(title: str, sentence: str):
    doc = assemble(
        "e.txt",
        "txt",
        [Paragraph(title), Paragraph("一、基本情况"), Paragraph(sentence), SPENDING_LIST],
    )
    return extract_document(doc, "e").summary


def test_a_one_fund_reports_list_total_gives_its_spending_and_rate():
    summary = _summary(
        "2023年城市更新专项资金项目绩效评价报告",
        "②背街小巷整治项目预算800万元，实际支出664万元，预算执行率83%。",
    )
    assert (summary.expenditure_wan, summary.execution_rate) == (
        Decimal("2184.00"),
        Decimal("0.91"),
    )


def test_a_department_reports_project_list_total_is_not_the_departments():
    summary = _summary(
        "某区住房和城乡建设局2023年度部门整体支出绩效自评报告",
        "本年度共实施项目2个，详见下表。",
    )
    assert (summary.expenditure_wan, summary.execution_rate) == (None, None)
