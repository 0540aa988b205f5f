"""Glyphs to lines to paragraphs: the PDF text layout shared by every backend.

Pure functions. A backend (PDFium, pdfplumber, later OCR) turns a page into ``Glyph``s;
everything after that is computed here, so the fast and the pdfplumber path produce the
same text from the same glyphs.

Chinese text has no spaces between words. A word processor also widens the gap between
a Chinese character and a digit or Latin letter (LibreOffice "autospace") without writing
a space character, so gaps are only turned into spaces between two Latin/digit glyphs or
where the gap is as wide as a full character (a tab or a column gap). Real space
characters of the text layer are kept (runs collapsed to one space).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character (or, for OCR, one recognised text box) on a page.

    Coordinates are PDF points measured from the page's top-left corner; ``baseline`` is
    the y of the text baseline, ``size`` the font size (the box height for OCR).
    """

    text: str
    x0: float
    x1: float
    baseline: float
    size: float

    @property
    def mid_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def mid_y(self) -> float:
        return self.baseline - 0.4 * self.size


# Glyph's slots, set directly by new_glyph (unpacking fails at import if the fields change).
_SET_TEXT, _SET_X0, _SET_X1, _SET_BASELINE, _SET_SIZE = (
    getattr(Glyph, f.name).__set__ for f in dataclasses.fields(Glyph)
)


def new_glyph(text: str, x0: float, x1: float, baseline: float, size: float) -> Glyph:
    """``Glyph(text, x0, x1, baseline, size)`` in half the time, for a reader making one
    per character: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, this sets the slots directly (an equal, equally frozen Glyph)."""
    glyph = object.__new__(Glyph)
    _SET_TEXT(glyph, text)
    _SET_X0(glyph, x0)
    _SET_X1(glyph, x1)
    _SET_BASELINE(glyph, baseline)
    _SET_SIZE(glyph, size)
    return glyph


