"""Headline figures from the standard 决算/预算 tables, and the document kind they show.

For each doc_summary field the first template (in ``templates.toml`` order) whose table
states it wins. A one-fund table (一般公共预算支出表) speaks for the department only when
its own total equals the department's total, so its 基本支出/项目支出 are taken only then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from decimal import Decimal

from parsers.tables.template_rules import BUDGET, FINAL_ACCOUNTS
from parsers.tables.template_tables import TemplateFigure, TemplateTable
from records import AmountRecord, DocSummaryRecord

MONEY_TOLERANCE = Decimal("0.01")
PART_TOTAL = "part_total_wan"
# The figures a one-fund table's total is compared with: the department's totals.
DEPARTMENT_TOTALS = (
    "expenditure_wan",
    "budget_initial_wan",
    "spending_total_wan",
    "spending_year_wan",
)
SUMMARY_FIELDS = frozenset(f.name for f in fields(DocSummaryRecord))


def document_kind(tables: Iterable[TemplateTable]) -> str | None:
    """决算 when any standard 决算 table is present, 预算 when only 预算 tables are.

    A 预算 table that holds no headline figure (项目支出情况表) is also what an evaluation
    report calls its spending table: alone, it does not make the document a budget."""
    found = list(tables)
    kinds = {t.template.kind for t in found}
    if FINAL_ACCOUNTS in kinds:
        return FINAL_ACCOUNTS
    budget = {t.template.name: t.template for t in found if t.template.kind == BUDGET}
    if len(budget) > 1 or any(template.cells for template in budget.values()):
        return BUDGET
    return None


def figures_by_field(figures: list[TemplateFigure]) -> dict[str, Decimal]:
    """Each field's winning figure (first template in file order, then first table)."""
    ordered = sorted(figures, key=lambda f: (f.template.order, f.table_index))
    whole = [f for f in ordered if not f.template.part]
    chosen: dict[str, Decimal] = {}
    for figure in whole:
        chosen.setdefault(figure.field, figure.money.value_wan)
    totals = {chosen[name] for name in DEPARTMENT_TOTALS if name in chosen}
    for figure in ordered:
        if (
            figure.template.part
            and figure.field not in chosen
            and _is_whole(figure, figures, totals)
        ):
            chosen[figure.field] = figure.money.value_wan
    return chosen


def template_summary(figures: list[TemplateFigure]) -> DocSummaryRecord:
    chosen = figures_by_field(figures)
    return replace(
        DocSummaryRecord(),
        **{k: v for k, v in chosen.items() if k in SUMMARY_FIELDS},  # type: ignore[arg-type]
    )


def prefer(first: DocSummaryRecord, second: DocSummaryRecord) -> DocSummaryRecord:
    """``first``'s non-null fields, ``second``'s for the rest."""
    return replace(
        second,
        **{f.name: v for f in fields(first) if (v := getattr(first, f.name)) is not None},
    )


def figure_amounts(
    figures: list[TemplateFigure], section_of: dict[int, str | None]
) -> list[AmountRecord]:
    """The figures as table amounts, one per cell (a cell two fields read counts once)."""
    seen: set[tuple[int | None, str, str]] = set()
    amounts = []
    for figure in figures:
        key = (figure.page, figure.row_text, figure.money.raw_value)
        if key in seen:
            continue
        seen.add(key)
        amounts.append(
            AmountRecord(
                seq=0,
                section=section_of.get(figure.table_index),
                metric=figure.metric,
                subject=None,
                value_wan=abs(figure.money.value_wan),
                raw_value=figure.money.raw_value,
                raw_unit=figure.money.raw_unit,
                sentence=figure.row_text,
                page=figure.page,
                char_start=None,
                source="table",
            )
        )
    return amounts


def _is_whole(figure: TemplateFigure, figures: list[TemplateFigure], totals: set[Decimal]) -> bool:
    own_total = next(
        (
            f.money.value_wan
            for f in figures
            if f.table_index == figure.table_index and f.field == PART_TOTAL
        ),
        None,
    )
    return own_total is not None and any(abs(own_total - t) <= MONEY_TOLERANCE for t in totals)
