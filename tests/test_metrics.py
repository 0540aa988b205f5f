"""Canonical metric of a money figure from the words before it (parsers.metrics)."""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Paragraph, assemble
from parsers.amounts import find_amounts
from parsers.metrics import find_metric


def metric(context: str) -> str | None:
    found = find_metric(context)
    return found.metric if found else None


def test_mid_year_adjusted_budget_is_the_final_budget() -> None:
    assert metric("年中调整预算为 ") == "全年预算数"


def test_project_budget_after_adjustment_is_the_final_budget() -> None:
    assert metric("调整预算后项目预算") == "全年预算数"


def test_initial_approved_budget_of_several_projects_is_the_initial_budget() -> None:
    assert metric("年初批复预算6个项目") == "年初预算数"


def test_increase_over_a_budget_is_not_that_budget() -> None:
    assert metric("比年初预算增加 ") is None
    assert metric("较全年预算数减少") is None


def test_increase_to_a_level_still_states_the_level() -> None:
    assert metric("年初预算增加至") == "年初预算数"


def test_metric_after_a_change_word_still_labels_its_figure() -> None:
    assert metric("与上年相比有所增加，其中基本支出") == "基本支出"


def test_figures_of_a_budget_adjustment_sentence_in_pdf_text() -> None:
    # PDF-to-text: half-width commas, spaces before 万元, a figure broken across lines.
    doc = assemble(
        "t.txt",
        "txt",
        [
            Paragraph(
                "一是2023 年部门年初预算 812.40 万元,年中调整预算为 1204.75 万\n"
                "元,比年初预算增加 392.35 万元,全年执行数 1198.02 万元。"
            )
        ],
    )
    found = {a.value_wan: a.metric for a in find_amounts(doc, [])}
    assert found == {
        Decimal("812.40"): "年初预算数",
        Decimal("1204.75"): "全年预算数",
        Decimal("392.35"): None,
        Decimal("1198.02"): "执行数",
    }
