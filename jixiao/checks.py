"""Per-document quality checks, as pure functions over an ExtractionResult.

Each check names the curated table it guards and its severity: ERROR when the extracted
figures contradict each other or required fields are missing, WARN when something merely
looks thin or doubtful. A failed check is a finding for a steward; it never deletes data.
The table checks are the tables parser's own (`parsers.tables.checks`), one outcome per
document. The Dagster assets turn each outcome into an asset check result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from parsers.tables import TableTotal
from parsers.tables import checks as table_checks
from parsers.tables.checks import CheckResult as TableCheckResult
from records import DocSummaryRecord

if TYPE_CHECKING:  # the Dagster process imports the checks, not the extraction core and jieba
    from jixiao.extraction import ExtractionResult

ERROR, WARN = "ERROR", "WARN"
# A check whose inputs the document does not state says so with this prefix: it is neither
# passed nor failed, and the pipeline records no result for it.
NOT_APPLICABLE = "not applicable"

MONEY_TOLERANCE_WAN = Decimal("0.01")
RATE_TOLERANCE = Decimal("0.0005")  # a rate stated to 0.01 % plus rounding of its inputs
MIN_SECTIONS = 3


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    severity: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def applicable(self) -> bool:
        return not self.message.startswith(NOT_APPLICABLE)


@dataclass(frozen=True)
class CheckRule:
    name: str
    table: str  # the curated table the check is attached to
    severity: str
    description: str
    run: Callable[[ExtractionResult], tuple[bool, str, dict[str, Any]]]


def required_fields(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    doc = result.document
    missing = [
        name
        for name, present in (
            ("department", bool(doc.department)),
            ("fiscal_year", doc.fiscal_year is not None),
            ("sections", bool(result.sections)),
        )
        if not present
    ]
    if doc.status == "failed":
        return False, f"nothing extracted: {doc.error}", {"missing": missing}
    if missing:
        return False, f"missing: {', '.join(missing)}", {"missing": missing}
    return True, "department, fiscal_year and sections present", {}


def extracted_completely(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    """Every stage ran: a failed or partial document is a finding a steward must see."""
    doc = result.document
    if doc.status == "ok":
        return True, "every stage extracted", {}
    return False, f"{doc.status}: {doc.error}", {"status": doc.status}


def enough_extracted(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    n_amounts, n_sections = len(result.amounts), len(result.sections)
    details = {"amounts": n_amounts, "sections": n_sections}
    thin = []
    if n_amounts == 0:
        thin.append("no amounts")
    if n_sections < MIN_SECTIONS:
        thin.append(f"{n_sections} sections (< {MIN_SECTIONS})")
    if thin:
        return False, "suspiciously little: " + ", ".join(thin), details
    return True, f"{n_amounts} amounts, {n_sections} sections", details


def budget_parts_add_up(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    """基本支出 + 项目支出 = 支出 (within 0.01 万元) when all three are stated."""
    s = result.summary
    if s is None or None in (s.basic_expenditure_wan, s.project_expenditure_wan, s.expenditure_wan):
        return True, "not applicable: basic, project and total expenditure not all stated", {}
    assert s.basic_expenditure_wan is not None and s.project_expenditure_wan is not None
    total = s.basic_expenditure_wan + s.project_expenditure_wan
    gap = abs(total - (s.expenditure_wan or Decimal(0)))
    details = {
        "basic_wan": float(s.basic_expenditure_wan),
        "project_wan": float(s.project_expenditure_wan),
        "expenditure_wan": float(s.expenditure_wan or 0),
        "gap_wan": float(gap),
    }
    if gap > MONEY_TOLERANCE_WAN:
        return (
            False,
            f"basic + project = {total} 万元 but expenditure = {s.expenditure_wan} 万元",
            details,
        )
    return True, f"basic + project = expenditure = {s.expenditure_wan} 万元", details


def execution_rate_consistent(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    """The stated 预算执行率 equals expenditure / final budget."""
    s = result.summary
    if s is None or None in (s.execution_rate, s.expenditure_wan, s.budget_final_wan):
        return True, "not applicable: rate, expenditure and final budget not all stated", {}
    assert s.execution_rate is not None and s.expenditure_wan is not None
    if not s.budget_final_wan:
        return True, "not applicable: final budget is zero", {}
    computed = s.expenditure_wan / s.budget_final_wan
    details = {"stated": float(s.execution_rate), "computed": round(float(computed), 6)}
    if abs(computed - s.execution_rate) > RATE_TOLERANCE:
        return (
            False,
            f"stated rate {s.execution_rate} but expenditure / final budget = {computed:.4f}",
            details,
        )
    return True, f"stated rate {s.execution_rate} matches expenditure / final budget", details


# -- the tables' own checks (parsers.tables.checks), adapted to one outcome per document --


def _combined(
    results: TableCheckResult | list[TableCheckResult], not_applicable: str
) -> tuple[bool, str, dict[str, Any]]:
    """Many results (one per table or row) as one outcome: failed when any failed."""
    results = [results] if isinstance(results, TableCheckResult) else results
    if not results:
        return True, f"not applicable: {not_applicable}", {"checked": 0}
    failed = [r for r in results if not r.passed]
    details: dict[str, Any] = {
        "checked": len(results),
        "failed": [r.message for r in failed],
        "rows": [d for r in failed for d in r.details][:20],
    }
    if failed:
        return False, "; ".join(r.message for r in failed), details
    return True, "; ".join(r.message for r in results), details


def _totals(result: ExtractionResult) -> list[TableTotal]:
    return result.table_facts.totals if result.table_facts else []


def scores_add_up(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    """Each indicator table's scores and weights add up to its 合计 row."""
    found = table_checks.check_scores_add_up(result.indicators, _totals(result))
    return _combined(found, "no indicator table with a 合计 row")


