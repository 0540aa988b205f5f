"""The two PDF backends seen as glyph sources, and PDFium's look at a page's rulings.

PDFium (pypdfium2) reads a page's characters about 25x faster than pdfminer (under
pdfplumber). Both give, per character, its text, left/right x, baseline and font size;
this module turns either into the same ``Glyph`` so the layout code never knows which
backend read the page.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.pdf_text import Glyph

# Path objects thinner than this (points) are ruling lines, not shapes.
RULE_THICKNESS = 3.0


def pdfium_glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    """Every character PDFium finds on the page (generated spaces and line breaks left out)."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        box = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        glyphs: list[Glyph] = []
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, i):
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code < 32 and code not in (9,):
                continue
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            glyphs.append(
                Glyph(
                    text=" " if code == 9 else chr(code),
                    x0=box.left,
                    x1=box.right,
                    baseline=height - oy.value,
                    size=pdfium_c.FPDFText_GetFontSize(raw, i),
                )
            )
        return glyphs + _standalone_spaces(page, raw, height)
    finally:
        textpage.close()


def _standalone_spaces(page: pdfium.PdfPage, textpage: Any, height: float) -> list[Glyph]:
    """Spaces written as text objects of their own, which PDFium's text page leaves out.

    A word processor may place a space in another font, in its own text object, out of
    content order; PDFium then reports the object's text as empty and makes a generated
    space (as it also does for mere gaps), while pdfminer keeps the real space. Taking a
    text object without text as a space keeps the two backends' text identical.
    """
    spaces: list[Glyph] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()
    font_size = ctypes.c_float()
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        n_bytes = pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0)
        if n_bytes > 2:  # the object has text (2 bytes: just the terminating NUL)
            continue
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        pdfium_c.FPDFTextObj_GetFontSize(obj, font_size)
        spaces.append(
            Glyph(
                text=" ",
                x0=left.value,
                x1=right.value,
                baseline=height - matrix.f,
                size=font_size.value * abs(matrix.d or 1.0),
            )
        )
    return spaces


def plumber_glyph(char: dict[str, Any], height: float) -> Glyph:
    """A pdfplumber char as a Glyph (baseline from the text matrix, like PDFium's origin)."""
    return Glyph(
        text=char["text"],
        x0=char["x0"],
        x1=char["x1"],
        baseline=height - char["matrix"][5],
        size=char["size"],
    )


def plumber_glyphs(page: Any) -> list[Glyph]:
    height = page.height
    return [
        plumber_glyph(c, height)
        for c in page.chars
        if c.get("upright", True) and c["text"] and ord(c["text"][0]) >= 32
    ]


def has_ruling_grid(page: pdfium.PdfPage) -> bool:
    """Whether the page's path objects could form a ruled table (so pdfplumber must look).

    Counts horizontal and vertical rules (thin path objects) and boxes (a box gives two
    of each); a grid needs at least two of each. Erring towards yes only costs speed.
    """
    horizontal = vertical = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=8):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if height <= RULE_THICKNESS and width > RULE_THICKNESS:
            horizontal += 1
        elif width <= RULE_THICKNESS and height > RULE_THICKNESS:
            vertical += 1
        elif width > RULE_THICKNESS and height > RULE_THICKNESS:
            horizontal += 2
            vertical += 2
        if horizontal >= 2 and vertical >= 2:
            return True
    return False
