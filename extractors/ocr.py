"""OCR for PDF pages without a text layer: a scanned page becomes lines and tables.

A page is rendered by PDFium and recognised by RapidOCR (PP-OCR Chinese models shipped
inside the ``rapidocr-onnxruntime`` wheel, so it works offline). Each recognised text box
is one line fragment; fragments are grouped into rows by their vertical overlap. A row
whose fragments stand apart by wide gaps is a table row (one fragment per cell); runs of
such rows go through the TXT reader's table reconstruction (TAB-separated lines), every
other row is a text line that the PDF layout joins into paragraphs like any other line.

The engine loads its models once per process (about a second) and is reused for every page.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium

from extractors.model import Table
from extractors.pdf_layout import PageContent
from extractors.pdf_tables import CellSpan, PageTable
from extractors.pdf_text import Line
from extractors.settings import OcrSettings, raise_setting
from extractors.txt_tables import rebuild_tables

POINTS_PER_INCH = 72


OCR_SETTINGS = OcrSettings()

# Characters PP-OCR reads in place of the punctuation these reports use (the radical 丶
# never occurs in them; the enumeration comma 、 does all the time).
OCR_CONFUSIONS = str.maketrans({"丶": "、"})


@dataclass(frozen=True)
class OcrBox:
    """One recognised text fragment, in PDF points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@functools.cache
def ocr_engine(threads: int = 0) -> Any:
    """The RapidOCR engine, created once per process (and per thread setting)."""
    # onnxruntime and the models load only when a page is OCRed, never for text PDFs
    from rapidocr_onnxruntime import RapidOCR

    if threads > 0:
        return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
    return RapidOCR()


def render_page(data: bytes, number: int, scale: float) -> np.ndarray:
    """Page ``number`` (1-based) of the PDF whose bytes are ``data`` as an RGB pixel array."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[number - 1]
        try:
            bitmap = page.render(scale=scale)
            return np.asarray(bitmap.to_pil().convert("RGB"))
        finally:
            page.close()
    finally:
        pdf.close()


def recognise(
    image: np.ndarray, scale: float, settings: OcrSettings = OCR_SETTINGS
) -> list[OcrBox]:
    """The text boxes OCR finds in a rendered page, converted back to PDF points."""
    found, _ = ocr_engine(settings.threads)(image, use_cls=settings.angle_classifier)
    boxes: list[OcrBox] = []
    for quad, text, score in found or ():
        if float(score) < settings.min_score or not str(text).strip():
            continue
        xs = [float(p[0]) / scale for p in quad]
        ys = [float(p[1]) / scale for p in quad]
        boxes.append(
            OcrBox(
                str(text).strip().translate(OCR_CONFUSIONS),
                min(xs),
                min(ys),
                max(xs),
                max(ys),
                float(score),
            )
        )
    return boxes


# --- boxes to rows, cells, lines and tables (pure) -----------------------------------------


def group_rows(boxes: Sequence[OcrBox], settings: OcrSettings = OCR_SETTINGS) -> list[list[OcrBox]]:
    """Boxes sharing a row (overlapping vertically), top to bottom, each row left to right."""
    rows: list[list[OcrBox]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        if rows:
            row = rows[-1]
            top, bottom = max(b.top for b in row), min(b.bottom for b in row)
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap >= settings.same_row * min(box.height, bottom - top):
                row.append(box)
                continue
        rows.append([box])
    return [sorted(row, key=lambda b: b.x0) for row in rows]


def split_cells(row: Sequence[OcrBox], settings: OcrSettings = OCR_SETTINGS) -> list[list[OcrBox]]:
    """A row's boxes cut into cells where the gap between two is wider than ``cell_gap``."""
    cells: list[list[OcrBox]] = []
    for box in row:
        if cells:
            prev = cells[-1][-1]
            if box.x0 - prev.x1 <= settings.cell_gap * max(prev.height, box.height):
                cells[-1].append(box)
                continue
        cells.append([box])
    return cells


def _cell_text(cell: Sequence[OcrBox]) -> str:
    return " ".join(b.text for b in cell)


