"""Numbering of headings and list items: styles, their numbers, stripping them.

``一、`` ``（一）`` ``(一)`` ``（1）`` ``1.`` ``1、`` ``⑴`` ``①`` plus the boundaries ``第一部分`` and
``附件1``. Styles of one family (``（一）`` and ``（1）``; ``一、`` and ``4、``) stand in for
each other when a number continues the other's sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "[一二三四五六七八九十]+"


@dataclass(frozen=True)
class NumberingStyle:
    """One way of numbering headings. Styles of one family stand in for each other."""

    name: str
    pattern: re.Pattern[str]  # group "num" is the number
    family: str
    boundary: bool = False  # resets nesting; always level 1


def _style(name: str, pattern: str, family: str, boundary: bool = False) -> NumberingStyle:
    return NumberingStyle(name, re.compile(pattern), family, boundary)


# First match wins. ``1.`` must not read a decimal (``2.5万元``) but may precede a year.
NUMBERING_STYLES: tuple[NumberingStyle, ...] = (
    _style("part", rf"^第(?P<num>{CN_NUM})(?:部分|章)\s*", "part", boundary=True),
    _style("annex", r"^附件\s*(?P<num>\d{0,2})(?:\s*[.．、：:]\s*|\s+|$)", "annex", boundary=True),
    _style("cn_dun", rf"^(?P<num>{CN_NUM})\s*[、，,．.]\s*", "dun"),
    _style("paren_cn", rf"^[（(]\s*(?P<num>{CN_NUM})\s*[）)]\s*[、.．]?\s*", "paren"),
    _style("paren_ar", r"^[（(]\s*(?P<num>\d{1,2})\s*[）)]\s*[、.．]?\s*", "paren"),
    _style("ar_dun", r"^(?P<num>\d{1,2})\s*、\s*", "dun"),
    _style("ar_dot", r"^(?P<num>\d{1,2})\s*[.．](?=\d{4}年|[^\d])\s*", "dot"),
    _style("circled_paren", r"^(?P<num>[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇])\s*", "circled_paren"),
    _style("circled", r"^(?P<num>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*", "circled"),
)

# The customary nesting of numbering styles in Chinese official documents.
CUSTOMARY_RANK: dict[str, float] = {
    "cn_dun": 1,
    "plain": 1.5,  # an unnumbered heading opened at the top of a part or report
    "paren_cn": 2,
    "ar_dun": 3,
    "ar_dot": 3,
    "paren_ar": 4,
    "circled_paren": 5,
    "circled": 6,
}

SCORE_NOTE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]")


def parse_number(raw: str) -> int | None:
    """``十二`` -> 12, ``3`` -> 3, ``⑵`` -> 2; None for nothing."""
    if not raw:
        return None
    if raw.isdecimal():
        return int(raw)  # full-width digits too
    if raw[0] in "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇":
        return ord(raw[0]) - ord("⑴") + 1
    if raw[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return ord(raw[0]) - ord("①") + 1
    if "十" in raw:
        tens, _, units = raw.partition("十")
        return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(units, 0)
    return CN_DIGITS.get(raw)


def match_numbering(line: str) -> tuple[NumberingStyle, int | None, str] | None:
    """The numbering style of ``line``, its number and the text after the number."""
    for style in NUMBERING_STYLES:
        m = style.pattern.match(line)
        if m:
            return style, parse_number(m.group("num")), line[m.end() :]
    return None


def strip_numbering(text: str) -> str:
    """``（一）存在问题`` -> ``存在问题``; text without numbering is returned stripped."""
    text = text.strip()
    found = match_numbering(text)
    if found and not found[0].boundary:
        return found[2].strip()
    return text
