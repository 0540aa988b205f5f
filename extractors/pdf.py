"""PDF reader: PDFium for every page's text, pdfplumber only for pages holding a ruled table.

Issue 8's way to speed: pdfminer's parse (under pdfplumber) is the whole cost of naive
pdfplumber, and PDFium reads the same characters ~25x faster. So every page is read by
PDFium unless its path objects could form a table grid; those pages go through
pdfplumber, whose table finder gives the cells. Both backends produce ``Glyph``s and the
same layout code turns them into blocks, so the fast path and the all-pdfplumber path
(``ReadSettings.pdf_all_pdfplumber``) give the same document.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from extractors.errors import ReadError
from extractors.model import Document, Paragraph, Table, assemble
from extractors.pdf_furniture import drop_furniture
from extractors.pdf_glyphs import pdfium_glyphs, plumber_glyphs
from extractors.pdf_rulings import BBox, find_table_cells, page_edges, table_bbox
from extractors.pdf_tables import PageTable, grid_table, join_continued, same_columns
from extractors.pdf_text import (
    Glyph,
    Line,
    build_lines,
    continues,
    densest_value,
    join_text,
    uses_first_line_indent,
)

if TYPE_CHECKING:
    from extractors.dispatch import ReadSettings

# pdfplumber's table finder on ruling lines only: unruled text is never taken for a table.
TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
EDGE_WIDTH = 2.0  # points: line ends this close together share a margin
MIN_LINES_FOR_PAGE_EDGES = 5  # fewer lines than this: use the document's margins
TAIL_BYTES = 4096  # a complete PDF ends with %%EOF within its last bytes

# Reads the glyphs of a page that has no text layer (the OCR step): (pdf path, page 1-based).
TextlessPageReader = Callable[[Path, int], Sequence[Glyph]]


@dataclass(frozen=True)
class PageContent:
    """One page read by either backend: text lines outside tables, and its tables."""

    number: int
    height: float
    lines: tuple[Line, ...]
    tables: tuple[PageTable, ...]
    readable: bool = True

    @property
    def has_text(self) -> bool:
        return bool(self.lines) or any(any(any(r) for r in t.rows) for t in self.tables)


# --- opening and failures -------------------------------------------------------------


def _check_complete(path: Path) -> None:
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(max(size - TAIL_BYTES, 0))
        if b"%%EOF" not in f.read():
            raise ReadError(
                "CorruptFile", "corrupt PDF: the file is truncated (no %%EOF at its end)"
            )


@contextmanager
def _open_pdfium(path: Path) -> Iterator[pdfium.PdfDocument]:
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("EncryptedPDF", "encrypted PDF: a password is required") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError(
                "EncryptedPDF", "encrypted PDF: its security handler is not supported"
            ) from None
        raise
    try:
        yield doc
    finally:
        doc.close()


@contextmanager
def _open_plumber(path: Path) -> Iterator[Any]:
    try:
        pdf = pdfplumber.open(path)
        n_pages = len(pdf.pages)
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError("EncryptedPDF", "encrypted PDF: a password is required") from None
        raise ReadError("CorruptFile", f"corrupt PDF: {_one_line(cause)}") from None
    if n_pages == 0:
        pdf.close()
        raise ReadError("EmptyPDF", "empty PDF: the file has no pages")
    try:
        yield pdf
    finally:
        pdf.close()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


# --- one page ---------------------------------------------------------------------------


def page_content(
    number: int, height: float, glyphs: Sequence[Glyph], tables: Sequence[Sequence[BBox]]
) -> PageContent:
    """A page from its glyphs and its tables' cells: grids, and lines from the rest."""
    grids: list[PageTable] = []
    boxes = [table_bbox(list(cells)) for cells in tables]
    for cells, (x0, top, x1, bottom) in zip(tables, boxes, strict=True):
        inside = [g for g in glyphs if x0 <= g.mid_x <= x1 and top <= g.mid_y <= bottom]
        grids.append(grid_table(list(cells), inside, number))
    outside = [
        g
        for g in glyphs
        if not any(
            x0 <= g.mid_x <= x1 and top <= g.mid_y <= bottom for x0, top, x1, bottom in boxes
        )
    ]
    return PageContent(number, height, tuple(build_lines(outside, number)), tuple(grids))


