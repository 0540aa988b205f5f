"""PDFium functions called without argtypes give what pypdfium2's typed bindings give."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.pdfium_calls import unchecked

SAMPLE = Path(__file__).parent / "fixtures" / "samples" / "jiayuguan-2021-dept-self-eval.pdf"


def test_character_boxes_origins_sizes_and_angles_are_the_typed_bindings() -> None:
    pdf = pdfium.PdfDocument(SAMPLE)
    page = pdf[0]
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        typed_box, bare_box = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
        tx, ty, bx, by = (ctypes.c_double() for _ in range(4))
        get_box = unchecked(pdfium_c.FPDFText_GetLooseCharBox)
        get_origin = unchecked(pdfium_c.FPDFText_GetCharOrigin)
        get_size = unchecked(pdfium_c.FPDFText_GetFontSize)
        get_angle = unchecked(pdfium_c.FPDFText_GetCharAngle)
        count = pdfium_c.FPDFText_CountChars(raw)
        assert count > 100
        for i in range(count):
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, typed_box)
            get_box(raw, i, ctypes.pointer(bare_box))
            assert (bare_box.left, bare_box.right) == (typed_box.left, typed_box.right)
            pdfium_c.FPDFText_GetCharOrigin(raw, i, tx, ty)
            get_origin(raw, i, ctypes.pointer(bx), ctypes.pointer(by))
            assert (bx.value, by.value) == (tx.value, ty.value)
            assert get_size(raw, i) == pdfium_c.FPDFText_GetFontSize(raw, i)
            assert get_angle(raw, i) == pdfium_c.FPDFText_GetCharAngle(raw, i)
    finally:
        textpage.close()
        page.close()
        pdf.close()
