"""Titles: one to three short lines ending in 报告 (or another ending asked for).

``唐山市丰南区财政局 / 对区医疗保障局2023年部门整体支出重点 / 评价报告`` is one title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Document, Paragraph
from parsers.numbering import match_numbering

# How an unnumbered line that is a heading ends (``社会效益。``, ``综合评价结论``).
HEADING_ENDINGS = (
    "情况",
    "分析",
    "结论",
    "问题",
    "效益",
    "影响",
    "概况",
    "措施",
    "建议",
    "目标",
    "说明",
    "解释",
    "指标",
)
TITLE_ENDINGS = ("报告",)
MAX_TITLE_LINE_CHARS = 40
MAX_TITLE_LINES = 3
# A line that is a whole title by itself: who and which year, then the ending
# (``泸西县医疗保障局2022年度部门整体支出绩效自评报告``); the short lines above it (a web
# page's ``• 时效性`` / ``有效``) are not part of it.
WHOLE_TITLE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}?(?:局|中心|委员会|委|院|办公室|厅|所|站|馆|队)"
    r"\s*(?:19|20)\d{2}\s*年.{4,}"
)
# Lines a web page lists its metadata with (``• 发布机构``): never part of a title.
BULLETS = tuple("•·●▪◆■-*")
# What may follow a title's ending word: the year of a form (``…自评表(2023年度)``) or
# the extension of the file name a web page shows as the title (``…评价报告.docx``).
TITLE_TAIL = re.compile(
    r"(?:\s*[（(]\s*\d{4}\s*年度?\s*[）)]|\.(?:docx?|xlsx?|pdf|wps|txt))\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Title:
    """A report or table title: one to three short lines ending in 报告/表/… ."""

    text: str  # lines joined without separator
    first_block: int
    last_block: int


def paragraph_lines(doc: Document) -> dict[int, str]:
    """Paragraph texts by block index (lines starting with TAB are table rows of raw TXT)."""
    return {
        i: b.text
        for i, b in enumerate(doc.blocks)
        if isinstance(b, Paragraph) and not b.text.startswith("\t")
    }


def find_titles(doc: Document, endings: tuple[str, ...] = TITLE_ENDINGS) -> list[Title]:
    """Runs of short consecutive lines whose last line ends with one of ``endings``."""
    lines = paragraph_lines(doc)

    def title_line(i: int) -> bool:
        text = lines.get(i, "").strip()
        return (
            0 < len(text) <= MAX_TITLE_LINE_CHARS
            and not any(p in text for p in "，,。；;：:《")
            and not text.startswith(BULLETS)
            and match_numbering(text) is None
        )

    titles: list[Title] = []
    for i in sorted(lines):
        text = lines[i].strip()
        if not title_line(i) or not ends_title(text, endings) or match_numbering(text):
            continue
        first = i
        while (
            first - 1 in lines and i - first + 1 < MAX_TITLE_LINES and not WHOLE_TITLE.match(text)
        ):
            previous = lines[first - 1].strip()
            if not title_line(first - 1) or match_numbering(previous):
                break
            if ends_title(previous, endings) or previous.endswith(HEADING_ENDINGS):
                break
            first -= 1
        joined = "".join(lines[j].strip() for j in range(first, i + 1))
        if len(joined) >= 4:
            titles.append(Title(joined, first, i))
    return titles


def ends_title(text: str, endings: tuple[str, ...]) -> bool:
    """Whether ``text`` ends with one of ``endings``, before a year note or file extension."""
    return TITLE_TAIL.sub("", text.strip()).endswith(endings)