def pdfium_page(page: pdfium.PdfPage, number: int) -> PageContent:
    """The fast path: PDFium's characters, and tables from PDFium's ruling lines."""
    cells = find_table_cells(page_edges(page), TABLE_SETTINGS)
    return page_content(number, page.get_height(), pdfium_glyphs(page), cells)


def plumber_page(page: Any, number: int) -> PageContent:
    """The reference path: pdfplumber's characters and pdfplumber's table finder."""
    cells = [found.cells for found in page.find_tables(TABLE_SETTINGS)]
    return page_content(number, page.height, plumber_glyphs(page), cells)


def ocr_page_content(glyphs: Sequence[Glyph], number: int, height: float) -> PageContent:
    return PageContent(number, height, tuple(build_lines(glyphs, number)), ())


# --- the whole document ---------------------------------------------------------------


def _page_edges(pages: Sequence[PageContent]) -> tuple[dict[int, float], dict[int, float]]:
    """Each page's text column edges: where most lines end (right) and begin (left)."""
    all_lines = [line for p in pages for line in p.lines]
    doc_right = densest_value([ln.x1 for ln in all_lines], EDGE_WIDTH) or 0.0
    doc_left = densest_value([ln.x0 for ln in all_lines], EDGE_WIDTH) or 0.0
    right: dict[int, float] = {}
    left: dict[int, float] = {}
    for p in pages:
        enough = len(p.lines) >= MIN_LINES_FOR_PAGE_EDGES
        page_right = densest_value([ln.x1 for ln in p.lines], EDGE_WIDTH) if enough else None
        page_left = densest_value([ln.x0 for ln in p.lines], EDGE_WIDTH) if enough else None
        right[p.number] = doc_right if page_right is None else page_right
        left[p.number] = doc_left if page_left is None else page_left
    return right, left


def _to_table(t: PageTable) -> Table:
    return Table(
        rows=t.rows, merged=t.merged, page=t.page, page_end=t.page_end, row_pages=t.row_pages
    )


def layout_pages(pages: Sequence[PageContent]) -> list[Paragraph | Table]:
    """Blocks in reading order: furniture dropped, wrapped lines joined into paragraphs
    (also across a page break), tables continued on the next page joined."""
    kept = drop_furniture([(p.lines, p.height) for p in pages])
    pages = [
        PageContent(p.number, p.height, tuple(lines), p.tables)
        for p, lines in zip(pages, kept, strict=True)
    ]
    right, left = _page_edges(pages)
    body = [ln for p in pages for ln in p.lines]
    indented = bool(body) and uses_first_line_indent(
        body, densest_value([ln.x0 for ln in body], EDGE_WIDTH) or 0.0
    )
    out: list[Line | PageTable] = []  # a Line here stands for a paragraph being built
    para_last: Line | None = None  # the last line of the paragraph being built
    for page in pages:
        items: list[tuple[float, int, Line | PageTable]] = [
            (ln.baseline, 1, ln) for ln in page.lines
        ]
        items += [(t.top, 0, t) for t in page.tables]
        items.sort(key=lambda item: (item[0], item[1]))
        for position, (_, _, item) in enumerate(items):
            if isinstance(item, Line):
                prev = out[-1] if out else None
                if (
                    isinstance(prev, Line)
                    and para_last is not None
                    and continues(para_last, item, right[para_last.page], left[item.page], indented)
                ):
                    out[-1] = Line(
                        join_text(prev.text, item.text),
                        prev.x0,
                        item.x1,
                        item.baseline,
                        prev.size,
                        prev.page,
                    )
                else:
                    out.append(item)
                para_last = item
                continue
            para_last = None
            prev = out[-1] if out else None
            if (
                position == 0
                and isinstance(prev, PageTable)
                and prev.page_end == page.number - 1
                and same_columns(prev, item)
            ):
                out[-1] = join_continued(prev, item)
            else:
                out.append(item)
    return [Paragraph(b.text, page=b.page) if isinstance(b, Line) else _to_table(b) for b in out]


