"""Per-document quality checks, as pure functions over an ExtractionResult.

Each check names the curated table it guards and its severity: ERROR when the extracted
figures contradict each other or required fields are missing, WARN when something merely
looks thin or doubtful. A failed check is a finding for a steward; it never deletes data.
The sums and consistency checks are the parsers' own (`parsers.checks`), combined here into
one `CheckResult` per check and document. The Dagster assets turn each into an asset check
result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jixiao.result import ExtractionResult
from parsers import checks as sums
from parsers.checks import CheckResult, combined
from parsers.tables import TableTotal
from records import DocSummaryRecord

ERROR, WARN = "ERROR", "WARN"
MIN_SECTIONS = 3


@dataclass(frozen=True)
class CheckRule:
    name: str
    table: str  # the curated table the check is attached to
    severity: str
    description: str
    run: Callable[[ExtractionResult], CheckResult]


def required_fields(result: ExtractionResult) -> CheckResult:
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
    name = "required_fields"
    if doc.status == "failed":
        return CheckResult(name, False, f"nothing extracted: {doc.error}", {"missing": missing})
    if missing:
        return CheckResult(name, False, f"missing: {', '.join(missing)}", {"missing": missing})
    return CheckResult(name, True, "department, fiscal_year and sections present")


def extracted_completely(result: ExtractionResult) -> CheckResult:
    """Every stage ran: a failed or partial document is a finding a steward must see."""
    doc = result.document
    if doc.status == "ok":
        return CheckResult("extracted_completely", True, "every stage extracted")
    details = {"status": doc.status}
    return CheckResult("extracted_completely", False, f"{doc.status}: {doc.error}", details)


def enough_extracted(result: ExtractionResult) -> CheckResult:
    n_amounts, n_sections = len(result.amounts), len(result.sections)
    details = {"amounts": n_amounts, "sections": n_sections}
    thin = []
    if n_amounts == 0:
        thin.append("no amounts")
    if n_sections < MIN_SECTIONS:
        thin.append(f"{n_sections} sections (< {MIN_SECTIONS})")
    if thin:
        message = "suspiciously little: " + ", ".join(thin)
        return CheckResult("enough_extracted", False, message, details)
    message = f"{n_amounts} amounts, {n_sections} sections"
    return CheckResult("enough_extracted", True, message, details)


def budget_parts_add_up(result: ExtractionResult) -> CheckResult:
    return sums.check_budget_parts(result.summary or DocSummaryRecord())


def execution_rate_consistent(result: ExtractionResult) -> CheckResult:
    return sums.check_execution_rate(result.summary or DocSummaryRecord())


def _totals(result: ExtractionResult) -> list[TableTotal]:
    return result.table_facts.totals if result.table_facts else []


def scores_add_up(result: ExtractionResult) -> CheckResult:
    """Each indicator table's scores and weights add up to its 合计 row."""
    found = sums.check_scores_add_up(result.indicators, _totals(result))
    return combined("scores_add_up", found, "no indicator table with a 合计 row")


def level_weights_add_up(result: ExtractionResult) -> CheckResult:
    found = sums.check_level_weights(result.indicators, _totals(result))
    return combined("level_weights_add_up", found, "no level-1 heading states its weight")


def table_total_is_self_score(result: ExtractionResult) -> CheckResult:
    found = sums.check_self_score(_totals(result), result.summary or DocSummaryRecord())
    why = "no department table total and self_score to compare"
    return combined("table_total_is_self_score", found, why)


def scores_within_weight(result: ExtractionResult) -> CheckResult:
    found = [sums.check_score_within_weight(result.indicators)]
    return combined("scores_within_weight", found, "")


def executed_within_budget(result: ExtractionResult) -> CheckResult:
    found = [sums.check_project_execution(result.projects)]
    return combined("executed_within_budget", found, "")


def template_sums_add_up(result: ExtractionResult) -> CheckResult:
    figures = result.table_facts.template_figures if result.table_facts else []
    found = sums.check_template_sums(figures)
    why = "no standard 决算/预算 table states a total and all its parts"
    return combined("template_sums_add_up", found, why)


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


RULES_BY_NAME = {rule.name: rule for rule in CHECKS}


def run_checks(result: ExtractionResult) -> list[CheckResult]:
    """One result per rule, named as the rule (the asset check's name)."""
    return [rule.run(result) for rule in CHECKS]