def level_weights_add_up(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    found = table_checks.check_level_weights(result.indicators, _totals(result))
    return _combined(found, "no level-1 heading states its weight")


def table_total_is_self_score(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    summary = result.summary or DocSummaryRecord()
    found = table_checks.check_self_score(_totals(result), summary)
    return _combined(found, "no department table total and self_score to compare")


def scores_within_weight(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    return _combined(table_checks.check_score_within_weight(result.indicators), "")


def executed_within_budget(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    return _combined(table_checks.check_project_execution(result.projects), "")


def template_sums_add_up(result: ExtractionResult) -> tuple[bool, str, dict[str, Any]]:
    figures = result.table_facts.template_figures if result.table_facts else []
    found = table_checks.check_template_sums(figures)
    return _combined(found, "no standard 决算/预算 table states a total and all its parts")


CHECKS: tuple[CheckRule, ...] = (
    CheckRule(
        "required_fields",
        "documents",
        ERROR,
        "department, fiscal_year and at least one section are present",
        required_fields,
    ),
    CheckRule(
        "extracted_completely",
        "documents",
        ERROR,
        "the document was extracted without failed stages (status ok)",
        extracted_completely,
    ),
    CheckRule(
        "enough_extracted",
        "documents",
        WARN,
        "the document yields at least one amount and three sections",
        enough_extracted,
    ),
    CheckRule(
        "budget_parts_add_up",
        "doc_summary",
        ERROR,
        "basic + project expenditure = expenditure within 0.01 万元",
        budget_parts_add_up,
    ),
    CheckRule(
        "execution_rate_consistent",
        "doc_summary",
        WARN,
        "stated execution rate = expenditure / final budget",
        execution_rate_consistent,
    ),
    CheckRule(
        "scores_add_up",
        "indicators",
        ERROR,
        "indicator scores and weights add up to the table's 合计",
        scores_add_up,
    ),
    CheckRule(
        "level_weights_add_up",
        "indicators",
        WARN,
        "weights under a level-1 heading add up to the total it states (产出指标(50分))",
        level_weights_add_up,
    ),
    CheckRule(
        "table_total_is_self_score",
        "doc_summary",
        ERROR,
        "the department-wide table's total score is the document's self_score",
        table_total_is_self_score,
    ),
    CheckRule(
        "scores_within_weight",
        "indicators",
        ERROR,
        "no indicator score exceeds its weight (分值)",
        scores_within_weight,
    ),
    CheckRule(
        "template_sums_add_up",
        "doc_summary",
        WARN,
        "a standard 决算/预算 table's totals equal its parts: 总计 = 支出 + 结转, "
        "合计 = 基本支出 + 项目支出, 三公 = 出国 + 用车 + 接待",
        template_sums_add_up,
    ),
    CheckRule(
        "executed_within_budget",
        "projects",
        WARN,
        "no project's execution exceeds its final budget",
        executed_within_budget,
    ),
)


def run_checks(result: ExtractionResult) -> list[CheckOutcome]:
    outcomes = []
    for rule in CHECKS:
        passed, message, details = rule.run(result)
        outcomes.append(CheckOutcome(rule.name, passed, rule.severity, message, details))
    return outcomes