def _page_ranges(numbers: Sequence[int]) -> str:
    """Page numbers as short ranges: 1, 2, 3, 7 -> "1-3, 7"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def read_pdf(
    path: Path,
    source_path: str,
    settings: ReadSettings,
    *,
    all_pdfplumber: bool | None = None,
    read_textless_page: TextlessPageReader | None = None,
) -> Document:
    """Read a PDF into the document model.

    ``all_pdfplumber`` (default: ``settings.pdf_all_pdfplumber``) sends every page through
    pdfplumber instead of only the table pages. ``read_textless_page`` (the OCR step)
    gives the glyphs of a page that has no text layer.
    """
    force = settings.pdf_all_pdfplumber if all_pdfplumber is None else all_pdfplumber
    _check_complete(path)
    started = time.monotonic()
    with ExitStack() as stack:
        pdfium_doc = None
        if not force:
            try:
                pdfium_doc = stack.enter_context(_open_pdfium(path))
            except pdfium.PdfiumError:
                force = True  # PDFium refused the file (e.g. 0 pages): let pdfminer judge it
        plumber_doc: Any = None

        def plumber() -> Any:
            nonlocal plumber_doc
            if plumber_doc is None:
                plumber_doc = stack.enter_context(_open_plumber(path))
            return plumber_doc

        total = len(pdfium_doc) if pdfium_doc is not None else len(plumber().pages)
        if total == 0:
            raise ReadError("EmptyPDF", "empty PDF: the file has no pages")
        limit = min(total, settings.max_pages)
        warnings: list[str] = []
        pages: list[PageContent] = []
        for index in range(limit):
            if time.monotonic() - started > settings.time_limit_s:
                warnings.append(
                    f"time limit: stopped after {index} of {total} pages "
                    f"({settings.time_limit_s:g} s); raise ReadSettings.time_limit_s to read them all"
                )
                break
            try:
                pages.append(_read_page(index, pdfium_doc, plumber))
            except ReadError:
                raise
            except Exception as exc:  # one broken page must not lose the others
                warnings.append(f"page {index + 1} could not be read: {_one_line(exc)}")
                pages.append(PageContent(index + 1, 842.0, (), (), readable=False))
        if total > limit:
            warnings.append(
                f"page limit: read the first {limit} of {total} pages; "
                "raise ReadSettings.max_pages to read them all"
            )
        if pages and not any(p.readable for p in pages):
            raise ReadError("CorruptFile", f"corrupt PDF: no page could be read ({warnings[-1]})")
        textless = [p.number for p in pages if p.readable and not p.has_text]
        ocr_pages: list[int] = []
        if textless and read_textless_page is not None:
            for number in textless:
                i = number - 1
                pages[i] = ocr_page_content(
                    read_textless_page(path, number), number, pages[i].height
                )
                ocr_pages.append(number)
        elif textless:
            if not any(p.has_text for p in pages):
                raise ReadError(
                    "NoTextLayer",
                    f"no text layer on any of the {len(pages)} pages: a scanned PDF needs OCR",
                )
            warnings.append(f"no text layer on pages {_page_ranges(textless)}")
    return assemble(
        source_path,
        "pdf",
        layout_pages(pages),
        page_count=total,
        ocr_pages=tuple(ocr_pages),
        warnings=tuple(warnings),
    )


def _read_page(
    index: int, pdfium_doc: pdfium.PdfDocument | None, plumber: Callable[[], Any]
) -> PageContent:
    if pdfium_doc is not None:
        page = pdfium_doc[index]
        try:
            return pdfium_page(page, index + 1)
        finally:
            page.close()
    plumber_pg = plumber().pages[index]
    try:
        return plumber_page(plumber_pg, index + 1)
    finally:
        plumber_pg.close()
