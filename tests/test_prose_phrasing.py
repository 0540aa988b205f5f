"""Phrasings of figures, scores and grades that reports use in sentences (one per test,
paraphrased from published reports)."""

from __future__ import annotations

from decimal import Decimal

from extractors.model import Paragraph, assemble
from extractors.txt import read_txt
from jixiao.extraction import ExtractionResult, extract_document
from normalizers.grades import normalise_grade
from normalizers.script import is_traditional, simplified_document, to_simplified
from parsers.money import money_figures


def extract_lines(*lines: str) -> ExtractionResult:
    return extract_document(assemble("t.txt", "txt", [Paragraph(line) for line in lines]), "t")


def metric_of(result: ExtractionResult, value: str) -> str | None:
    return next(a.metric for a in result.amounts if a.value_wan == Decimal(value))


def test_traditional_characters_become_simplified_with_the_same_length() -> None:
    assert to_simplified("財政撥款收入792.22萬元") == "财政拨款收入792.22万元"


def test_a_simplified_report_is_not_taken_for_traditional() -> None:
    assert not is_traditional("本部门2023年度财政拨款收入880.52万元，著力保障民生。")


def test_a_traditional_report_is_read_like_a_simplified_one() -> None:
    result = extract_lines("二、支出決算情況", "本年支出合計603.75萬元，其中基本支出463.46萬元。")
    assert result.summary.expenditure_wan == Decimal("603.75")
    assert result.summary.basic_expenditure_wan == Decimal("463.46")


def test_a_traditional_documents_offsets_stay_those_of_its_blocks() -> None:
    doc = assemble("t.txt", "txt", [Paragraph("經費總額"), Paragraph("預算執行率98%")])
    converted = simplified_document(doc)
    assert [b.text for b in converted.blocks] == ["经费总额", "预算执行率98%"]
    assert converted.text == "经费总额\n预算执行率98%"


def test_a_dash_after_a_label_is_a_separator_not_a_sign() -> None:
    (figure,) = money_figures("二批项目投入资金-1024万元")
    assert figure.raw_value == "1024"


def test_a_dash_after_a_carryover_is_still_a_sign() -> None:
    (figure,) = money_figures("年末结转结余-5.18万元")
    assert figure.raw_value == "-5.18"


def test_a_phrase_denied_by_a_negation_labels_nothing() -> None:
    result = extract_lines("上级补助资金286万元于年中下达，不列入年初预算的资金346.87万元。")
    assert metric_of(result, "346.87") != "年初预算数"


def test_a_label_before_a_colon_labels_the_figure_after_it() -> None:
    result = extract_lines("1、收入：792.22万元。", "2、支出：799.12万元。")
    assert result.summary.income_wan == Decimal("792.22")
    assert result.summary.expenditure_wan == Decimal("799.12")


def test_a_vehicles_running_cost_is_a_three_public_expense() -> None:
    result = extract_lines("其中公务用车运行费用5.1万元。")
    assert metric_of(result, "5.1") == "公务用车购置及运行维护费"


def test_money_carried_into_the_next_year_is_carryover() -> None:
    result = extract_lines("年末结转2019年资金15.6万元。")
    assert metric_of(result, "15.6") == "结转结余"


def test_the_share_of_the_initial_budget_completed_is_the_execution_rate() -> None:
    result = extract_lines("该部门本年支出1873.4万元，完成年初预算1907.74万元的98.20%。")
    assert result.summary.execution_rate == Decimal("0.982")


def test_a_score_wrapped_onto_the_next_line_is_read() -> None:
    result = extract_lines(
        "本部门对2017年整体支出开展了绩效自评，自评得分", "90 分，存在的问题如下。"
    )
    assert result.summary.self_score == Decimal("90")


def test_a_performance_rating_and_rated_grade_are_the_score_and_grade() -> None:
    result = extract_lines("本部门2021年度整体支出绩效评分100分、自评为优。")
    assert (result.summary.self_score, result.summary.grade_raw) == (Decimal("100"), "优")


def test_a_grade_in_the_sentence_after_the_score_goes_with_it() -> None:
    result = extract_lines(
        "某项目资金绩效评价报告", "经综合评定，该项目综合得分94分。评价等级为“优秀”。"
    )
    assert (result.summary.self_score, result.summary.grade_raw) == (Decimal("94"), "优秀")


def test_a_grade_typeset_with_a_space_is_one_word() -> None:
    result = extract_lines("本部门整体支出自评得分为95.5分，自评等级：优 秀。")
    assert (result.summary.grade_raw, result.summary.grade) == ("优秀", "优")


def test_grades_by_class_are_grades() -> None:
    assert [normalise_grade(g) for g in ("一等", "二等", "三等", "四等")] == [
        "优",
        "良",
        "中",
        "差",
    ]


def test_a_project_reports_score_is_the_reports_score() -> None:
    result = extract_lines(
        "某中心2024年度服务能力提升项目支出绩效自评报告", "本项目绩效自评得分96分，自评结果为一等。"
    )
    assert (result.summary.self_score, result.summary.grade_raw) == (Decimal("96"), "一等")


def test_an_average_of_project_scores_is_not_the_departments_score() -> None:
    result = extract_lines("部门整体支出绩效自评报告", "本部门5个项目平均得分93.6分。")
    assert result.summary.self_score is None


def test_money_in_a_sentence_inside_a_table_cell_is_an_amount() -> None:
    doc = read_txt(
        "年度目标\t预期目标\t实际完成情况\n"
        "完成情况\t本项目共申请预算资金60万元。其中40万元用于审计。\t本项目共完成预算资金58.2万元。\n".encode(),
        "t.txt",
    )
    amounts = extract_document(doc, "t").amounts
    assert [(a.value_wan, a.metric, a.source) for a in amounts if a.value_wan != 40] == [
        (Decimal("60"), "年初预算数", "table"),
        (Decimal("58.2"), "执行数", "table"),
    ]


def test_a_forms_score_in_a_label_cell_is_its_score() -> None:
    doc = read_txt(
        "某县项目支出绩效自评表\n项目名称\t水利设施维护\n实施单位\t某县水利局\t自评得分\t91\n".encode(),
        "t.txt",
    )
    assert extract_document(doc, "t").summary.self_score == Decimal("91")


def test_the_year_money_is_carried_into_is_no_other_period() -> None:
    result = extract_lines("2018年度部门整体支出绩效自评报告", "2018年末结转2019年资金15.6万元。")
    assert result.summary.carryover_wan == Decimal("15.6")


def test_a_grade_after_its_level_label_is_the_grade() -> None:
    result = extract_lines("本部门整体支出综合评分92.25分，评价级次为优。")
    assert result.summary.grade_raw == "优"


def test_a_forms_total_and_grade_rows_give_its_score_and_grade() -> None:
    doc = read_txt(
        (
            "某部门整体支出绩效自评表\n"
            "总分值、评价总分 (S)\t总分值、评价总分 (S)\t88.6\t88.6\n"
            "评价等级\t评价等级\t良（80≦S<90）\t良（80≦S<90）\n"
        ).encode(),
        "t.txt",
    )
    summary = extract_document(doc, "t").summary
    assert (summary.self_score, summary.grade_raw) == (Decimal("88.6"), "良")


def test_an_actual_execution_is_spending() -> None:
    result = extract_lines("专项资金预算批复金额300万元，实际执行288.5万元。")
    assert metric_of(result, "288.5") == "执行数"
