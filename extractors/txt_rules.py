"""Rules, as data, for reading plain text lines: what to drop, what ends a table.

Used by the flattened-table reconstruction (`extractors.txt_tables`), which TXT files and
later OCR output share.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Export artefacts removed from any line: Word bookmarks and image placeholders.
ARTEFACT_PATTERNS: tuple[str, ...] = (
    r"\[bookmark:[^\]]*\]",
    r"\[image:[^\]]*\]",
)

# Page furniture: a whole line that is only a page number (`— 7 —`, `- 7 -`, `第 7 页`,
# `第7页 共20页`).
FURNITURE_PATTERNS: tuple[str, ...] = (
    r"[—–\-－]+\s*\d{1,4}\s*[—–\-－]+",
    r"第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?",
)

_CN_NUM = "一二三四五六七八九十百"

# Lines that never continue a table cell: section headings, sign-off lines under a table,
# notes. Matched at the start of the stripped line.
TABLE_ENDING_PATTERNS: tuple[str, ...] = (
    rf"[{_CN_NUM}]+[、．.]",
    rf"[（(][{_CN_NUM}]+[）)]",
    rf"第[{_CN_NUM}\d]+[部分章节]",
    r"附件\s*\d*\s*[:：]?\s*$",
    r"(填表人|填报人|填报日期|填报单位|联系电话|单位负责人|审核人|制表人|制表日期)",
    r"(说明|注|备注)\s*[:：]",
)

# A table's own title line: ends in 表, optionally followed by a bracketed remark such as
# `(2020年度)` or `（单位：万元）`.
TABLE_TITLE_PATTERN = r".{2,60}表\s*([（(][^）)]{0,20}[）)])?\s*$"

# Cell separators of tables that a web page or PDF-to-text tool printed one row per
# line (`指标 | = | 100 | % | 5 |`); a markdown rule row (`|---|---|`) carries no cells.
PIPE_SEPARATORS = "|｜"
PIPE_RULE_ROW = r"[|｜:\-\s]*-[|｜:\-\s]*"

# A word printed with a space between its characters, as justified titles and cells come
# out of PDF-to-text (`目 录`, `优 秀93分`, `部 门 概 况`): single characters, each
# separated by one space, with no Chinese character glued to either end of the run.
SPACED_OUT_WORD = r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: [\u4e00-\u9fff])+(?![\u4e00-\u9fff])"

# Where a numbered heading or list item starts inside a run-on line: after a space, the
# numbering of 一、 / （一） / （1） / 1. styles. Text copied out of a PDF viewer or a
# document-sharing page can lose every line break, leaving the report as a few very long
# lines (`…评价报告 一、部门概况 （一）基本情况。 北塔区…`).
INLINE_NUMBERING = (
    r"(?<=\s)(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,2}[）)]"
    r"|\d{1,2}[.．、](?=[\u4e00-\u9fff]))"
)

# Ends of a sentence: a line holding one is prose, not a fragment of a cell.
SENTENCE_ENDS = "。！？!?"


@dataclass(frozen=True)
class TxtTableRules:
    """Tolerances of the flattened-table reconstruction, with their reasons."""

    # A cell's continuation line that follows a blank line is a short fragment
    # (`（20分）`, `指标`, `和改进措施`); prose lines are longer.
    fragment_max_chars: int = 20
    # A line this long, or holding a sentence end, reads as prose (a paragraph).
    prose_min_chars: int = 50
    # A run-on line (lost line breaks) is at least this long and holds at least this many
    # inline numberings; real paragraphs of the samples hold at most one.
    run_on_min_chars: int = 300
    run_on_min_numberings: int = 3
    # A space-aligned row (columns set apart by runs of spaces) has cells at most this
    # long; a longer piece is a sentence, and the line is prose with a wide gap in it.
    space_cell_max_chars: int = 30


_ARTEFACT = re.compile("|".join(ARTEFACT_PATTERNS))
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in FURNITURE_PATTERNS))
_TABLE_ENDING = re.compile("|".join(f"(?:{p})" for p in TABLE_ENDING_PATTERNS))
_TABLE_TITLE = re.compile(TABLE_TITLE_PATTERN)
_PIPE_RULE_ROW = re.compile(PIPE_RULE_ROW)
_SPACED_OUT_WORD = re.compile(SPACED_OUT_WORD)
_INLINE_NUMBERING = re.compile(INLINE_NUMBERING)
_PIPE = re.compile(f"[{re.escape(PIPE_SEPARATORS)}]")


def remove_artefacts(line: str) -> str:
    return _ARTEFACT.sub("", line)


def close_up_spaced_words(line: str) -> str:
    """`部 门 概 况` -> `部门概况`; words of several characters keep their spaces."""
    return _SPACED_OUT_WORD.sub(lambda m: m.group().replace(" ", ""), line)


def is_page_furniture(line: str) -> bool:
    return _FURNITURE.fullmatch(line.strip()) is not None


def is_table_title(text: str) -> bool:
    """True for a title line such as `项目绩效目标完成情况表` or `慢性病项目支出绩效自评表`."""
    return _TABLE_TITLE.fullmatch(text.strip()) is not None


def ends_table(line: str) -> bool:
    """True for a heading, sign-off or note line, or a table title: never a cell's text."""
    stripped = line.strip()
    return _TABLE_ENDING.match(stripped) is not None or is_table_title(stripped)