@dataclass(frozen=True, slots=True)
class Line:
    """One text line: its glyphs' text in reading order and its extent on the page."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    page: int = 0


@dataclass(frozen=True)
class LayoutTolerances:
    """Named tolerances of the text layout, as fractions of the font size."""

    same_line: float = 0.3  # baselines closer than this belong to one line
    duplicate: float = 1.0  # points: a same-text glyph this close is an overprint
    latin_space: float = 0.25  # gap that separates two Latin/digit words
    column_gap: float = 1.0  # gap wide as a character: a tab or column, always a space
    full_line_slack: float = 1.5  # a line ending this close to the right edge is wrapped
    indent: float = 1.0  # a line starting this far right of the left edge is indented
    size_change: float = 1.0  # points: a font size change starts a new paragraph
    # Points: PDFium places glyphs in single precision, pdfminer in double; a gap exactly
    # one character wide must be a space in both.
    precision: float = 0.01


TOLERANCES = LayoutTolerances()

# Unicode blocks written without spaces in Chinese text: CJK ideographs and radicals,
# CJK punctuation, full-width forms, and the general punctuation Chinese uses (“”—…).
_CJK_RANGES = (
    (0x2010, 0x206F),
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x3040, 0x31FF),
    (0x3200, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
_CJK_STARTS = [start for start, _ in _CJK_RANGES]

_X0, _X1 = operator.attrgetter("x0"), operator.attrgetter("x1")
_BASELINE, _SIZE = operator.attrgetter("baseline"), operator.attrgetter("size")
_BASELINE_X0 = operator.attrgetter("baseline", "x0")

# A line ending with one of these ends its paragraph (or at least its sentence).
TERMINAL_PUNCTUATION = frozenset("。；：！？!?;:")

# A line starting like one of these starts a new paragraph: headings and numbered items.
NEW_PARAGRAPH_STARTS = tuple(
    re.compile(p)
    for p in (
        r"^[一二三四五六七八九十百]+[、.．]",  # 一、
        r"^[（(][一二三四五六七八九十百]+[）)]",  # （一）
        r"^[（(]\d{1,3}[）)]",  # （1）
        r"^\d{1,3}[、．.](?!\d)",  # 1. or 1、 but not 5.5
        r"^第[一二三四五六七八九十百\d]+[章节条部分项]",  # 第一章
        r"^[①-⑳]",  # ①
        r"^附件\s*\d*[:：.．]?",  # 附件1
        r"^[一二三四五六七八九十]是",  # 一是…
    )
)


@functools.cache
def is_cjk(char: str) -> bool:
    code = ord(char)
    i = bisect.bisect_right(_CJK_STARTS, code) - 1
    return i >= 0 and code <= _CJK_RANGES[i][1]


def _is_latin_word_char(char: str) -> bool:
    return char.isalnum() and not is_cjk(char)


def needs_space(left: str, right: str, gap: float, size: float, tol: LayoutTolerances) -> bool:
    """Whether the visual gap between two glyph texts stands for a space."""
    if gap >= tol.column_gap * size - tol.precision:
        return True
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return False
    return gap >= tol.latin_space * size - tol.precision


def _dedupe(glyphs: list[Glyph], tol: LayoutTolerances) -> list[Glyph]:
    """Drop overprinted duplicates (fake bold): same text at (almost) the same place."""
    kept: list[Glyph] = []
    limit = tol.duplicate
    for g in glyphs:
        text = g.text
        for k in kept[-4:]:
            if (
                k.text == text
                and abs(k.x0 - g.x0) <= limit
                and abs(k.baseline - g.baseline) <= limit
            ):
                break
        else:
            kept.append(g)
    return kept


def _line_from_glyphs(glyphs: list[Glyph], page: int, tol: LayoutTolerances) -> Line | None:
    ordered = _dedupe(sorted(glyphs, key=_X0), tol)
    parts: list[str] = []
    inked: list[Glyph] = []  # the glyphs with visible text, left to right
    prev: Glyph | None = None
    for g in ordered:
        text = g.text
        if text.isspace() or not text:
            parts.append(" ")
            continue
        if prev is not None and needs_space(
            prev.text, text, g.x0 - prev.x1, max(prev.size, g.size), tol
        ):
            parts.append(" ")
        parts.append(text)
        inked.append(g)
        prev = g
    if not inked:  # an inked glyph has a character that is not whitespace: text is not empty
        return None
    middle = len(inked) // 2
    return Line(
        text=" ".join("".join(parts).split()),
        x0=min(map(_X0, inked)),
        x1=max(map(_X1, inked)),
        baseline=sorted(map(_BASELINE, inked))[middle],
        size=sorted(map(_SIZE, inked))[middle],
        page=page,
    )


def build_lines(
    glyphs: Sequence[Glyph], page: int = 0, tol: LayoutTolerances = TOLERANCES
) -> list[Line]:
    """Group glyphs into lines by baseline, top to bottom, each read left to right."""
    groups: list[list[Glyph]] = []
    group: list[Glyph] = []
    first: Glyph | None = None  # the group's first glyph, which the others are measured from
    first_size = 0.0  # max(first.size, 1.0)
    same_line = tol.same_line
    for g in sorted(glyphs, key=_BASELINE_X0):
        if first is not None:
            size = g.size if g.size > first_size else first_size  # max(first.size, g.size, 1.0)
            if g.baseline - first.baseline <= same_line * size:
                group.append(g)
                continue
        first, group = g, [g]
        first_size = max(g.size, 1.0)
        groups.append(group)
    lines = (_line_from_glyphs(group, page, tol) for group in groups)
    return [line for line in lines if line is not None]


def starts_new_paragraph(text: str) -> bool:
    return any(p.match(text) for p in NEW_PARAGRAPH_STARTS)


def continues(
    prev: Line,
    nxt: Line,
    right_edge: float,
    left_edge: float | None = None,
    indented: bool = False,
    tol: LayoutTolerances = TOLERANCES,
) -> bool:
    """Whether ``nxt`` continues the paragraph of the wrapped line ``prev``.

    ``prev`` must run to the right edge (it was wrapped, not ended) and ``nxt`` must not
    start like a heading or numbered item, be indented (when a left edge is given) or
    change the font size. A ``prev`` ending with terminal punctuation ends its paragraph,
    unless the text marks paragraphs by indenting their first line (``indented``): then
    only an indented line starts one.
    """
    if prev.x1 < right_edge - tol.full_line_slack * prev.size:
        return False
    if starts_new_paragraph(nxt.text):
        return False
    if abs(prev.size - nxt.size) > tol.size_change:
        return False
    if left_edge is not None and nxt.x0 > left_edge + tol.indent * nxt.size:
        return False
    return indented if prev.text[-1] in TERMINAL_PUNCTUATION else True


def uses_first_line_indent(lines: Sequence[Line], left_edge: float) -> bool:
    """Whether paragraphs start indented by about two characters (the Chinese convention)."""
    indented = sum(1 for ln in lines if 1.5 * ln.size <= ln.x0 - left_edge <= 2.5 * ln.size)
    return indented >= max(3, 0.1 * len(lines))


def join_text(left: str, right: str) -> str:
    """Join a wrapped line to the next: no space, except between two Latin words."""
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def densest_value(values: Sequence[float], width: float) -> float | None:
    """The value with the most other values within ``width`` of it (ties: the largest).

    Used to find a text column's right (or left) edge: justified lines end together.
    """
    if not values:
        return None
    ordered = sorted(values)
    best, best_count = ordered[-1], 0
    lo = 0
    for hi, v in enumerate(ordered):
        while v - ordered[lo] > width:
            lo += 1
        count = hi - lo + 1
        if count >= best_count:
            best, best_count = v, count
    return best
