"""Named limits and word tables that tell a heading line from a sentence, a list item,
a table-of-contents entry or a table cell dumped to text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The whole text of a section that has nothing to say (``其他需要说明的问题`` / ``无。``).
NIL_BODIES = ("无", "无。", "暂无", "暂无。", "无.")
# Styles whose ``（一）基本情况：…`` opens a section; under arabic numbers a colon labels a
# list item (``1.财政拨款收入：指…``).
COLON_LEAD_STYLES = frozenset({"cn_dun", "paren_cn"})
PARAGRAPH_ENDS = tuple('。！？!?：:；;）)”"') + NIL_BODIES
SENTENCE_PUNCT = "，,；;"
TERMINATORS = tuple("。！？!?：:")
# A table-of-contents line: leader dots then a page number (``一、部门基本情况……1``).
TOC_LINE = re.compile(r"(?:\.{3,}|…+|·{3,}|－{2,}|-{3,}|_{3,})\s*\d{1,3}\s*$")
PARENTHETICAL = re.compile(r"[（(][^（()）]*[）)]")
# Column headers of the 绩效自评表 family: a line made only of these (one or several,
# space-separated: ``预期目标 目标实际完成情况``) is a table's header row dumped to text.
TABLE_HEADER_WORDS = frozenset(
    {
        "指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标",
        "指标值",
        "年度指标值",
        "实际完成值",
        "全年完成值",
        "实际完成情况",
        "目标实际完成情况",
        "完成情况",
        "预期目标",
        "分值",
        "得分",
        "权重",
        "偏差原因分析及改进措施",
        "未完成原因和改进措施",
        "未完成原因分析",
    }
)
PROSE_PUNCT = "，,。；;！？!?"


@dataclass(frozen=True)
class HeadingRules:
    """Named limits that tell a heading from a numbered sentence."""

    max_title_chars: int = 50  # a whole line with no terminator (after the number)
    max_short_sentence_chars: int = 16  # a whole line ending in 。 (``机构组成。``)
    max_lead_chars: int = 24  # ``稳步落实基本医保全民参保。`` followed by its text
    max_unnumbered_chars: int = 20
    max_page_title_chars: int = 30  # an unnumbered line that opens a page
    min_body_chars: int = 8  # what follows an unnumbered heading must be text
    # A PDF table dumped one cell per line: lines of at most ``max_cell_chars`` without
    # a terminator. An unnumbered line of at most ``max_fragment_chars`` after two such
    # lines (``年度绩效`` / ``指标完成`` / ``情况``) is a cell, unless prose follows it.
    max_cell_chars: int = 12
    max_fragment_chars: int = 6
    # Text wrapped at a fixed width: at least this share of its lines (of this many
    # lines of at least this length) are within two characters of one length.
    wrapped_share: float = 0.4
    min_wrapped_lines: int = 10
    min_wrapped_chars: int = 15
    max_level: int = 3
