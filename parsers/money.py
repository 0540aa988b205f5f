"""Money figures in a text: every ``880.52万元`` / ``217402.51元`` / ``1.2亿元``, and the
figures a person should check.

``万`` alone after a number (``医保报销2112.27万；``) is read as 万元 when a clause or
sentence ends right after it; ``1.67万人`` and ``9.3万人次`` are counts, not money.

Money is never negative in the curated data: a minus sign written right before a figure
(``结转结余-5.18万元``, ``减少-3.2万元``) is kept in ``raw_value`` ("-5.18") and in the
sentence, ``value_wan`` holds the absolute value, and ``suspicious_amounts`` names the
figure so the extraction records a warning. A hyphen between two figures (``100-200元``,
``2900元-3500元``) is a range, not a sign. Scientific notation (``1e9万元``) is not how these reports write
money: it is not read at all. A figure above ``IMPLAUSIBLE_WAN`` is kept and named too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from normalizers.numbers import digits_as_written, parse_number
from normalizers.text import fold_width
from normalizers.units import canonical_unit, to_wan
from records import AmountRecord

_BREAK = r"[ \t]*\n?[ \t]*"  # spaces and at most one line break (PDF text)
_UNIT_END = r"(?=[;；,，。.、)）:：\s]|$)"
MONEY = re.compile(
    rf"""
    (?<![\d.])(?<!\d,)(?<!\d[eE])(?<!\d[eE][+-])  # not inside a number or 1e9 / 2.5e+3
    (?:(?<![元万亿千%])(?P<sign>[-−])(?=\d))?  # 2900元-3500元 is a range, not a sign
    (?P<num>(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:{_BREAK}\.{_BREAK}\d+)?)
    (?P<gap>{_BREAK})
    (?P<unit>亿元|千元|万元|元(?![旦宵])|万{_UNIT_END}|亿{_UNIT_END})
    """,
    re.VERBOSE,
)

MINUS_SIGNS = "-−"
# More than any department's or fund's year (10^8 万元 = 1万亿元): a misread or a typo.
IMPLAUSIBLE_WAN = Decimal(10) ** 8
MAX_WARNING_SENTENCE = 120


@dataclass(frozen=True)
class MoneyFigure:
    """One money figure found in a text: offsets of its number, raw forms, value.

    ``start`` is the minus sign's offset when one is written; ``value_wan`` is never negative.
    """

    start: int
    end: int  # end of the unit
    raw_value: str  # with its minus sign, when written
    raw_unit: str
    value_wan: Decimal


# A dash right after a label is a separator (投入资金-1024万元), not a minus sign; only
# after words that can take a signed figure (结转结余-5.18万元, 为-3) is it a sign.
SIGNED_BEFORE = re.compile(
    r"(?:结转|结余|差额|增减|变动|减少|增加|增长|下降|盈亏|赤字|超支|节余|余额|为|是|[:=：])\s*$"
)
LABEL_BEFORE = re.compile(r"[\u4e00-\u9fff]\s*$")


def money_figures(text: str) -> Iterator[MoneyFigure]:
    """Every money figure in ``text`` (pure; offsets are offsets into ``text``)."""
    folded = fold_width(text)
    for match in MONEY.finditer(folded):
        value = parse_number(match.group("num"))
        if value is None:
            continue
        unit = match.group("unit")
        signed = bool(match.group("sign")) and not _is_separator(folded, match.start("sign"))
        start = match.start("sign") if signed else match.start("num")
        yield MoneyFigure(
            start=start,
            end=match.end("unit"),
            raw_value=digits_as_written(text[start : match.end("num")]),
            raw_unit=canonical_unit(unit),
            value_wan=to_wan(value, unit),
        )


def _is_separator(text: str, dash: int) -> bool:
    before = text[max(0, dash - 8) : dash]
    return bool(LABEL_BEFORE.search(before)) and not SIGNED_BEFORE.search(before)


def suspicious_amounts(amounts: Iterable[AmountRecord]) -> list[str]:
    """One line per kept figure a person should check: a minus sign written before it
    (its value is kept as the absolute value) or a value above ``IMPLAUSIBLE_WAN``.
    """
    warnings: list[str] = []
    for amount in amounts:
        written = f"{amount.raw_value}{amount.raw_unit}"
        sentence = amount.sentence[:MAX_WARNING_SENTENCE]
        if fold_width(amount.raw_value).lstrip()[:1] in MINUS_SIGNS:
            warnings.append(
                f"negative figure {written} kept as {amount.value_wan:f} 万元 "
                f"(the sign stays in raw_value): {sentence}"
            )
        if amount.value_wan > IMPLAUSIBLE_WAN:
            warnings.append(
                f"implausible figure {written} = {amount.value_wan:f} 万元 "
                f"(more than 10^8 万元): {sentence}"
            )
    return warnings