def _line(row: Sequence[OcrBox], page: int) -> Line:
    heights = sorted(b.height for b in row)
    return Line(
        text=_cell_text(row),
        x0=min(b.x0 for b in row),
        x1=max(b.x1 for b in row),
        baseline=max(b.bottom for b in row),
        size=heights[len(heights) // 2],
        page=page,
    )


def _page_table(table: Table, rows: Sequence[Sequence[OcrBox]], page: int) -> PageTable:
    n_cols = table.n_cols
    starts = sorted({round(cell[0].x0) for r in rows for cell in split_cells(r)})
    return PageTable(
        rows=table.rows,
        merged=frozenset(),
        spans=tuple(
            CellSpan(r, c, r + 1, c + 1) for r in range(table.n_rows) for c in range(n_cols)
        ),
        col_edges=tuple(float(x) for x in starts),
        top=min(b.top for b in rows[0]),
        bottom=max(b.bottom for b in rows[-1]),
        row_pages=tuple(page for _ in table.rows),
    )


def _same_body_size(lines: list[Line]) -> list[Line]:
    """OCR box heights jitter by a point or two; lines near the page's usual height get it,
    so the PDF layout does not take the jitter for a font size change."""
    if not lines:
        return lines
    sizes = sorted(ln.size for ln in lines)
    body = sizes[len(sizes) // 2]
    return [
        Line(ln.text, ln.x0, ln.x1, ln.baseline, body, ln.page)
        if abs(ln.size - body) <= 0.25 * body
        else ln
        for ln in lines
    ]


def layout_boxes(
    boxes: Sequence[OcrBox], page: int, settings: OcrSettings = OCR_SETTINGS
) -> tuple[list[Line], list[PageTable]]:
    """The text lines and tables of one page from its recognised boxes."""
    rows = group_rows(boxes, settings)
    split = [len(split_cells(r, settings)) >= 2 for r in rows]
    lines: list[Line] = []
    tables: list[PageTable] = []
    for is_split, run in itertools.groupby(zip(rows, split, strict=True), key=lambda p: p[1]):
        run_rows = [r for r, _ in run]
        if is_split and len(run_rows) >= settings.min_table_rows:
            texts = ["\t".join(_cell_text(c) for c in split_cells(r, settings)) for r in run_rows]
            found = [b for b in rebuild_tables(texts) if isinstance(b, Table)]
            if len(found) == 1 and found[0].n_rows == len(run_rows):
                tables.append(_page_table(found[0], run_rows, page))
                continue
        lines.extend(_line(r, page) for r in run_rows)
    return _same_body_size(lines), tables


def read_scanned_page(
    data: bytes, number: int, height: float, settings: OcrSettings = OCR_SETTINGS
) -> PageContent:
    """Page ``number`` of the PDF ``data`` read by OCR, as the PDF reader's page content."""
    boxes = recognise(render_page(data, number, settings.scale), settings.scale, settings)
    lines, tables = layout_boxes(boxes, number, settings)
    return PageContent(number, height, tuple(lines), tuple(tables))


def ocr_textless_pages(
    data: bytes,
    pages: list[PageContent],
    textless: Sequence[int],
    started: float,
    time_limit_s: float,
    settings: OcrSettings = OCR_SETTINGS,
) -> tuple[list[PageContent], tuple[int, ...], tuple[str, ...]]:
    """OCR the ``textless`` pages (1-based numbers) of ``pages`` (page i+1 at index i).

    Returns the pages with the OCRed ones replaced, the numbers of the pages OCR found text
    on, and warnings (pages OCR failed on, with the cause). A page OCR finds nothing on (a
    blank scan) is left as it was: the PDF reader takes it for blank. The time limit, counted from
    ``started`` on ``time.monotonic()``, stops OCR early with a warning.
    """
    pages = list(pages)
    done: list[int] = []
    warnings: list[str] = []
    for position, number in enumerate(textless):
        if time.monotonic() - started > time_limit_s:
            warnings.append(
                f"time limit of {time_limit_s:g} s reached: {len(textless) - position} scanned "
                f"pages not OCRed (from page {number}); {raise_setting('read.time_limit_s')} "
                "to read them all"
            )
            break
        i = number - 1
        try:
            scanned = read_scanned_page(data, number, pages[i].height, settings)
        except MemoryError:
            raise
        except Exception as exc:  # one page the engine cannot read must not lose the others
            warnings.append(f"page {number} could not be OCRed: {type(exc).__name__}: {exc}"[:300])
            continue
        if scanned.has_text:
            pages[i] = scanned
            done.append(number)
    return pages, tuple(done), tuple(warnings)
