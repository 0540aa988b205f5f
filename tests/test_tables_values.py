"""Cell values: operator, number and unit of indicator cells; scores; money; rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.tables.values import (
    CellValue,
    parse_indicator_value,
    parse_money,
    parse_rate,
    parse_score,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("≥95%", CellValue(">=", 95.0, "%")),
        ("≧90%", CellValue(">=", 90.0, "%")),
        ("216个", CellValue(None, 216.0, "个")),
        ("91%%", CellValue(None, 91.0, "%")),
        ("≤2299.31万元", CellValue("<=", 2299.31, "万元")),
        ("≤6000元", CellValue("<=", 6000.0, "元")),
        ("≥75名", CellValue(">=", 75.0, "名")),
        ("9.3万人", CellValue(None, 9.3, "万人")),
        ("≧2次", CellValue(">=", 2.0, "次")),
        ("0", CellValue(None, 0.0, None)),
        ("95%以上", CellValue(">=", 95.0, "%")),
        ("≥100百分比", CellValue(">=", 100.0, "%")),
    ],
)
def test_indicator_cell_gives_operator_value_and_unit(cell, expected):
    assert parse_indicator_value(cell) == expected


def test_a_date_is_no_value():
    assert parse_indicator_value("2020年12月31日") == CellValue(None, None, None)


@pytest.mark.parametrize("cell", ["较上一年度下降", "全部及时到位", "有效提升", "", None])
def test_words_have_no_value(cell):
    assert parse_indicator_value(cell).value is None


def test_a_cell_with_two_numbers_has_no_single_value():
    assert parse_indicator_value("1-6级伤残军人").value is None


@pytest.mark.parametrize("cell", ["—", "--", "", "  ", None])
def test_dash_and_empty_scores_are_null(cell):
    assert parse_score(cell) is None


def test_scores_are_numbers():
    assert parse_score("9.5") == 9.5
    assert parse_score(" 10 ") == 10.0


def test_bare_money_takes_the_header_unit():
    money = parse_money("729.97", "万元")
    assert money is not None
    assert (money.value_wan, money.raw_value, money.raw_unit) == (
        Decimal("729.97"),
        "729.97",
        "万元",
    )


def test_money_with_its_own_unit_ignores_the_header_unit():
    money = parse_money("21.74万元", None)
    assert money is not None and money.value_wan == Decimal("21.74")


def test_money_in_yuan_becomes_wan():
    money = parse_money("217402.51元", "万元")
    assert money is not None and money.value_wan == Decimal("21.740251")


def test_bare_number_without_any_unit_is_not_money():
    assert parse_money("729.97", None) is None


def test_execution_rate_is_kept_as_stated_even_above_one():
    assert parse_rate("224.81%") == Decimal("2.2481")
    assert parse_rate("99.6%") == Decimal("0.996")


OPERATORS = {"≥": ">=", "≧": ">=", "≤": "<=", "≦": "<=", "": None}
UNITS = ["%", "个", "人", "次", "万元", "件", "项", ""]


@given(
    op=st.sampled_from(sorted(OPERATORS)),
    number=st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False),
    unit=st.sampled_from(UNITS),
)
def test_generated_target_cells_read_back(op, number, unit):
    parsed = parse_indicator_value(f"{op}{number}{unit}")
    assert parsed.op == OPERATORS[op]
    assert parsed.value == float(number)
    assert parsed.unit == (unit or None)


@given(st.text(alphabet="年月日指标提升加强规范及时到位", max_size=12))
def test_cells_without_digits_never_have_a_value(text):
    assert parse_indicator_value(text).value is None


def test_money_raw_value_keeps_full_width_digits_as_written():
    money = parse_money("７２９．９７", "万元")
    assert money is not None
    assert (money.value_wan, money.raw_value) == (Decimal("729.97"), "７２９．９７")
