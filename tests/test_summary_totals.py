"""doc_summary totals from the phrasings of 决算 and 三公 explanations: which figure of a
sentence is the department's income, spending or three public expenses."""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Document, Paragraph, assemble
from parsers.amounts import find_amounts
from parsers.summary import summarise
from records import DocSummaryRecord


def _summary(*lines: str, fiscal_year: int = 2021) -> DocSummaryRecord:
    doc: Document = assemble("s.txt", "txt", [Paragraph(line) for line in lines])
    return summarise(doc, [], find_amounts(doc, []), DocSummaryRecord(), fiscal_year)


def test_three_public_budget_stated_first_is_not_the_spending() -> None:
    summary = _summary(
        "2021年度“三公”经费财政拨款支出预算为18.40万元，2021年实际支出“三公经费”决算为9.65万元。"
    )
    assert summary.three_public_wan == Decimal("9.65")


def test_department_named_before_the_year_owns_its_figures() -> None:
    summary = _summary(
        "某县农业农村局2021年度“三公”经费财政拨款支出决算为6.32万元，完成预算8万元的79.0%。"
    )
    assert summary.three_public_wan == Decimal("6.32")


def test_income_of_the_year_wins_over_the_total_holding_the_carry_in() -> None:
    summary = _summary(
        "本单位2021年度总收入310.20万元，其中本年收入265.70万元，上年结转和结余44.50万元。",
        "本单位2021年度总支出310.20万元，其中本年支出288.10万元。",
    )
    assert (summary.income_wan, summary.expenditure_wan) == (
        Decimal("265.70"),
        Decimal("288.10"),
    )


def test_appropriation_total_is_not_the_income_total() -> None:
    summary = _summary(
        "2021年度，本单位收入为522.80万元，其中：财政拨款收入498.00万元，其他收入24.80万元。",
        "2021年度，本单位支出为530.15万元。",
        "2021年度，本单位财政拨款收入总计498.00万元，与上年相比减少12.30万元。",
    )
    assert (summary.income_wan, summary.expenditure_wan) == (
        Decimal("522.80"),
        Decimal("530.15"),
    )
