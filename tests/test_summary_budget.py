"""Budgets (部门预算, 单位预算) state plans, not spending; tables win over prose, and say so.

Sentences and TAB tables here are made up in the shape of the published documents.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractors.model import Paragraph, assemble
from jixiao.extraction import extract_file
from parsers.amounts import find_amounts
from parsers.summary import as_budget_amounts, is_budget_document, summarise
from records import AmountRecord, DocSummaryRecord


def _budget_summary(*lines: str) -> DocSummaryRecord:
    doc = assemble("budget.txt", "txt", [Paragraph(line) for line in lines])
    return summarise(doc, [], find_amounts(doc, []), DocSummaryRecord(), 2025, budget=True)


def test_a_budget_states_no_expenditure_even_when_its_text_says_支出():
    summary = _budget_summary("2025年本部门支出预算1,250.00万元，其中基本支出900.00万元。")
    assert summary.expenditure_wan is None


def test_a_budgets_支出预算_is_its_initial_budget():
    summary = _budget_summary("2025年本部门支出预算1,250.00万元，其中基本支出900.00万元。")
    assert summary.budget_initial_wan == Decimal("1250.00")


def test_a_budget_has_no_execution_rate():
    summary = _budget_summary("本部门上年度预算执行率为97.5%，今年继续加强预算执行管理。")
    assert summary.execution_rate is None


def test_a_budgets_three_public_figure_is_not_spending():
    summary = _budget_summary("2025年本部门“三公”经费预算支出12.00万元。")
    assert summary.three_public_wan is None


def test_a_budget_title_makes_a_budget_document():
    assert is_budget_document("部门预算", None) and is_budget_document("单位预算", None)


def test_budget_tables_make_a_budget_document_when_the_title_says_nothing():
    assert is_budget_document("other", "预算")


def test_a_final_accounts_title_is_not_overruled_by_budget_tables():
    assert not is_budget_document("部门决算", "预算")


def test_a_budgets_spending_figure_is_tagged_as_initial_budget():
    amount = AmountRecord(
        seq=0,
        section=None,
        metric="执行数",
        subject=None,
        value_wan=Decimal("1250"),
        raw_value="1,250.00",
        raw_unit="万元",
        sentence="支出预算1,250.00万元",
        page=None,
        char_start=0,
        source="prose",
    )
    assert [a.metric for a in as_budget_amounts([amount])] == ["年初预算数"]


FINAL_ACCOUNTS_TXT = "\n".join(
    [
        "某县档案馆2023年度部门决算",
        "本年支出合计800.00万元。",
        "收入支出决算总表",
        "单位：万元",
        "项目\t行次\t决算数\t项目\t行次\t决算数",
        "本年收入合计\t1\t820.00\t本年支出合计\t2\t810.00",
        "",
    ]
)


def test_a_text_figure_other_than_the_tables_leaves_an_inconsistent_warning(tmp_path: Path):
    path = tmp_path / "final.txt"
    path.write_text(FINAL_ACCOUNTS_TXT, encoding="utf-8")
    result = extract_file(path, tmp_path)
    assert result.summary is not None and result.summary.expenditure_wan == Decimal("810.00")
    warnings = [(e.stage, e.error_type) for e in result.errors]
    assert warnings == [("summary", "Inconsistent")]
    assert result.document.status == "ok"


def test_a_text_rounding_the_tables_figure_is_no_inconsistency(tmp_path: Path):
    path = tmp_path / "final.txt"
    rounded = FINAL_ACCOUNTS_TXT.replace("本年支出合计800.00万元。", "本年支出合计810万元。")
    path.write_text(rounded.replace("810.00", "809.64"), encoding="utf-8")
    result = extract_file(path, tmp_path)
    assert result.summary is not None and result.summary.expenditure_wan == Decimal("809.64")
    assert [e.error_type for e in result.errors] == []


def _final_summary(*lines: str) -> DocSummaryRecord:
    doc = assemble("final.txt", "txt", [Paragraph(line) for line in lines])
    return summarise(doc, [], find_amounts(doc, []), DocSummaryRecord(), 2023)


def test_completion_of_the_initial_budget_is_the_execution_rate():
    summary = _final_summary(
        "某县档案馆2023年度财政拨款支出年初预算为800.00万元，支出决算为780.00万元，"
        "完成年初预算的97.50%。"
    )
    assert summary.execution_rate == Decimal("0.975")


def test_a_budget_lines_completion_rate_is_not_the_departments():
    summary = _final_summary(
        "1.一般公共服务（类）档案事务（款）行政运行（项）。年初预算为300.00万元，"
        "支出决算为310.00万元，完成年初预算的103.33%。"
    )
    assert summary.execution_rate is None


def test_a_zero_completion_rate_is_a_placeholder():
    summary = _final_summary(
        "本年度财政拨款支出年初预算为0万元，支出决算为0万元，完成年初预算的0%。"
    )
    assert summary.execution_rate is None


def test_a_budgets_收入预算_is_its_income_not_the_fiscal_part():
    summary = _budget_summary(
        "2025年度收入预算1,300.00万元，比上年年初预算数1,200.00万元增加100.00万元。",
        "（一）本年财政拨款收入1,250.00万元。",
    )
    assert summary.income_wan == Decimal("1300.00")


def test_one_funds_spending_lines_are_not_the_departments():
    summary = _budget_summary(
        "2025年一般公共预算基本支出642.18万元，其中人员经费580.00万元。",
        "2025年部门基本支出905.30万元，项目支出410.00万元。",
    )
    assert summary.basic_expenditure_wan == Decimal("905.30")


def test_a_numbered_topic_items_budget_is_not_the_departments():
    summary = _budget_summary(
        "第四部分 “三公”经费预算情况",
        "1.公务接待费。2025年预算数8.60万元，主要用于上级检查接待。",
        "本部门2025年预算数1,318.40万元。",
    )
    assert summary.budget_initial_wan == Decimal("1318.40")
