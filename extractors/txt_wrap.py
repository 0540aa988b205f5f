"""Re-join the lines of text that a PDF-to-text tool wrapped at the page width.

Such text breaks every paragraph into lines of one width (a CJK character is two
columns, a digit or space one), so a sentence, a heading or a figure (`1781.86 万` /
`元`) is cut wherever the line ended. A line as wide as the page that does not end a
sentence continues on the next line; the two are joined. Text that was not wrapped (Word
exports, one paragraph per line) has no common width and is left alone.

A page number between the two halves (`—23—` on its own line, with blank lines around
it) does not stop the join; a blank line alone does, and so does a next line opening a
part or a level-1/level-2 heading (`第二部分`, `三、`, `（二）`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# How a line that ends its sentence or clause list ends: it is not continued.
LINE_ENDS = tuple("。！？!?；;：:")
# What opens a heading that is never the tail of a wrapped line.
HEADING_START = re.compile(
    r"^(?:第[一二三四五六七八九十]+(?:部分|章)|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十]+[）)]|附件\s*\d*\s*$)"
)


@dataclass(frozen=True)
class WrapRules:
    """When text counts as wrapped, and which lines are full."""

    min_columns: int = 30  # lines shorter than this are not measured
    min_full_lines: int = 10  # at least this many lines share the width …
    min_share: float = 0.25  # … and at least this share of the measured lines
    # A full line may fall this many columns short of the width: the first line of a
    # paragraph is indented two characters, and digits and spaces are narrower in print.
    slack_columns: int = 6


def columns(text: str) -> int:
    """Display width: two columns for a wide (CJK) character, one for anything else."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_width(lines: Sequence[str], rules: WrapRules | None = None) -> int | None:
    """The width text was wrapped at, in columns, or None when it was not wrapped."""
    rules = rules or WrapRules()
    widths = [columns(line.strip()) for line in lines if not line.startswith("\t")]
    measured = [w for w in widths if w >= rules.min_columns]
    if not measured:
        return None
    width = Counter(measured).most_common(1)[0][0]
    full = sum(width - rules.slack_columns <= w <= width + 2 for w in measured)
    if full < rules.min_full_lines or full < rules.min_share * len(measured):
        return None
    return width


def join_wrapped_lines(
    lines: Sequence[str], is_furniture: Callable[[str], bool], rules: WrapRules | None = None
) -> list[str]:
    """``lines`` with each wrapped line joined to its continuation.

    ``is_furniture(line)`` tells a page-number line, which is dropped when it sits
    between the two halves of a joined line. TAB lines (table cells) are never joined.
    """
    rules = rules or WrapRules()
    width = wrap_width([line for line in lines if not is_furniture(line)], rules)
    if width is None:
        return list(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not _is_full(line, width, rules):
            out.append(line)
            continue
        # The pieces are joined once at the end: gluing as we go copied the growing line
        # at every step (a paragraph of n wrapped lines cost n^2).
        pieces = [line.rstrip()]
        while (following := _continuation(lines, i, is_furniture)) is not None:
            i = following + 1
            right = lines[following].strip()
            pieces.append(_glue(pieces[-1], right))
            # The joined line is wider than the page: it goes on unless it ends a sentence.
            if right.endswith(LINE_ENDS):
                break
        out.append("".join(pieces))
    return out


def _is_full(line: str, width: int, rules: WrapRules) -> bool:
    text = line.strip()
    return (
        bool(text)
        and not line.startswith("\t")
        and columns(text) >= width - rules.slack_columns
        and not text.endswith(LINE_ENDS)
    )


def _continuation(
    lines: Sequence[str], start: int, is_furniture: Callable[[str], bool]
) -> int | None:
    """Index of the line that continues the one before ``start``, or None."""
    index, crossed_page = start, False
    while index < len(lines) and (not lines[index].strip() or is_furniture(lines[index])):
        crossed_page = crossed_page or is_furniture(lines[index])
        index += 1
    if index >= len(lines) or (index > start and not crossed_page):
        return None
    text = lines[index]
    if text.startswith("\t") or HEADING_START.match(text.strip()):
        return None
    return index


def _glue(left: str, right: str) -> str:
    """``right`` as it follows ``left`` in a joined line: a space between two Latin words."""
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f" {right}"
    return right