def is_fragment(line: str, rules: TxtTableRules) -> bool:
    """A short piece of a cell's text: no sentence end, not a heading, not too long."""
    stripped = line.strip()
    return (
        len(stripped) <= rules.fragment_max_chars
        and not any(ch in stripped for ch in SENTENCE_ENDS)
        and not ends_table(stripped)
    )


def is_prose(line: str, rules: TxtTableRules) -> bool:
    """A sentence or a long line: what a paragraph holds, rarely a table cell."""
    stripped = line.strip()
    return len(stripped) >= rules.prose_min_chars or any(ch in stripped for ch in SENTENCE_ENDS)


def is_pipe_row(line: str) -> bool:
    """A table row printed with `|` between its cells (not a TAB-layout cell line)."""
    return not line.startswith("\t") and _PIPE.search(line) is not None


def is_framed_pipe_row(line: str) -> bool:
    """Whether a `|` row opens with a separator (`| a | b |`)."""
    return line.strip()[:1] in PIPE_SEPARATORS


def split_pipe_row(line: str, framed: bool = False) -> list[str] | None:
    """The cells of a `|` row, stripped; None for a markdown rule row (`|---|---|`).

    In a ``framed`` table (every row opens with `|`) the leading separator is frame;
    otherwise it closes an empty first cell (` | 质量指标 | …`: the level-1 cell merged
    from the row above). A trailing separator is frame; the empty cells between
    separators are kept (`a | ||||` has the merged-over cells of its row).
    """
    stripped = line.strip()
    if _PIPE_RULE_ROW.fullmatch(stripped):
        return None
    if framed and stripped[:1] in PIPE_SEPARATORS:
        stripped = stripped[1:]
    if stripped[-1:] in PIPE_SEPARATORS:
        stripped = stripped[:-1]
    return [cell.strip() for cell in _PIPE.split(stripped)]


def split_run_on_line(line: str, rules: TxtTableRules) -> list[str]:
    """A line that lost its line breaks, cut before each numbered heading or item in it;
    any other line unchanged (as a one-item list)."""
    if len(line) < rules.run_on_min_chars or line.startswith("\t"):
        return [line]
    starts = [m.start() for m in _INLINE_NUMBERING.finditer(line)]
    if len(starts) < rules.run_on_min_numberings:
        return [line]
    bounds = [0, *starts, len(line)]
    pieces = [line[a:b].strip() for a, b in itertools.pairwise(bounds)]
    return [piece for piece in pieces if piece]
