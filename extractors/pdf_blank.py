"""What a PDF page without readable text is: blank, a scan to OCR, or text the reader missed.

A page left empty between parts, the spill of a table's grid onto a page of its own, or a page
holding only its number drawn as curves has nothing to read: OCR would spend seconds on it and
find nothing. Such a page is recognised by rendering it small and measuring its ink once ruling
lines are taken out; a page with more ink than a few small marks (a scanned page, a chart, text
drawn as outlines) goes to OCR. A page whose text layer holds characters the reader did not
turn into lines is neither: OCR is not the remedy for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
import pypdfium2 as pdfium
from numpy.lib.stride_tricks import sliding_window_view


class TextlessPage(Enum):
    BLANK = "blank"  # nothing to read: not OCRed, not a loss
    SCAN = "scan"  # ink without a text layer: OCR reads it
    UNREAD_TEXT = "unread_text"  # a text layer the reader found no line in


@dataclass(frozen=True)
class InkSettings:
    """How much ink makes a textless page worth OCR (named, documented defaults)."""

    scale: float = 0.5  # render at 36 dpi: an A4 page is about 300 x 420 pixels
    dark: int = 200  # a grey level below this is ink (light chart colours count, paper does not)
    ruling_share: float = 0.1  # an ink run this share of the page's width or height is a ruling
    min_ink: float = 0.001  # share of the page inked, rulings aside, that is more than a few marks


INK_SETTINGS = InkSettings()


def _in_long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Which pixels of a boolean image lie in a run of ``length`` or more along its rows."""
    width = mask.shape[1]
    if length > width:
        return np.zeros_like(mask)
    starts = sliding_window_view(mask, length, axis=1).all(axis=2)  # run of `length` from here
    counts = np.zeros((mask.shape[0], width - length + 2), dtype=np.int64)
    np.cumsum(starts, axis=1, out=counts[:, 1:])
    columns = np.arange(width)
    last_start = np.minimum(columns, width - length) + 1
    first_start = np.maximum(columns - length + 1, 0)
    covered: np.ndarray = counts[:, last_start] - counts[:, first_start] > 0
    return covered


def content_ink(grey: np.ndarray, settings: InkSettings = INK_SETTINGS) -> float:
    """The share of a greyscale page image that is ink, horizontal and vertical rulings aside."""
    ink = grey < settings.dark
    height, width = ink.shape
    rulings = _in_long_runs(ink, max(2, round(settings.ruling_share * width)))
    rulings |= _in_long_runs(ink.T, max(2, round(settings.ruling_share * height))).T
    return float((ink & ~rulings).mean()) if ink.size else 0.0


def has_characters(page: pdfium.PdfPage) -> bool:
    """Whether the page's text layer holds any character that is not white space."""
    textpage = page.get_textpage()
    try:
        return bool(textpage.get_text_range().strip())
    finally:
        textpage.close()


def classify_textless(page: pdfium.PdfPage, settings: InkSettings = INK_SETTINGS) -> TextlessPage:
    """What a page the reader found no text on is (see the module's docstring)."""
    if has_characters(page):
        return TextlessPage.UNREAD_TEXT
    bitmap = page.render(scale=settings.scale, grayscale=True)
    grey = np.asarray(bitmap.to_pil().convert("L"))
    return (
        TextlessPage.SCAN if content_ink(grey, settings) >= settings.min_ink else TextlessPage.BLANK
    )
