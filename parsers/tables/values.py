"""Cell values: an indicator target's operator/number/unit, scores, money and rates.

Pure functions over one cell's text. Numbers are read with ``normalizers.numbers`` so
tables and prose agree on what a figure is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from normalizers.numbers import parse_number, parse_percent
from normalizers.operators import parse_operator
from normalizers.text import fold_width, nfkc
from normalizers.units import MONEY_UNITS, canonical_unit, to_wan

# Units an indicator value may carry, longest first so 万人次 wins over 人次 and 人.
VALUE_UNITS: tuple[str, ...] = tuple(
    sorted(
        (
            "%",
            "‰",
            "万元",
            "亿元",
            "千元",
            "元",
            "万人次",
            "人次",
            "万人",
            "人",
            "名",
            "个",
            "次",
            "件",
            "项",
            "家",
            "户",
            "天",
            "日",
            "个月",
            "月",
            "年",
            "小时",
            "分钟",
            "台",
            "套",
            "本",
            "份",
            "册",
            "条",
            "场",
            "期",
            "批",
            "所",
            "张",
            "床",
            "例",
            "篇",
            "座",
            "辆",
            "公里",
            "平方米",
            "m²",
            "分",
            "批次",
            "种",
            "类",
            "位",
            "元/人",
            "百分比",
            "百分点",
        ),
        key=len,
        reverse=True,
    )
)

# Unit spellings that mean the same unit.
UNIT_ALIASES: dict[str, str] = {"百分比": "%"}

# Cells that mean "nothing here" in score columns.
NULL_MARKS: frozenset[str] = frozenset({"", "—", "——", "-", "--", "---", "/", "无", "\\"})

_NUMBER_TEXT = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
# A calendar date is a deadline, not a number: 2020年12月31日, 2020-12-31, 2020.12.31.
_DATE = re.compile(r"\d{4}\s*(?:年\s*\d{1,2}\s*月|[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2})")
_PERCENT_RUN = re.compile(r"%{2,}")


@dataclass(frozen=True)
class CellValue:
    """What an indicator target/actual cell states: ``≥95%`` -> (>=, 95.0, %)."""

    op: str | None
    value: float | None
    unit: str | None


def parse_indicator_value(text: str | None) -> CellValue:
    """Operator, number and unit of an indicator cell.

    ``"≥95%"`` -> (>=, 95.0, %); ``"216个"`` -> (None, 216.0, 个); ``"91%%"`` -> 91.0 %;
    ``"≤2299.31万元"`` -> (<=, 2299.31, 万元); ``"2020年12月31日"`` -> no value;
    a cell with no number or several numbers has no value (its text stays in *_raw).
    """
    if text is None or not text.strip():
        return CellValue(None, None, None)
    folded = _PERCENT_RUN.sub("%", nfkc(text).strip())
    op = parse_operator(folded)
    if _DATE.search(folded):
        return CellValue(op, None, None)
    numbers = list(_NUMBER_TEXT.finditer(folded))
    if len(numbers) != 1:
        return CellValue(op, None, None)
    match = numbers[0]
    number = parse_number(match.group(0))
    if number is None:
        return CellValue(op, None, None)
    rest = folded[match.end() :].lstrip()
    unit = next((u for u in VALUE_UNITS if rest.startswith(u)), None)
    unit = UNIT_ALIASES.get(unit, unit) if unit else None
    return CellValue(op, float(number), unit)


def parse_score(text: str | None) -> float | None:
    """A weight or score cell as a number; ``—``, ``--`` and empty are None."""
    if text is None:
        return None
    folded = nfkc(text).strip()
    if folded in NULL_MARKS:
        return None
    folded = re.sub(r"[分%]$", "", folded).strip()
    number = parse_number(folded)
    return float(number) if number is not None else None


def numbers_in(text: str) -> list[Decimal]:
    """Every plain number in a cell, in order (``"100   100"`` -> [100, 100])."""
    found: list[Decimal] = []
    for match in _NUMBER_TEXT.finditer(nfkc(text)):
        number = parse_number(match.group(0))
        if number is not None:
            found.append(number)
    return found


@dataclass(frozen=True)
class Money:
    """A money cell: its value in 万元 and the digits and unit as written."""

    value_wan: Decimal
    raw_value: str
    raw_unit: str


_MONEY = re.compile(
    r"^(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>" + "|".join(MONEY_UNITS) + r")?$"
)


def parse_money(text: str | None, default_unit: str | None) -> Money | None:
    """A money cell: ``"21.74万元"``, or a bare ``"729.97"`` in the header's unit.

    Returns None for an empty cell, text, or a bare number when no unit is known.
    """
    if text is None:
        return None
    written = text.strip()
    folded = fold_width(written)  # one character for one, so spans index ``written`` too
    match = _MONEY.match(folded)
    if match is None:
        return None
    number = parse_number(match.group("num"))
    unit = match.group("unit") or default_unit
    if number is None or unit is None:
        return None
    unit = canonical_unit(unit)
    raw_value = written[match.start("num") : match.end("num")]
    return Money(to_wan(number, unit), raw_value, unit)


def parse_rate(text: str | None) -> Decimal | None:
    """An execution rate as a fraction as stated: ``"224.81%"`` -> 2.2481."""
    if text is None:
        return None
    folded = _PERCENT_RUN.sub("%", nfkc(text).strip())
    return parse_percent(folded)
