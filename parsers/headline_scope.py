"""Whose figure a prose amount is, beyond its own sentence: the heading it sits under and
the fund it is limited to.

A department's headline (收入, 支出, 年初预算, 基本支出, …) is the whole department's. A
figure under a heading about a minor topic (``1.因公出国（境）费用。`` / ``2026年预算数36.14万元``)
is that topic's even when its sentence does not say so. A figure limited to one fund
(``一般公共预算基本支出21160.29万元``, ``政府性基金预算财政拨款年初结转和结余…``) is part of the
department's, to be used only when nothing states the whole.
"""

from __future__ import annotations

import re

from normalizers.text import fold_width
from parsers.clauses import SENTENCE_END, boundary_before, unwrap
from parsers.metrics import TOPIC, metric_aliases
from records import SectionRecord

# Topics a heading may be about that a headline figure never belongs to; 基本支出, 项目支出
# and 结转结余 headings often open on the department's totals.
HEADLINE_TOPICS = frozenset({"基本支出", "项目支出", "结转结余"})

# One fund of several (一般公共预算, 政府性基金, 国有资本经营预算, 财政专户): a part of the
# department's money. 财政拨款 alone is not: many departments have no other income.
ONE_FUND = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政专户|专项债")
# A sentence opening on 其中 continues the sentence before it (…一般公共预算财政拨款支出X万元。
# 其中：基本支出Y万元): that sentence's fund is its fund too.
CONTINUES_BEFORE = re.compile(r"^\s*其中")
LIST_ITEM_ENDS = ("；", ";")
MAX_LIST_ITEMS = 8


# A heading is a short label; a "heading" holding a figure is a sentence taken for a title.
MAX_TOPIC_HEADING = 40
FIGURE = re.compile(r"\d\s*(?:万?元|亿元|%)")


def topic_heading_spans(sections: list[SectionRecord]) -> list[tuple[int, int]]:
    """The character spans of the sections whose heading names a minor topic."""
    return [
        (s.char_start, s.char_end)
        for s in sections
        if len(s.heading) <= MAX_TOPIC_HEADING
        and not FIGURE.search(s.heading)
        and _names_minor_topic(fold_width(s.heading))
    ]


def _names_minor_topic(heading: str) -> bool:
    return any(
        a.kind == TOPIC and a.metric not in HEADLINE_TOPICS and a.pattern.search(heading)
        for a in metric_aliases()
    )


def under_topic_heading(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def limited_to_one_fund(text: str, offset: int, sentence: str) -> bool:
    """Whether the figure at ``offset`` (``sentence``: its sentence up to it) is stated
    for one fund only: its sentence says so, or it is an item of a 其中 list (items end in
    ；) opened right after a sentence that does."""
    if ONE_FUND.search(sentence):
        return True
    start = boundary_before(text, offset, SENTENCE_END)
    for _ in range(MAX_LIST_ITEMS):
        if CONTINUES_BEFORE.search(unwrap(fold_width(text[start:offset]))):
            before = _sentence_before(text, start)
            return before is not None and bool(ONE_FUND.search(before[1]))
        before = _sentence_before(text, start)
        if before is None or not before[1].rstrip().endswith(LIST_ITEM_ENDS):
            return False
        start, offset = before[0], before[0] + len(before[1])
    return False


def _sentence_before(text: str, start: int) -> tuple[int, str] | None:
    """The start and text (with its end mark) of the sentence ending right before
    ``start``; None at the text's start."""
    end = start
    while end > 0 and text[end - 1] in " \t\n":
        end -= 1
    if end == 0:
        return None
    begin = boundary_before(text, end - 1, SENTENCE_END)
    return begin, text[begin:end]
