"""doc_summary: the department's headline figures for the evaluated year.

One full prose-only row per sample (table fields stay null until tables are read), and
one behaviour per test on sentences copied from the samples. Expected values are read
off the reports.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractors.model import Document, Paragraph, assemble
from extractors.txt import read_txt
from parsers.amounts import find_amounts
from parsers.sections import segment
from parsers.summary import is_one_project_report, merge_summaries, summarise
from records import DocSummaryRecord

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


def summary_of(doc: Document, fiscal_year: int | None, table: DocSummaryRecord | None = None):
    amounts = find_amounts(doc, [])
    return summarise(doc, [], amounts, table or DocSummaryRecord(), fiscal_year)


def doc_of(*lines: str) -> Document:
    return assemble("sample.txt", "txt", [Paragraph(line) for line in lines])


def sample(name: str) -> Document:
    path = SAMPLES / name
    return read_txt(path.read_bytes(), name)


def D(text: str) -> Decimal:
    return Decimal(text)


# --- a full row per sample (prose only) -------------------------------------------------

EXPECTED_ROWS = {
    # 收入 880.52 (财政拨款预算收入), 基本 372.34, 项目 508.18, 结转结余 5.18, 绩效评价得分96分, 评价结果：优
    ("ebian-2024-dept-self-eval.txt", 2024): DocSummaryRecord(
        income_wan=D("880.52"),
        basic_expenditure_wan=D("372.34"),
        project_expenditure_wan=D("508.18"),
        carryover_wan=D("5.18"),
        self_score=D("96"),
        grade_raw="优",
        grade="优",
    ),
    # 财政拨款本年收入/本年支出 9968.66, 年初预算 10710.15, 预算执行率93.08%, 项目13个涉及资金
    # 9236.97, “三公经费”年末实际支出12.31, 该部门评价得分92.47分，评价结果为优秀
    ("fengnan-2023-finance-key-eval.txt", 2023): DocSummaryRecord(
        budget_initial_wan=D("10710.15"),
        expenditure_wan=D("9968.66"),
        income_wan=D("9968.66"),
        project_expenditure_wan=D("9236.97"),
        three_public_wan=D("12.31"),
        execution_rate=D("0.9308"),
        self_score=D("92.47"),
        grade_raw="优秀",
        grade="优",
    ),
    # prose: 项目支出7187.78万元; 基本支出绩效自评得分98分，自评等级为良好 (the 整体支出
    # 自评表's total); 基本支出 is not stated in prose (only 人员经费/公用经费)
    ("jiayuguan-2021-dept-self-eval.txt", 2021): DocSummaryRecord(
        project_expenditure_wan=D("7187.78"),
        self_score=D("98"),
        grade_raw="良好",
        grade="良",
    ),
    # 本年收入合计 / 本年支出合计 1880.22, 基本支出824.53, 项目支出1055.69, “三公”经费支出决算
    # 0.67; 附件1 部门整体绩效评价: 总体得分98分 (no grade written)
    ("mianzhu-2020-final-accounts.txt", 2020): DocSummaryRecord(
        expenditure_wan=D("1880.22"),
        income_wan=D("1880.22"),
        basic_expenditure_wan=D("824.53"),
        project_expenditure_wan=D("1055.69"),
        three_public_wan=D("0.67"),
        self_score=D("98"),
    ),
    # prose: 全年基本支出1304.81万元, 项目支出994.5万元; budgets, totals and the 98.5 score are
    # only in the 自评表 tables; the 基金收支 figures are the funds', not the bureau's
    ("yueyanglou-2023-dept-self-eval.txt", 2023): DocSummaryRecord(
        basic_expenditure_wan=D("1304.81"),
        project_expenditure_wan=D("994.5"),
    ),
}


@pytest.mark.parametrize(("name", "year"), sorted(EXPECTED_ROWS))
def test_sample_prose_summary_row(name: str, year: int) -> None:
    assert summary_of(sample(name), year) == EXPECTED_ROWS[(name, year)]


# --- which figure fills which field -----------------------------------------------------


def test_previous_year_change_is_not_this_years_total() -> None:
    doc = doc_of("与2019年相比，本年支出合计减少3285.71万元，下降63.6%。")
    assert summary_of(doc, 2020).expenditure_wan is None


def test_figure_of_another_year_is_not_this_years() -> None:
    doc = doc_of("2022年决算数：本年支出合计1880.22万元。")
    assert summary_of(doc, 2023).expenditure_wan is None


def test_change_in_an_earlier_clause_does_not_hide_the_levels_after_it() -> None:
    # in the style of a 自评发现的主要问题 sentence: the 增加 belongs to its own clause only
    doc = doc_of(
        "二是2023年单位年初预算856.40万元，年中调整预算为1203.15万元，"
        "比年初预算增加346.75万元，全年执行数1190.08万元，预算调整幅度较大。"
    )
    summary = summary_of(doc, 2023)
    assert (summary.budget_initial_wan, summary.budget_final_wan, summary.expenditure_wan) == (
        D("856.40"),
        D("1203.15"),
        D("1190.08"),
    )


def test_asides_naming_another_year_or_a_topic_do_not_hide_the_budgets() -> None:
    # in the style of a 项目支出自评报告 opening: the 2022 and the 结转结余 are in brackets
    doc = doc_of(
        "2023年，市信息中心实施项目共12个（含2022年转列暂付性款项项目3个），"
        "年初批复预算6个项目720万元（含1个年初结转结余项目40万元），"
        "调整预算后项目预算655.30万元，年中增加6个项目（含2022年转列暂付性款项项目3个）。"
    )
    summary = summary_of(doc, 2023)
    # the 40 is a project carried into the year (年初结转), not the year-end carryover
    assert (summary.budget_initial_wan, summary.budget_final_wan, summary.carryover_wan) == (
        D("720"),
        D("655.30"),
        None,
    )


def test_another_year_outside_an_aside_still_counts() -> None:
    doc = doc_of("2022年（上年度）年初预算856.40万元，调整预算为1203.15万元。")
    summary = summary_of(doc, 2023)
    assert (summary.budget_initial_wan, summary.budget_final_wan) == (None, None)


def test_sub_item_of_income_is_not_the_income_total() -> None:
    # mianzhu 收入决算情况说明: the total comes first and wins; the 其中 item alone does not count
    assert (
        summary_of(doc_of("其中：一般公共预算财政拨款收入1459.62万元，占77.6%；"), 2020).income_wan
        is None
    )
    doc = doc_of(
        "2020年本年收入合计1880.22万元，其中：一般公共预算财政拨款收入1459.62万元，占77.6%；"
    )
    assert summary_of(doc, 2020).income_wan == D("1880.22")


def test_fund_income_is_not_the_departments_income() -> None:
    doc = doc_of(
        "截至2023年11月底，城镇职工基本医疗保险统筹收入11720.82万元，个人账户收入2019.69万元；"
    )
    assert summary_of(doc, 2023).income_wan is None


def test_a_topics_budget_and_spending_are_not_the_departments() -> None:
    # fengnan 指标5: 公用经费's own 年初预算 and 实际支出
    doc = doc_of(
        "5.公用经费控制率（设定5分，得分5分），该部门2023年年初日常公用经费预算安排59.55万元，"
        "年末实际支出54.31万元，公用经费控制率91.20%。"
    )
    summary = summary_of(doc, 2023)
    assert (summary.budget_initial_wan, summary.expenditure_wan) == (None, None)


def test_three_public_is_the_actual_spending_not_the_budget() -> None:
    # fengnan 指标6
    doc = doc_of(
        "6.“三公经费”控制率（设定5分，得分5分），该部门2023年年初“三公经费”预算安排12.99万元，"
        "年末实际支出12.31万元，“三公经费”控制率94.77%，总体控制较好。"
    )
    assert summary_of(doc, 2023).three_public_wan == D("12.31")


def test_project_budget_is_not_the_departments_budget() -> None:
    # ebian 项目1 block
    doc = doc_of(
        "项目1：医疗保险征缴及医疗保险基金安全监管工作相关经费10万元。",
        "预算执行情况：预算总额年初10万元，执行数10万元，执行率100% 。",
    )
    summary = summary_of(doc, 2024)
    assert (summary.budget_initial_wan, summary.expenditure_wan, summary.execution_rate) == (
        None,
        None,
        None,
    )


def test_department_execution_rate_is_a_fraction() -> None:
    doc = doc_of(
        "3.预算执行率（设定5分，得分4.04分），该部门2023年年初预算安排10710.15万元，"
        "年末支出9968.66万元，预算执行率93.08%。"
    )
    summary = summary_of(doc, 2023)
    assert summary.execution_rate == D("0.9308")
    assert summary.budget_initial_wan == D("10710.15")
    assert summary.expenditure_wan == D("9968.66")


def test_project_execution_rate_is_not_the_departments() -> None:
    doc = doc_of("支出控制：项目年度预算执行率100% 。均为按实结算，实际支出精准匹配需求。")
    assert summary_of(doc, 2024).execution_rate is None


# --- score and grade --------------------------------------------------------------------


def test_finance_bureau_evaluation_score_and_grade() -> None:
    # fengnan 四（二）评价结论
    summary = summary_of(doc_of("该部门评价得分92.47分，评价结果为优秀。"), 2023)
    assert (summary.self_score, summary.grade_raw, summary.grade) == (D("92.47"), "优秀", "优")


def test_self_evaluation_score_with_colon_and_short_grade() -> None:
    # ebian 五（一）
    doc = doc_of("经对本部门整体绩效综合自评，绩效评价得分：96分，评价结果：优。")
    summary = summary_of(doc, 2024)
    assert (summary.self_score, summary.grade_raw, summary.grade) == (D("96"), "优", "优")


def test_project_score_in_the_same_sentence_is_not_the_departments() -> None:
    # jiayuguan 综合评价结论
    doc = doc_of(
        "完成情况较好，基本支出绩效自评得分98分，自评等级为良好，项目支出绩效自评得分100分，等级为优秀。"
    )
    summary = summary_of(doc, 2021)
    assert (summary.self_score, summary.grade_raw, summary.grade) == (D("98"), "良好", "良")


def test_indicator_scores_are_not_the_total() -> None:
    doc = doc_of("1.预算编制完整性（设定4分，得分4分），该部门2023年编制部门预算及部门绩效预算。")
    assert summary_of(doc, 2023).self_score is None


def test_score_inside_a_project_block_is_not_the_departments() -> None:
    # ebian 项目3 评价结论 (综合得分94分) comes before the department's 96
    doc = doc_of(
        "项目3：城乡医疗救助县级配套（按实）270.92万元。",
        "评价结论：医疗救助资金在保障困难群众医疗需求上作用关键，综合得分94分，项目成效良好。",
    )
    assert summary_of(doc, 2024).self_score is None


def test_grade_mentioned_in_an_unrelated_phrase_is_not_a_grade() -> None:
    # fengnan: 评价结果中已予以应用 / 获得良好等次 are not the evaluation grade
    doc = doc_of(
        "12.绩效结果应用（设定4分，得分4分），该部门绩效监控结果、绩效自评结果、部门重点评价结果中已予以应用。",
        "18.机关工作整体满意度（设定6分，得分4分），2023年度该部门在区委年度考核中获得良好等次。",
    )
    summary = summary_of(doc, 2023)
    assert (summary.grade_raw, summary.grade) == (None, None)


def test_result_cell_below_its_label_gives_score_and_grade() -> None:
    # a 结果一览表 dumped one cell per line, the grade's letters spaced apart
    doc = doc_of(
        "某县医疗保障局2023年度部门整体支出绩效评价结果一览表",
        "评价结果",
        "良 好（86分）",
        "评价人员",
    )
    summary = summary_of(doc, 2023)
    assert (summary.self_score, summary.grade_raw, summary.grade) == (D("86"), "良好", "良")


def test_a_result_label_followed_by_prose_is_no_result_cell() -> None:
    doc = doc_of("评价结果", "通过现场核查和问卷调查，该项目总体完成较好。")
    summary = summary_of(doc, 2023)
    assert (summary.self_score, summary.grade_raw) == (None, None)


# --- a report whose whole subject is one project ----------------------------------------

ONE_PROJECT_TITLE = ("某区医保局2022年城区财政", "困难群众医疗救助资金项目绩效再评价报告")


def test_one_projects_evaluation_report_is_scored_by_that_project() -> None:
    # in the style of a finance bureau's 项目绩效再评价报告: its cover table's result
    doc = doc_of(
        *ONE_PROJECT_TITLE,
        "项目名称:2022年城区财政困难群众医疗救助资金项目",
        "评价结果",
        "良 好86分)",
    )
    summary = summary_of(doc, 2022)
    assert (summary.self_score, summary.grade_raw, summary.grade) == (D("86"), "良好", "良")


def test_project_score_sentence_counts_in_a_one_project_report() -> None:
    doc = doc_of(*ONE_PROJECT_TITLE, "经综合评价，该项目综合得分88.5分，评价等级为良好。")
    summary = summary_of(doc, 2022)
    assert (summary.self_score, summary.grade_raw) == (D("88.5"), "良好")


def test_project_score_sentence_does_not_count_in_a_department_report() -> None:
    doc = doc_of(
        "某区医疗保障局2022年度部门整体支出绩效自评报告",
        "经综合评价，该项目综合得分88.5分，评价等级为良好。",
    )
    summary = summary_of(doc, 2022)
    assert (summary.self_score, summary.grade_raw) == (None, None)


@pytest.mark.parametrize(
    ("lines", "one_project"),
    [
        (ONE_PROJECT_TITLE, True),
        (("某市信息中心2023年度项目支出绩效单位自评报告",), False),
        (("某县医疗保障局项目支出绩效自评报告",), False),
        (
            ("某县医疗保障局关于2020年部门整体绩效评价的报告", "城乡医疗救助资金项目绩效自评报告"),
            False,
        ),
    ],
)
def test_a_title_naming_one_project_makes_a_one_project_report(
    lines: tuple[str, ...], one_project: bool
) -> None:
    assert is_one_project_report(doc_of(*lines)) is one_project


# --- precedence -------------------------------------------------------------------------


def test_table_value_wins_over_prose_and_prose_fills_the_rest() -> None:
    doc = doc_of("2023年全年基本支出1304.81万元，", "项目支出994.5万元，")
    table = DocSummaryRecord(budget_initial_wan=D("1022.77"), project_expenditure_wan=D("994.50"))
    summary = summary_of(doc, 2023, table)
    assert summary.budget_initial_wan == D("1022.77")
    assert summary.project_expenditure_wan == D("994.50")
    assert summary.basic_expenditure_wan == D("1304.81")


def test_table_grade_brings_its_own_normalised_grade() -> None:
    prose = DocSummaryRecord(self_score=D("98"), grade_raw="良好", grade="良")
    table = DocSummaryRecord(self_score=D("98.5"), grade_raw="优秀")
    merged = merge_summaries(table, prose)
    assert (merged.self_score, merged.grade_raw, merged.grade) == (D("98.5"), "优秀", "优")


def test_document_without_figures_has_an_empty_summary() -> None:
    assert summary_of(doc_of("其他需要说明的问题", "无。"), 2021) == DocSummaryRecord()


def test_money_brought_into_the_year_is_not_the_year_end_carryover() -> None:
    doc = doc_of(
        "（三）年初结转和结余326.18万元，主要为以前年度尚未完成的基建项目资金。",
        "（四）年末结转和结余512.40万元，将按原用途继续使用。",
    )
    assert summary_of(doc, 2024).carryover_wan == D("512.40")


def test_carry_in_alone_leaves_the_carryover_empty() -> None:
    doc = doc_of("上年结转资金88.50万元，全部用于续建项目。")
    assert summary_of(doc, 2024).carryover_wan is None


def test_figures_in_the_years_target_section_are_the_plan_not_the_spending() -> None:
    doc = doc_of(
        "一、基本情况",
        "（二）整体绩效目标情况。",
        "项目支出2360.40万元，其中：城乡低保补助资金2200万元，临时救助资金160.40万元。",
        "二、绩效目标完成情况分析",
        "（一）资金投入情况分析。",
        "全年实际支出1980.20万元，其中项目支出1208.75万元。",
    )
    sections = segment(doc)
    summary = summarise(doc, sections, find_amounts(doc, sections), DocSummaryRecord(), 2023)
    assert summary.project_expenditure_wan == D("1208.75")


def test_a_target_section_still_states_the_initial_budget() -> None:
    doc = doc_of("（二）部门绩效目标情况。", "年初预算数845.60万元，主要用于人员工资和日常运转。")
    sections = segment(doc)
    summary = summarise(doc, sections, find_amounts(doc, sections), DocSummaryRecord(), 2023)
    assert summary.budget_initial_wan == D("845.60")
