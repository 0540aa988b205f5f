"""Small PDFs with Chinese text built in the tests (reportlab's built-in CID font, so no
font file is needed): each paragraph wrapped into lines as a word processor would."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
FONT_SIZE = 10.5
LINE_CHARS = 38  # characters per line on an A4 page at 10.5 pt with 2.5 cm margins
LEADING = 16
TOP, BOTTOM, LEFT = 780, 60, 72


def text_pdf(paragraphs: Iterable[str], path: Path) -> Path:
    """A PDF of ``paragraphs``, each wrapped at LINE_CHARS, pages as needed."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(str(path))
    pdf.setFont(FONT, FONT_SIZE)
    y = TOP
    for paragraph in paragraphs:
        text = paragraph.strip()
        lines = [text[i : i + LINE_CHARS] for i in range(0, len(text), LINE_CHARS)] or [""]
        for line in lines:
            if y < BOTTOM:
                pdf.showPage()
                pdf.setFont(FONT, FONT_SIZE)
                y = TOP
            pdf.drawString(LEFT, y, line)
            y -= LEADING
    pdf.save()
    return path
