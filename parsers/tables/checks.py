"""Checks the table data must pass, as pure functions (the pipeline turns them into asset
checks). Each returns one ``CheckResult`` per thing checked, so a failure names the table
or row at fault.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from parsers.tables import TableTotal
from parsers.tables.template_tables import TemplateFigure
from records import DocSummaryRecord, IndicatorRecord, ProjectRecord

# Scores are written with at most two decimals; sums of floats may be off by a hair.
SCORE_TOLERANCE = 0.01
MONEY_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    message: str
    details: tuple[str, ...] = ()


def check_scores_add_up(
    indicators: list[IndicatorRecord], totals: list[TableTotal]
) -> list[CheckResult]:
    """Per table with a 合计: its rows' scores (plus the 预算执行率 score of the same form)
    add up to the stated total score, and the weights to the stated total weight."""
    by_table: dict[int, list[IndicatorRecord]] = defaultdict(list)
    for row in indicators:
        by_table[row.table_seq].append(row)
    results = []
    for total in totals:
        rows = by_table.get(total.table_seq, [])
        for label, stated, parts, extra in (
            ("score", total.score, [r.score for r in rows], total.execution_score),
            ("weight", total.weight, [r.weight for r in rows], total.execution_weight),
        ):
            if stated is None:
                continue
            summed = sum(p for p in parts if p is not None) + (extra or 0.0)
            passed = abs(summed - stated) <= SCORE_TOLERANCE
            results.append(
                CheckResult(
                    name=f"{label}s_add_up",
                    passed=passed,
                    message=(
                        f"table {total.table_seq} ({_table_name(total)}): {label}s sum to "
                        f"{summed:g}, 合计 states {stated:g}"
                    ),
                    details=(f"rows={len(rows)}", f"execution_{label}={extra}"),
                )
            )
    return results


def check_self_score(totals: list[TableTotal], summary: DocSummaryRecord) -> list[CheckResult]:
    """The department-wide table's total score is the document's self_score."""
    department = [t for t in totals if t.scope == "department" and t.score is not None]
    if not department or summary.self_score is None:
        return []
    stated = float(summary.self_score)
    table_score = department[0].score
    assert table_score is not None
    return [
        CheckResult(
            name="table_total_is_self_score",
            passed=abs(table_score - stated) <= SCORE_TOLERANCE,
            message=f"department table total {table_score:g}, self_score {stated:g}",
        )
    ]


def check_score_within_weight(indicators: list[IndicatorRecord]) -> CheckResult:
    """No indicator scores more than its weight."""
    over = [
        f"table {r.table_seq}: {r.level3}: score {r.score:g} > weight {r.weight:g}"
        for r in indicators
        if r.score is not None and r.weight is not None and r.score > r.weight + SCORE_TOLERANCE
    ]
    return CheckResult(
        name="score_within_weight",
        passed=not over,
        message=f"{len(over)} of {len(indicators)} rows score more than their weight",
        details=tuple(over),
    )


def check_project_execution(projects: list[ProjectRecord]) -> CheckResult:
    """No project executes more than its final budget (年初 budget when no final is given)."""
    over = []
    for project in projects:
        budget = project.budget_final_wan or project.budget_initial_wan
        executed = project.executed_wan
        if budget is not None and executed is not None and executed > budget + MONEY_TOLERANCE:
            over.append(f"{project.project_name}: executed {executed} > budget {budget}")
    return CheckResult(
        name="project_executed_within_budget",
        passed=not over,
        message=f"{len(over)} of {len(projects)} projects executed more than their budget",
        details=tuple(over),
    )


def check_level_weights(
    indicators: list[IndicatorRecord], totals: list[TableTotal]
) -> list[CheckResult]:
    """The weights under a level-1 heading add up to the total it states (产出指标(50分))."""
    results = []
    for total in totals:
        for level1, stated in total.level_weights:
            summed = sum(
                r.weight or 0.0
                for r in indicators
                if r.table_seq == total.table_seq and (r.level1 or "") == level1
            )
            results.append(
                CheckResult(
                    name="level_weights_add_up",
                    passed=abs(summed - stated) <= SCORE_TOLERANCE,
                    message=f"table {total.table_seq} {level1}: weights {summed:g}, heading {stated:g}",
                )
            )
    return results


# The sums a standard 决算/预算 table states (template field names, parsers/data/templates.toml):
# name, the total, its parts. Checked where the table states the total and every part but
# the optional ones (结余分配 is often left blank).
TEMPLATE_SUMS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # 决算 收入支出决算总表: 总计 = 本年支出合计 + 年末结转和结余 (+ 结余分配)
    (
        "income_covers_spending_and_carryover",
        "income_total_wan",
        ("expenditure_wan", "carryover_wan"),
        ("surplus_use_wan",),
    ),
    # 预算 收支总表: 收入总计 = 本年支出合计 + 结转下年
    (
        "income_covers_spending_and_carryover",
        "income_wan",
        ("spending_year_wan", "carry_out_wan"),
        (),
    ),
    # 支出决算表 / 支出总表: 合计 = 基本支出 + 项目支出
    (
        "basic_and_project_make_the_total",
        "spending_total_wan",
        ("basic_expenditure_wan", "project_expenditure_wan"),
        (),
    ),
    # 三公经费: 合计 = 因公出国（境）+ 公务用车 + 公务接待
    (
        "three_public_parts_add_up",
        "three_public_wan",
        ("abroad_wan", "vehicles_wan", "reception_wan"),
        (),
    ),
)


def check_template_sums(figures: list[TemplateFigure]) -> list[CheckResult]:
    """Per standard table: the total it states equals the sum of the parts it states (each
    part rounded to 0.01 万元 in print, so the tolerance grows with the parts)."""
    by_table: dict[int, dict[str, TemplateFigure]] = defaultdict(dict)
    for figure in figures:
        by_table[figure.table_index].setdefault(figure.field, figure)
    results = []
    for index, stated in sorted(by_table.items()):
        for name, total_field, parts, optional in TEMPLATE_SUMS:
            if total_field not in stated or not all(p in stated for p in parts):
                continue
            used = [p for p in (*parts, *optional) if p in stated]
            summed = sum((stated[p].money.value_wan for p in used), Decimal(0))
            total = stated[total_field].money.value_wan
            tolerance = MONEY_TOLERANCE * len(used)
            table = stated[total_field].template.name
            results.append(
                CheckResult(
                    name=name,
                    passed=abs(summed - total) <= tolerance,
                    message=f"{table} (table {index}): {' + '.join(used)} = {summed}, "
                    f"{total_field} states {total}",
                    details=tuple(f"{p}={stated[p].money.value_wan}" for p in used),
                )
            )
    return results


def _table_name(total: TableTotal) -> str:
    return total.project_name or "department"
