"""Header cells: normalisation of stacked letters and the column each header names."""

from __future__ import annotations

import pytest

from parsers.tables.headers import (
    clean_label,
    column_field,
    header_unit,
    is_total_label,
    normalise_header,
    split_level_weight,
)


def test_stacked_header_letters_join_into_one_word():
    # jiayuguan 慢性病 project table, first column of the indicator block
    assert normalise_header("绩\n\n效\n\n指\n\n标") == "绩效指标"


def test_stacked_level_cell_keeps_its_weight_in_brackets_as_level_total():
    assert split_level_weight("产\n出\n指\n标\n（50分）") == ("产出指标", 50.0)


def test_level_cell_with_half_width_brackets_gives_label_and_total():
    # yueyanglou: "产出指标\n(50分)"
    assert split_level_weight("\n\n\n\n产出指标\n(50分)") == ("产出指标", 50.0)


def test_level_cell_without_weight_is_kept_whole():
    assert split_level_weight("项目完成指标") == ("项目完成指标", None)


def test_label_line_breaks_between_chinese_are_removed_but_latin_words_keep_a_space():
    assert (
        clean_label("召开医保工作省级新闻\n\n发布会、政策吹风会")
        == "召开医保工作省级新闻发布会、政策吹风会"
    )
    assert clean_label("DRG and DIP") == "DRG and DIP"


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("一级指标", "level1"),
        ("一级\n\n指标", "level1"),
        ("二级\n指标", "level2"),
        ("三级指标", "level3"),
        ("年度指标值", "target"),
        ("预期指标值(包含数字及文字描述)", "target"),
        ("实际完成值", "actual"),
        ("实际完成指标值(包含数字及文字描述)", "actual"),
        ("全年完成值", "actual"),
        ("分值", "weight"),
        ("得分", "score"),
        ("偏差原因分析\n及改进措施", "note"),
        ("未完成原因\n\n和改进措施", "note"),
        ("年初预算数", "budget_initial"),
        ("全年预算数（A）", "budget_final"),
        ("实际支出数（B）", "executed"),
        ("全年执行数（B）", "executed"),
        ("执行率（B/A）", "rate"),
        ("预算执行率（B/A）", "rate"),
        ("预算数:", "budget_initial"),
        ("执行数:", "executed"),
    ],
)
def test_header_spellings_name_their_column(cell, field):
    assert column_field(cell) == field


@pytest.mark.parametrize("cell", ["评分标准", "评分", "绩效指标", "项目名称", "城乡居民参保率"])
def test_other_cells_name_no_column(cell):
    assert column_field(cell) is None


def test_total_label_with_padding_spaces_is_a_total():
    assert is_total_label("合    计")
    assert is_total_label("总       分       ")
    assert not is_total_label("合计数量指标")


def test_money_unit_comes_from_the_bracket_in_a_header():
    assert header_unit(("部门（单位）整体支出   （万元）", "", "年初预算数")) == "万元"
    assert header_unit(("年初预算数", "全年预算数")) is None
