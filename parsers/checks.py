"""Sums and consistency checks over the extracted records, as pure functions: the figures a
document states must agree with each other. Each returns one ``CheckResult`` per thing
checked, so a failure names the table or row at fault (``details["rows"]``); the core's
per-document checks (``jixiao.checks``) combine them into one result per check and document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parsers.tables import TableTotal
from parsers.tables.template_tables import TemplateFigure
from records import DocSummaryRecord, IndicatorRecord, ProjectRecord

# Scores are written with at most two decimals; sums of floats may be off by a hair.
SCORE_TOLERANCE = 0.01
MONEY_TOLERANCE = Decimal("0.01")
RATE_TOLERANCE = Decimal("0.0005")  # a rate stated to 0.01 % plus rounding of its inputs
# A check whose inputs the document does not state says so with this prefix: it is neither
# passed nor failed, and the pipeline records no result for it.
NOT_APPLICABLE = "not applicable"
MAX_DETAIL_ROWS = 20


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def applicable(self) -> bool:
        return not self.message.startswith(NOT_APPLICABLE)


def not_applicable(name: str, why: str) -> CheckResult:
    return CheckResult(name, passed=True, message=f"{NOT_APPLICABLE}: {why}")


def combined(name: str, results: Sequence[CheckResult], why_not_applicable: str) -> CheckResult:
    """Many results (one per table or row) as one: failed when any failed."""
    if not results:
        return CheckResult(name, True, f"{NOT_APPLICABLE}: {why_not_applicable}", {"checked": 0})
    failed = [r for r in results if not r.passed]
    details: dict[str, Any] = {
        "checked": len(results),
        "failed": [r.message for r in failed],
        "rows": [row for r in failed for row in r.details.get("rows", ())][:MAX_DETAIL_ROWS],
    }
    shown = failed or results
    return CheckResult(name, not failed, "; ".join(r.message for r in shown), details)


def check_budget_parts(summary: DocSummaryRecord) -> CheckResult:
    """基本支出 + 项目支出 = 支出 (within 0.01 万元) when all three are stated."""
    name = "budget_parts_add_up"
    basic, project = summary.basic_expenditure_wan, summary.project_expenditure_wan
    expenditure = summary.expenditure_wan
    if basic is None or project is None or expenditure is None:
        return not_applicable(name, "basic, project and total expenditure not all stated")
    total = basic + project
    gap = abs(total - expenditure)
    details = {
        "basic_wan": float(basic),
        "project_wan": float(project),
        "expenditure_wan": float(expenditure),
        "gap_wan": float(gap),
    }
    if gap > MONEY_TOLERANCE:
        message = f"basic + project = {total} 万元 but expenditure = {expenditure} 万元"
        return CheckResult(name, False, message, details)
    return CheckResult(name, True, f"basic + project = expenditure = {expenditure} 万元", details)


def check_execution_rate(summary: DocSummaryRecord) -> CheckResult:
    """The stated 预算执行率 equals expenditure / final budget."""
    name = "execution_rate_consistent"
    rate, expenditure, final = (
        summary.execution_rate,
        summary.expenditure_wan,
        summary.budget_final_wan,
    )
    if rate is None or expenditure is None or final is None:
        return not_applicable(name, "rate, expenditure and final budget not all stated")
    if not final:
        return not_applicable(name, "final budget is zero")
    computed = expenditure / final
    details = {"stated": float(rate), "computed": round(float(computed), 6)}
    if abs(computed - rate) > RATE_TOLERANCE:
        message = f"stated rate {rate} but expenditure / final budget = {computed:.4f}"
        return CheckResult(name, False, message, details)
    return CheckResult(
        name, True, f"stated rate {rate} matches expenditure / final budget", details
    )


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
                    details={"rows_summed": len(rows), f"execution_{label}": extra},
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
        details={"rows": over},
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
        details={"rows": over},
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
                    details={"rows": [f"{p}={stated[p].money.value_wan}" for p in used]},
                )
            )
    return results


def _table_name(total: TableTotal) -> str:
    return total.project_name or "department"
