"""The two PDF backends seen as glyph sources: PDFium (fast) and pdfplumber (reference).

PDFium (pypdfium2) reads a page's characters about 25x faster than pdfminer (under
pdfplumber). Both give, per character, its text, left/right x, baseline and size;
this module turns either into the same ``Glyph`` so the layout code never knows which
backend read the page.

A glyph's size is the size it is drawn at, not the size its font was set to: WPS Office
sets a nominal ``Tf 240`` and shrinks it with a text matrix of 0.05 (a 12-point
character), and other producers set ``Tf 1`` and scale it up. PDFium reports the
nominal size, so the fast path multiplies it by the character matrix's vertical scale;
pdfminer already gives the drawn height.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.pdf_rulings import Matrix, page_matrix
from extractors.pdf_text import Glyph, new_glyph
from extractors.pdfium_calls import unchecked

# PDFium makes up spaces and line breaks between text runs; only these can be generated.
GENERATED_KINDS = frozenset(" \r\n\x02-")
EMPTY_OBJECT_WIDTH = 0.5  # points
STRAIGHT_TOLERANCE = 0.01  # radians
# Sizes rounded to 1/100 point: PDFium computes in single and pdfminer in double precision,
# and a gap exactly one character wide must compare the same way in both.
SIZE_DIGITS = 2

# Called once per character or page object: see pdfium_calls.
_get_box = unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_get_origin = unchecked(pdfium_c.FPDFText_GetCharOrigin)
_get_size = unchecked(pdfium_c.FPDFText_GetFontSize)
_get_angle = unchecked(pdfium_c.FPDFText_GetCharAngle)
_get_matrix = unchecked(pdfium_c.FPDFText_GetMatrix)
_is_generated = unchecked(pdfium_c.FPDFText_IsGenerated)
_count_objects = unchecked(pdfium_c.FPDFPage_CountObjects)
_get_object = unchecked(pdfium_c.FPDFPage_GetObject)
_object_type = unchecked(pdfium_c.FPDFPageObj_GetType)
_get_bounds = unchecked(pdfium_c.FPDFPageObj_GetBounds)


def _page_chars(textpage: Any, count: int) -> str | list[str]:
    """All characters of the text page in one call (index-aligned), or one by one when a
    character outside the BMP makes the UTF-16 text longer than the character count."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: 2 * count].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    return [chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count)]


def pdfium_glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    """Every character PDFium finds on the page (generated spaces and line breaks left out),
    placed on the page as displayed (turned by its ``/Rotate``)."""
    height = page.get_height()
    turn = page_matrix(page)
    turn_angle = math.radians(page.get_rotation())
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        box = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        matrix = pdfium_c.FS_MATRIX()
        box_p, ox_p, oy_p = ctypes.pointer(box), ctypes.pointer(ox), ctypes.pointer(oy)
        matrix_p = ctypes.pointer(matrix)
        get_box, get_origin, get_size, get_angle = _get_box, _get_origin, _get_size, _get_angle
        get_matrix, hypot = _get_matrix, math.hypot
        glyphs: list[Glyph] = []
        for i, char in enumerate(_page_chars(raw, pdfium_c.FPDFText_CountChars(raw))):
            if char < " " and char != "\t":
                continue
            if char in GENERATED_KINDS and _is_generated(raw, i):
                continue
            angle = get_angle(raw, i)
            # most text runs at exactly 0 on an unturned page
            if (angle or turn_angle) and not is_straight(angle - turn_angle):
                continue
            get_box(raw, i, box_p)
            get_origin(raw, i, ox_p, oy_p)
            get_matrix(raw, i, matrix_p)
            if turn is None:
                x0, x1, baseline = box.left, box.right, height - oy.value
            else:
                x0, x1, baseline = _turned(turn, box, ox.value, oy.value, height)
            glyphs.append(
                new_glyph(
                    " " if char == "\t" else char,
                    x0,
                    x1,
                    baseline,
                    round(get_size(raw, i) * hypot(matrix.c, matrix.d), SIZE_DIGITS),
                )
            )
        return glyphs + _standalone_spaces(page, raw, height, turn)
    finally:
        textpage.close()


def _turned(
    turn: Matrix, box: Any, ox: float, oy: float, height: float
) -> tuple[float, float, float]:
    """A character's left and right x and baseline on the turned page, from its box and
    origin in user space (a turn by a multiple of 90 degrees maps box edges to box edges)."""
    a, b, c, d, e, f = turn
    # Turned by 180 degrees, user x runs backwards across the page; by 90 or 270 degrees,
    # across the page is along user y.
    ends = (a * box.left + e, a * box.right + e) if a else (c * box.bottom + e, c * box.top + e)
    return min(ends), max(ends), height - (b * ox + d * oy + f)


def _standalone_spaces(
    page: pdfium.PdfPage, textpage: Any, height: float, turn: Matrix | None
) -> list[Glyph]:
    """Spaces written as text objects of their own, which PDFium's text page leaves out.

    A word processor may place a space in another font, in its own text object, out of
    content order; PDFium then reports the object's text as empty and makes a generated
    space (as it also does for mere gaps), while pdfminer keeps the real space. Taking a
    text object without text as a space keeps the two backends' text identical.
    """
    spaces: list[Glyph] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    bounds = [ctypes.pointer(v) for v in (left, bottom, right, top)]
    raw_page = page.raw
    matrix = pdfium_c.FS_MATRIX()
    font_size = ctypes.c_float()
    text_kind = pdfium_c.FPDF_PAGEOBJ_TEXT
    for i in range(_count_objects(raw_page)):
        obj = _get_object(raw_page, i)
        if _object_type(obj) != text_kind:
            continue
        _get_bounds(obj, *bounds)
        if right.value - left.value > EMPTY_OBJECT_WIDTH:
            continue  # only a text object PDFium took no text from has no width
        if pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) > 2:  # 2 bytes: the NUL alone
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        pdfium_c.FPDFTextObj_GetFontSize(obj, font_size)
        if turn is None:
            x0, x1, baseline = left.value, right.value, height - matrix.f
        else:
            box = pdfium_c.FS_RECTF(left.value, top.value, right.value, bottom.value)
            x0, x1, baseline = _turned(turn, box, matrix.e, matrix.f, height)
        size = font_size.value * math.hypot(matrix.c, matrix.d)
        spaces.append(Glyph(text=" ", x0=x0, x1=x1, baseline=baseline, size=size or 1.0))
    return spaces


def plumber_glyph(char: dict[str, Any], height: float) -> Glyph:
    """A pdfplumber char as a Glyph (baseline from the text matrix, like PDFium's origin)."""
    return Glyph(
        text=char["text"],
        x0=char["x0"],
        x1=char["x1"],
        baseline=height - char["matrix"][5],
        size=round(char["size"], SIZE_DIGITS),
    )


def plumber_glyphs(page: Any) -> list[Glyph]:
    height = page.height
    return [
        plumber_glyph(c, height)
        for c in page.chars
        if c["text"]
        and ord(c["text"][0]) >= 32
        and is_straight(math.atan2(c["matrix"][1], c["matrix"][0]))
    ]


def is_straight(angle: float) -> bool:
    """Whether a baseline at ``angle`` (radians) runs left to right (or upside down).

    Only horizontal text is read: a diagonal watermark (草稿, 内部资料) is not the
    report's text, and text turned by 90 degrees (a sideways label) would be cut into
    the body's lines character by character. Chinese set vertically keeps its characters
    upright, so it is still read. Both backends apply this same rule.
    """
    off = abs(angle) % math.pi
    return min(off, math.pi - off) <= STRAIGHT_TOLERANCE
