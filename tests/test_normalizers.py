"""Normalisers: numbers, percentages, operators, units and grades as the samples write them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.grades import find_grade, normalise_grade
from normalizers.numbers import digits_as_written, parse_number, parse_percent
from normalizers.operators import parse_operator
from normalizers.text import fold_width, nfkc
from normalizers.units import UnknownUnit, canonical_unit, to_wan


def test_number_with_ascii_thousands_separator() -> None:
    assert parse_number("2,118.33") == Decimal("2118.33")


def test_number_with_fullwidth_comma_separator() -> None:
    assert parse_number("2，118.33") == Decimal("2118.33")


def test_number_in_fullwidth_digits() -> None:
    assert parse_number("１２３．４５") == Decimal("123.45")


def test_number_with_trailing_space() -> None:
    assert parse_number("1022.89 ") == Decimal("1022.89")


def test_number_broken_by_a_line_break() -> None:
    assert parse_number("1022.\n89") == Decimal("1022.89")


def test_text_that_is_not_a_number_gives_none() -> None:
    assert parse_number("项目支出") is None
    assert parse_number("") is None
    assert parse_number(None) is None


def test_misplaced_thousands_separator_is_not_a_number() -> None:
    assert parse_number("1,22") is None


def test_digits_as_written_keeps_separators_and_joins_lines() -> None:
    assert digits_as_written("2,118.33") == "2,118.33"
    assert digits_as_written("1022.\n89") == "1022.89"


def test_percent_becomes_a_fraction() -> None:
    assert parse_percent("96.19%") == Decimal("0.9619")


def test_doubled_percent_sign_is_one_percent() -> None:
    # jiayuguan's 项目支出 table writes 91%% for 91%.
    assert parse_percent("91%%") == Decimal("0.91")


def test_fullwidth_percent_sign() -> None:
    assert parse_percent("５０％") == Decimal("0.5")


def test_number_without_percent_sign_is_not_a_percent() -> None:
    assert parse_percent("100") is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("≥95%", ">="),
        ("≧90%", ">="),
        (">=80%", ">="),
        ("不低于90%", ">="),
        ("95%以上", ">="),
        ("≤5个工作日", "<="),
        ("≦3", "<="),
        ("不高于10%", "<="),
        ("10个以内", "<="),
        ("小于5%", "<"),
        (">0", ">"),
        ("=100%", "="),
    ],
)
def test_operator_spellings_map_to_ascii(written: str, expected: str) -> None:
    assert parse_operator(written) == expected


def test_value_without_operator_has_none() -> None:
    assert parse_operator("100%") is None
    assert parse_operator("") is None


def test_negated_comparison_beats_its_positive_part() -> None:
    # 不超过 contains 超过 (>) but means <=.
    assert parse_operator("不超过5%") == "<="


def test_amount_in_yuan_becomes_wan() -> None:
    assert to_wan(Decimal("217402.51"), "元") == Decimal("21.740251")


def test_amount_in_yi_becomes_wan() -> None:
    assert to_wan(Decimal("1.2"), "亿元") == Decimal("12000")


def test_amount_in_thousand_yuan_becomes_wan() -> None:
    assert to_wan(Decimal("12345"), "千元") == Decimal("1234.5")


def test_amount_in_wan_stays_exact() -> None:
    assert to_wan(Decimal("2299.31"), "万元") == Decimal("2299.31")


def test_wan_alone_is_wan_yuan() -> None:
    assert to_wan(Decimal("2112.27"), "万") == Decimal("2112.27")
    assert canonical_unit("万") == "万元"


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(UnknownUnit):
        to_wan(Decimal(1), "人次")


@pytest.mark.parametrize(
    ("written", "grade"),
    [
        ("优秀", "优"),
        ("优", "优"),
        ("A", "优"),
        ("良好", "良"),
        ("良", "良"),
        ("中", "中"),
        ("中等", "中"),
        ("合格", "中"),
        ("差", "差"),
        ("不合格", "差"),
        ("“优”", "优"),
        ("优秀等级", "优"),
    ],
)
def test_grade_spellings_normalise(written: str, grade: str) -> None:
    assert normalise_grade(written) == grade


def test_unknown_grade_is_none() -> None:
    assert normalise_grade("较好完成") is None
    assert normalise_grade(None) is None


def test_find_grade_prefers_the_longer_spelling() -> None:
    # fengnan: 该部门评价得分92.47分，评价结果为优秀
    assert find_grade("评价结果为优秀") == ("优秀", "优")
    assert find_grade("评价结果为不合格") == ("不合格", "差")


def test_fold_width_keeps_length_and_folds_digits() -> None:
    assert fold_width("１０２２．８９万元") == "1022.89万元"
    assert len(fold_width("（一）１２")) == len("（一）１２")


# Full-width forms and their neighbours, CJK punctuation (U+3000 is the ideographic space),
# ASCII and ideographs: the characters of a report, mixed.
_REPORT_CHARS = st.one_of(
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFF60),
    st.characters(min_codepoint=0x2FF0, max_codepoint=0x3010),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
)


@given(st.text(alphabet=_REPORT_CHARS))
def test_fold_width_folds_each_character_on_its_own(text: str) -> None:
    folded = fold_width(text)
    assert len(folded) == len(text)
    for before, after in zip(text, folded, strict=True):
        if "\uff01" <= before <= "\uff5e":  # full-width ASCII
            assert after == chr(ord(before) - 0xFEE0)
        elif before == "\u3000":  # ideographic space
            assert after == " "
        else:
            assert after == before


def test_fold_width_folds_the_punctuation_of_a_report_sentence() -> None:
    assert (
        fold_width("项目支出１２．５万元，占比３０％（含　结转）")
        == "项目支出12.5万元,占比30%(含 结转)"
    )


def test_nfkc_folds_fullwidth_forms() -> None:
    assert nfkc("ＡＢ１２％") == "AB12%"


_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _group_thousands(integer: int) -> str:
    return f"{integer:,}"


@given(
    integer=st.integers(min_value=0, max_value=10**12),
    cents=st.integers(min_value=0, max_value=99),
    grouped=st.booleans(),
    fullwidth=st.booleans(),
)
def test_any_written_number_parses_to_its_value(
    integer: int, cents: int, grouped: bool, fullwidth: bool
) -> None:
    written = f"{_group_thousands(integer) if grouped else integer}.{cents:02d}"
    if fullwidth:
        written = written.translate(_FULLWIDTH)
    assert parse_number(written) == Decimal(f"{integer}.{cents:02d}")


@given(
    value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    unit=st.sampled_from(["元", "千元", "万元", "亿元"]),
)
def test_to_wan_round_trips_exactly(value: Decimal, unit: str) -> None:
    factors = {
        "元": Decimal(10000),
        "千元": Decimal(10),
        "万元": Decimal(1),
        "亿元": Decimal("0.0001"),
    }
    assert to_wan(value, unit) * factors[unit] == value
