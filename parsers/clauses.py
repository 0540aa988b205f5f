"""Sentence and clause boundaries in prose whose lines a PDF may have wrapped anywhere.

A line break ends a sentence only when the line is short or ends with punctuation, or
when the next line opens a heading or a list item; otherwise it is a soft wrap
("参保率96\\n.19%") and the sentence goes on.
"""

from __future__ import annotations

import re

from normalizers.text import fold_width

SENTENCE_END = "。；;！!？?\n"
CLAUSE_END = SENTENCE_END + "，,：:、"
LABEL_COLONS = "：:"

# A heading line: it ends a project block, and a wrapped sentence never goes on into it.
HEADING = re.compile(
    r"""^\s*(?:
        第[一二三四五六七八九十]+部分
      | [一二三四五六七八九十]+\s*[、.．]
      | [（(][一二三四五六七八九十]+[)）]
      | [（(]?\d{1,2}[)）、.．](?=[^。]{0,30}$)
    )""",
    re.VERBOSE,
)

# A line at least this long that ends without punctuation is wrapped, not ended.
SOFT_WRAP_MIN_LINE = 25
SOFT_WRAP_ENDS = '。；;！!？?：:）)”"】」'
LIST_ITEM = re.compile(
    r"^\s*(?:\d{1,2}\s*[、.．]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+是|项目\s*\d+\s*[：:]|附件)"
)


def boundary_before(text: str, position: int, stops: str) -> int:
    index = position - 1
    while index >= 0 and (text[index] not in stops or soft_break(text, index)):
        index -= 1
    return index + 1


def clause_start(text: str, position: int) -> int:
    """Where the clause holding ``position`` starts; a label ending in a colon with the
    figure right after it (``1、收入：792.22万元``) is part of the figure's clause."""
    start = boundary_before(text, position, CLAUSE_END)
    if start > 0 and text[start - 1] in LABEL_COLONS and not text[start:position].strip():
        return boundary_before(text, start - 1, CLAUSE_END)
    return start


def boundary_after(text: str, position: int, stops: str) -> int:
    index = position
    while index < len(text) and (text[index] not in stops or soft_break(text, index)):
        index += 1
    if index < len(text) and text[index] != "\n":
        index += 1  # keep the sentence's own end mark
    return index


def soft_break(text: str, index: int) -> bool:
    """Whether the line break at ``index`` wraps a paragraph rather than ending a line.

    PDF-derived text breaks long lines anywhere ("参保率96\n.19%"); a break after a long
    line that ends without punctuation, before a line that opens no heading or list item,
    continues the sentence.
    """
    if text[index] != "\n":
        return False
    line_start = text.rfind("\n", 0, index) + 1
    line = text[line_start:index].rstrip()
    if len(line) < SOFT_WRAP_MIN_LINE or line[-1] in SOFT_WRAP_ENDS:
        return False
    following = text[index + 1 : text.find("\n", index + 1) if "\n" in text[index + 1 :] else None]
    return (
        bool(following.strip()) and not HEADING.match(following) and not LIST_ITEM.match(following)
    )


def one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip().lstrip("）)]】」』")


def context_before(text: str, offset: int) -> tuple[str, str]:
    """The sentence and the clause of ``text`` up to ``offset`` (width-folded, unwrapped)."""
    sentence_start = boundary_before(text, offset, SENTENCE_END)
    start = clause_start(text, offset)
    return (
        unwrap(fold_width(text[min(sentence_start, start) : offset])),
        unwrap(fold_width(text[start:offset])),
    )


def unwrap(text: str) -> str:
    """Text with its (soft) line breaks and the spaces around them removed."""
    return re.sub(r"[ \t]*\n[ \t]*", "", text)
