"""Per-document checks: each passes on real figures and fails on a doctored copy."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from builders import PARTICIPATION, SUBSIDY

from jixiao.checks import CHECKS, ERROR, RULES_BY_NAME, WARN, run_checks
from jixiao.extraction import ExtractionResult
from parsers.tables import TableFacts, TableTotal
from records import (
    AmountRecord,
    DocSummaryRecord,
    DocumentRecord,
    ProjectRecord,
    SectionRecord,
)

# jiayuguan-2021-dept-self-eval.txt, 整体支出绩效自评表: 全年支出 年初 729.97, 全年预算
# 753.60, 实际支出 750.6, 执行率 99.6%; 其中基本支出 555.08, 项目支出 195.52 (executed).
JIAYUGUAN = DocSummaryRecord(
    budget_initial_wan=Decimal("729.97"),
    budget_final_wan=Decimal("753.60"),
    expenditure_wan=Decimal("750.6"),
    basic_expenditure_wan=Decimal("555.08"),
    project_expenditure_wan=Decimal("195.52"),
    execution_rate=Decimal("0.996"),
)

# yueyanglou-2023-dept-self-eval.txt, 整体支出绩效自评表 (产出指标 rows): PARTICIPATION and
# SUBSIDY from builders, and the 时效指标 row.
TIMELY = replace(
    PARTICIPATION,
    level2="时效指标",
    level3="资金到位及时率",
    target_raw="各项资金到位及时率",
    actual_raw="全部及时到位",
    target_op=None,
    target_value=None,
    actual_value=None,
    target_unit=None,
    actual_unit=None,
    weight=10.0,
    score=10.0,
)

SECTIONS = [
    SectionRecord(0, "部门概况", "一、部门基本情况", 1, 0, 10, None, None, "一、部门基本情况"),
    SectionRecord(
        1, "收支情况", "二、部门财政资金收支情况", 1, 11, 30, None, None, "二、部门财政资金收支情况"
    ),
    SectionRecord(2, "问题与建议", "（二）存在问题", 2, 31, 40, None, None, "（二）存在问题"),
]
# ebian-2024-dept-self-eval.txt, line 43
BASIC = AmountRecord(
    seq=0,
    section="收支情况",
    metric="基本支出",
    subject=None,
    value_wan=Decimal("372.34"),
    raw_value="372.34",
    raw_unit="万元",
    sentence="基本支出372.34万元，项目支出508.18万元，其中项目4个",
    page=None,
    char_start=2440,
    source="prose",
)


def _result(**changes) -> ExtractionResult:
    base = ExtractionResult(
        doc_id="b42e5c55e01745c1",
        document=DocumentRecord(
            source_path="jiayuguan-2021-dept-self-eval.txt",
            file_format="txt",
            status="ok",
            department="嘉峪关市医疗保障局",
            region="嘉峪关市",
            fiscal_year=2021,
        ),
        summary=JIAYUGUAN,
        sections=list(SECTIONS),
        amounts=[BASIC],
        indicators=[PARTICIPATION, SUBSIDY, TIMELY],
        table_facts=TableFacts(
            totals=[
                TableTotal(
                    table_seq=0,
                    weight=40.0,
                    score=40.0,
                    scope="department",
                    level_weights=(("产出指标", 40.0),),
                )
            ]
        ),
    )
    return replace(base, **changes)


def _outcome(result: ExtractionResult, name: str):
    return next(o for o in run_checks(result) if o.name == name)


def test_every_check_passes_on_a_good_document():
    failed = [(o.name, o.message) for o in run_checks(_result()) if not o.passed]
    assert failed == []


def test_basic_plus_project_not_equal_to_expenditure_fails():
    doctored = replace(JIAYUGUAN, project_expenditure_wan=Decimal("198.52"))  # the budget
    outcome = _outcome(_result(summary=doctored), "budget_parts_add_up")
    assert not outcome.passed
    assert RULES_BY_NAME[outcome.name].severity == ERROR
    assert outcome.details["gap_wan"] == 3.0


def test_a_cent_of_rounding_still_adds_up():
    rounded = replace(JIAYUGUAN, expenditure_wan=Decimal("750.61"))
    assert _outcome(_result(summary=rounded), "budget_parts_add_up").passed


def test_execution_rate_not_matching_expenditure_over_final_budget_warns():
    # yueyanglou states 224.81 % (expenditure over the initial budget) next to
    # 全年预算数 2299.31 = 全年执行数 2299.31.
    yueyanglou = DocSummaryRecord(
        budget_initial_wan=Decimal("1022.77"),
        budget_final_wan=Decimal("2299.31"),
        expenditure_wan=Decimal("2299.31"),
        execution_rate=Decimal("2.2481"),
    )
    outcome = _outcome(_result(summary=yueyanglou), "execution_rate_consistent")
    assert not outcome.passed
    assert RULES_BY_NAME[outcome.name].severity == WARN


def test_unstated_figures_make_the_budget_checks_not_applicable():
    outcome = _outcome(_result(summary=DocSummaryRecord()), "budget_parts_add_up")
    assert outcome.passed
    assert outcome.message.startswith("not applicable")


def test_scores_not_adding_up_to_the_total_fail():
    doctored = [PARTICIPATION, SUBSIDY, replace(TIMELY, score=8.0)]
    outcome = _outcome(_result(indicators=doctored), "scores_add_up")
    assert not outcome.passed
    assert outcome.message == "table 0 (department): scores sum to 38, 合计 states 40"


def test_score_above_weight_fails():
    doctored = [replace(PARTICIPATION, score=21.0), SUBSIDY, TIMELY]
    outcome = _outcome(_result(indicators=doctored), "scores_within_weight")
    assert not outcome.passed
    assert outcome.details["rows"] == ["table 0: 城乡居民参保率: score 21 > weight 20"]


def test_level_weights_not_matching_the_heading_warn():
    # yueyanglou's heading reads 产出指标(50分); here only three of its rows are kept.
    facts = TableFacts(
        totals=[TableTotal(0, 40.0, 40.0, "department", level_weights=(("产出指标", 50.0),))]
    )
    outcome = _outcome(_result(table_facts=facts), "level_weights_add_up")
    assert not outcome.passed
    assert RULES_BY_NAME[outcome.name].severity == WARN
    assert outcome.message == "table 0 产出指标: weights 40, heading 50"


def test_department_table_total_must_be_the_self_score():
    # yueyanglou-2023: 整体支出绩效自评表 总分 98.5; the report's 自评得分 98.5.
    facts = TableFacts(totals=[TableTotal(0, 100.0, 98.5, "department")])
    summary = DocSummaryRecord(self_score=Decimal("98.5"))
    good = _outcome(_result(table_facts=facts, summary=summary), "table_total_is_self_score")
    assert good.passed
    doctored = replace(summary, self_score=Decimal("96"))
    bad = _outcome(_result(table_facts=facts, summary=doctored), "table_total_is_self_score")
    assert not bad.passed
    assert bad.message == "department table total 98.5, self_score 96"


def test_project_spending_more_than_its_final_budget_warns():
    # ebian-2024: 医疗补助费用（按实）调整后27.26万元，执行数27.26万元
    good = ProjectRecord("医疗补助费用（按实）", Decimal("40"), Decimal("27.26"), Decimal("27.26"))
    assert _outcome(_result(projects=[good]), "executed_within_budget").passed
    doctored = replace(good, executed_wan=Decimal("40"))
    outcome = _outcome(_result(projects=[doctored]), "executed_within_budget")
    assert not outcome.passed
    assert RULES_BY_NAME[outcome.name].severity == WARN


def test_missing_department_fails_required_fields():
    document = replace(_result().document, department=None)
    outcome = _outcome(_result(document=document), "required_fields")
    assert not outcome.passed
    assert outcome.message == "missing: department"


def test_document_without_sections_fails_required_fields():
    assert not _outcome(_result(sections=[]), "required_fields").passed


def test_thin_document_warns():
    outcome = _outcome(_result(amounts=[], sections=SECTIONS[:2]), "enough_extracted")
    assert not outcome.passed
    assert RULES_BY_NAME[outcome.name].severity == WARN
    assert outcome.message == "suspiciously little: no amounts, 2 sections (< 3)"


def test_every_check_is_attached_to_a_curated_table():
    from jixiao.schema import TABLE_NAMES

    assert {rule.table for rule in CHECKS} <= set(TABLE_NAMES)
    assert len({rule.name for rule in CHECKS}) == len(CHECKS)


def test_each_result_is_named_as_its_rule():
    assert [o.name for o in run_checks(_result())] == [rule.name for rule in CHECKS]
