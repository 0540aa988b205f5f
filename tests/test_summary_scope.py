"""Whose a prose headline figure is beyond its own sentence: the heading above it, the fund
it is limited to, and totals stated with their carry-overs.

Sentences are made up in the shape of published 部门预算 and 部门决算 explanations.
"""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Document, Paragraph, assemble
from parsers.amounts import find_amounts
from parsers.sections import segment
from parsers.summary import summarise, summarise_checked
from records import DocSummaryRecord


def doc_of(*lines: str) -> Document:
    return assemble("report.txt", "txt", [Paragraph(line) for line in lines])


def summary_of(doc: Document, year: int, *, budget: bool = False) -> DocSummaryRecord:
    sections = segment(doc)
    return summarise(
        doc, sections, find_amounts(doc, sections), DocSummaryRecord(), year, budget=budget
    )


def test_a_figure_under_a_three_public_items_heading_is_not_the_departments_budget():
    doc = doc_of(
        "第五部分 财政拨款“三公”经费预算情况",
        "2026年财政拨款“三公”经费预算52.40万元，较2025年年初预算增加3.10万元。",
        "1.因公出国（境）费用。2026年预算数30.20万元，较2025年年初预算增加5.00万元。",
        "2.公务接待费。2026年预算数2.20万元，较2025年年初预算减少0.30万元。",
    )
    assert summary_of(doc, 2026, budget=True).budget_initial_wan is None


def test_one_funds_basic_expenditure_gives_way_to_the_whole_departments():
    doc = doc_of(
        "2026年本部门一般公共预算基本支出8120.55万元，其中人员经费7010.20万元。",
        "2026年本部门基本支出9340.10万元，主要用于保障机构正常运转。",
    )
    assert summary_of(doc, 2026, budget=True).basic_expenditure_wan == Decimal("9340.10")


def test_one_funds_figure_is_used_when_nothing_states_the_whole():
    doc = doc_of("2026年本部门一般公共预算基本支出8120.55万元，其中人员经费7010.20万元。")
    assert summary_of(doc, 2026, budget=True).basic_expenditure_wan == Decimal("8120.55")


def test_a_sentence_opening_on_其中_keeps_the_fund_of_the_sentence_before():
    doc = doc_of(
        "2026年一般公共预算财政拨款支出4210.00万元，比2025年增加120.00万元。"
        "其中：基本支出1530.40万元，主要用于保障在职人员工资福利。",
        "本部门2026年基本支出1890.75万元。",
    )
    assert summary_of(doc, 2026, budget=True).basic_expenditure_wan == Decimal("1890.75")


def test_one_funds_figure_is_no_disagreement_with_the_departments_table():
    doc = doc_of("2026年本部门一般公共预算基本支出8120.55万元，其中人员经费7010.20万元。")
    sections = segment(doc)
    table = DocSummaryRecord(basic_expenditure_wan=Decimal("9340.10"))
    summary, warnings = summarise_checked(
        doc, sections, find_amounts(doc, sections), table, 2026, budget=True
    )
    assert summary.basic_expenditure_wan == Decimal("9340.10") and warnings == []


def test_a_zero_total_in_a_template_sentence_is_no_headline():
    doc = doc_of(
        "组织对0个项目开展了重点绩效评价，全年预算数0万元，执行数0万元，完成预算的0%。",
    )
    summary = summary_of(doc, 2019)
    assert (summary.budget_final_wan, summary.expenditure_wan) == (None, None)


def test_three_public_budget_stated_as_支出预算_is_not_the_spending():
    doc = doc_of(
        "本部门2024年度“三公”经费财政拨款支出预算为80.00万元，2024年度支出决算为52.10万元，"
        "完成预算的65.13%。"
    )
    assert summary_of(doc, 2024).three_public_wan == Decimal("52.10")


def test_the_years_own_expenditure_comes_before_the_total_with_carry_overs():
    doc = doc_of(
        "2022年度收入总计、支出总计均为3,150.40万元，与上年相比增加210.00万元。",
        "2022年度收入总计、支出总计均为3,150.40万元。",
        "2022年度本年收入合计2,870.15万元，其中：财政拨款收入2,500.00万元。",
        "2022年度本年支出合计2,760.30万元，其中：基本支出1,900.00万元。",
    )
    summary = summary_of(doc, 2022)
    assert (summary.income_wan, summary.expenditure_wan) == (
        Decimal("2870.15"),
        Decimal("2760.30"),
    )


def test_an_item_of_a_其中_list_keeps_the_fund_of_the_sentence_that_opened_it():
    doc = doc_of(
        "2026年一般公共预算财政拨款支出4210.00万元，比2025年增加120.00万元。"
        "其中：基本支出1530.40万元，主要用于保障在职人员工资福利；",
        "项目支出2679.60万元，主要用于信息化建设等重点工作。",
        "本部门2026年项目支出3120.00万元。",
    )
    assert summary_of(doc, 2026, budget=True).project_expenditure_wan == Decimal("3120.00")
