"""The table checks pass on real tables and fail on doctored ones."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sample_rows import (
    JIAYUGUAN_BUDGET_HEADER,
    JIAYUGUAN_BUDGET_TOTAL,
    JIAYUGUAN_INDICATOR_HEADER,
    JIAYUGUAN_TOTAL_ROW,
    YUEYANGLOU_BUDGET_CONTROL_ROW,
    YUEYANGLOU_BUDGET_HEADER,
    YUEYANGLOU_BUDGET_TOTAL,
    YUEYANGLOU_ENROLMENT_PLAN_ROW,
    YUEYANGLOU_INDICATOR_HEADER,
    YUEYANGLOU_INTERNET_ROW,
    YUEYANGLOU_PARTICIPATION_ROW,
    YUEYANGLOU_SATISFACTION_ROW,
    YUEYANGLOU_SUBSIDY_ROW,
    YUEYANGLOU_TIMELY_ROW,
    YUEYANGLOU_TOTAL_ROW,
)

from extractors.model import Table, assemble
from parsers.checks import (
    check_level_weights,
    check_project_execution,
    check_score_within_weight,
    check_scores_add_up,
    check_self_score,
)
from parsers.tables import read_tables
from records import DocSummaryRecord, ProjectRecord

# yueyanglou 附件2 (TXT grid): the budget block's 分值/得分 (10/10) count in the 合计.
YUEYANGLOU = (
    YUEYANGLOU_BUDGET_HEADER,
    YUEYANGLOU_BUDGET_TOTAL,
    YUEYANGLOU_INDICATOR_HEADER,
    YUEYANGLOU_PARTICIPATION_ROW,
    YUEYANGLOU_SUBSIDY_ROW,
    YUEYANGLOU_TIMELY_ROW,
    YUEYANGLOU_BUDGET_CONTROL_ROW,
    (
        "",
        "效益指标\n(30分)",
        "社会效\n益指标",
        "医保制度的有效执行，提升了群众的安全感、幸福感",
        "有效提升",
        "有效提升",
        "10",
        "9.5",
        "",
    ),
    YUEYANGLOU_ENROLMENT_PLAN_ROW,
    YUEYANGLOU_INTERNET_ROW,
    YUEYANGLOU_SATISFACTION_ROW,
    YUEYANGLOU_TOTAL_ROW,
)


def _facts(rows=YUEYANGLOU):
    return read_tables(assemble("s", "txt", [Table(rows=rows)]), 2023)


def test_real_table_scores_and_weights_add_up_to_its_total():
    facts = _facts()
    results = check_scores_add_up(facts.indicators, facts.totals)
    assert [(r.name, r.passed) for r in results] == [
        ("scores_add_up", True),
        ("weights_add_up", True),
    ]


def test_doctored_score_no_longer_adds_up():
    doctored = list(YUEYANGLOU)
    doctored[3] = tuple("18" if i == 7 else c for i, c in enumerate(doctored[3]))
    facts = _facts(tuple(doctored))
    scores = check_scores_add_up(facts.indicators, facts.totals)[0]
    assert not scores.passed
    assert "96.5" in scores.message and "98.5" in scores.message


def test_department_total_matches_the_self_score_of_the_report():
    facts = _facts()
    assert [r.passed for r in check_self_score(facts.totals, facts.summary)] == [True]
    stated_in_prose = DocSummaryRecord(self_score=Decimal("96"))
    assert [r.passed for r in check_self_score(facts.totals, stated_in_prose)] == [False]


def test_no_real_row_scores_above_its_weight():
    assert check_score_within_weight(_facts().indicators).passed


def test_a_score_above_its_weight_is_reported():
    rows = _facts().indicators
    doctored = [*rows[:-1], replace(rows[-1], score=12.0)]
    result = check_score_within_weight(doctored)
    assert not result.passed
    assert result.details["rows"] == ["table 0: 相关部门和参保对象满意度: score 12 > weight 10"]


def test_level_weights_match_their_headings():
    facts = _facts()
    results = check_level_weights(facts.indicators, facts.totals)
    assert [(r.message.split()[2].rstrip(":"), r.passed) for r in results] == [
        ("产出指标", True),
        ("效益指标", True),
        ("满意度指标", True),
    ]


def test_jiayuguan_department_table_does_not_add_up_as_published():
    # Read off the report: 履职效果 is headed (50分) but its rows weigh 54; the rows
    # score 93 and the budget block 9, i.e. 102, while 合计 states 98.
    rows = (
        JIAYUGUAN_BUDGET_HEADER,
        JIAYUGUAN_BUDGET_TOTAL,
        JIAYUGUAN_INDICATOR_HEADER,
        (
            "",
            "部门管理\n（20分）",
            "资金投入",
            "基本支出预算执行率率",
            "≧90%",
            "91%%",
            "20",
            "20",
            "",
        ),
        (
            "",
            "履职效果\n（50分）",
            "部门履职目标",
            "定点医疗机构管理",
            "216个",
            "216个",
            "54",
            "53",
            "",
        ),
        (
            "",
            "能力建设\n（10分）",
            "长效管理",
            "中期规划建设完备程度",
            "逐步完备",
            "逐步完备",
            "10",
            "10",
            "",
        ),
        (
            "",
            "服务对象满意度（10分）",
            "服务对象的满意度",
            "参保人员的满意度",
            "≧90%",
            "95%",
            "10",
            "10",
            "",
        ),
        JIAYUGUAN_TOTAL_ROW,
    )
    facts = read_tables(assemble("s", "txt", [Table(rows=rows)]), 2021)
    scores = check_scores_add_up(facts.indicators, facts.totals)
    assert [(r.name, r.passed) for r in scores] == [("scores_add_up", False)]
    assert "102" in scores[0].message
    levels = {
        r.message.split()[2].rstrip(":"): r.passed
        for r in check_level_weights(facts.indicators, facts.totals)
    }
    assert levels["履职效果"] is False and levels["部门管理"] is True


def test_projects_executed_within_budget_pass():
    projects = [
        ProjectRecord(
            "医疗服务与保障能力提升补助资金",
            budget_final_wan=Decimal("182"),
            executed_wan=Decimal("179"),
        ),
        ProjectRecord(
            "二乙伤残军人医疗", budget_initial_wan=Decimal("21.74"), executed_wan=Decimal("21.74")
        ),
    ]
    assert check_project_execution(projects).passed


def test_project_executed_above_final_budget_fails():
    projects = [
        ProjectRecord("慢性病鉴定费", budget_final_wan=Decimal("1"), executed_wan=Decimal("1.5"))
    ]
    result = check_project_execution(projects)
    assert not result.passed
    assert result.details["rows"] == ["慢性病鉴定费: executed 1.5 > budget 1"]
