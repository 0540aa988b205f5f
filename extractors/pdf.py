"""PDF reader: PDFium reads every page; pdfplumber is the reference path.

Issue 8: pdfminer's parse (under pdfplumber) is the whole cost of naive pdfplumber, and
PDFium reads the same characters ~25x faster. The fast path reads each page's
characters with PDFium and, on a page whose path objects draw ruling lines, finds its
tables with pdfplumber's own table algorithm fed with the edges of PDFium's path
objects, so no page reaches pdfminer. ``ReadSettings.pdf_all_pdfplumber`` reads every
page with pdfplumber instead. Both paths produce glyphs and cell boxes that the same
layout code (``pdf_layout``) turns into blocks, and they give the same document.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from extractors.errors import ReadError
from extractors.model import Document, assemble
from extractors.pdf_blank import TextlessPage, classify_textless
from extractors.pdf_fidelity import FIDELITY
from extractors.pdf_glyphs import pdfium_glyphs, plumber_glyphs
from extractors.pdf_layout import PageContent, layout_pages, ocr_page_content, page_content
from extractors.pdf_rulings import find_table_cells, page_edges
from extractors.pdf_text import Glyph
from extractors.settings import SET_HOW, ReadSettings, raise_setting
from extractors.time_budget import extend_time_limit

# pdfplumber's table finder on ruling lines only: unruled text is never taken for a table.
TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TAIL_BYTES = 4096  # a complete PDF ends with %%EOF within its last bytes

# Reads the glyphs of a page that has no text layer (the OCR step): (pdf bytes, page 1-based).
TextlessPageReader = Callable[[bytes, int], Sequence[Glyph]]


# --- opening and failures -------------------------------------------------------------


def _check_complete(data: bytes) -> None:
    if b"%%EOF" not in data[-TAIL_BYTES:]:
        raise ReadError("CorruptFile", "corrupt PDF: the file is truncated (no %%EOF at its end)")


@contextmanager
def _open_pdfium(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """PDFium's document; a PdfiumError when PDFium refuses the file.

    The refusal is not classified here: PDFium's error code (FPDF_GetLastError) is
    process-wide and is not reset by a load that fails without setting one (a 0-page PDF
    after an encrypted one reads as "password"), so the caller lets pdfminer judge it.
    """
    doc = pdfium.PdfDocument(data)
    try:
        yield doc
    finally:
        doc.close()


@contextmanager
def _open_plumber(data: bytes) -> Iterator[Any]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise ReadError("EncryptedPDF", "encrypted PDF: a password is required") from None
        if isinstance(cause, PDFEncryptionError):
            raise ReadError(
                "EncryptedPDF", "encrypted PDF: its security handler is not supported"
            ) from None
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


def pdfium_page(page: pdfium.PdfPage, number: int) -> PageContent:
    """The fast path: PDFium's characters, and tables from PDFium's ruling lines."""
    cells = find_table_cells(page_edges(page), TABLE_SETTINGS)
    return page_content(number, page.get_height(), pdfium_glyphs(page), cells)


def plumber_page(page: Any, number: int) -> PageContent:
    """The reference path: pdfplumber's characters and pdfplumber's table finder."""
    cells = [found.cells for found in page.find_tables(TABLE_SETTINGS)]
    return page_content(number, page.height, plumber_glyphs(page), cells)


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
    data: bytes,
    source_path: str,
    settings: ReadSettings,
    *,
    all_pdfplumber: bool | None = None,
    read_textless_page: TextlessPageReader | None = None,
) -> Document:
    """Read the PDF whose bytes are ``data`` into the document model.

    ``all_pdfplumber`` (default: ``settings.pdf_all_pdfplumber``) reads every page with
    pdfplumber instead of PDFium (the reference path; same blocks, ~5x slower).
    ``read_textless_page(data, page_number)`` is an OCR step: it returns the glyphs (text
    boxes in PDF points from the page's top-left corner) of a page without a text layer;
    the page then goes through the same layout and is listed in ``ocr_pages``.

    A page without text is OCRed only when it has ink (`pdf_blank`): a blank page is neither
    read nor warned about, and one whose text layer the reader missed is named in a warning.
    Each page sent to OCR extends the time limit by ``settings.ocr.time_per_page_s``.

    Raises ReadError: EncryptedPDF, CorruptFile (truncated or unparsable), EmptyPDF (no
    pages), NoTextLayer (every page blank), OcrFailed (scans OCR could not read, with the
    first cause), UnreadText. Limits, unreadable pages and OCR failures become
    ``Document.warnings``.
    """
    force = settings.pdf_all_pdfplumber if all_pdfplumber is None else all_pdfplumber
    _check_complete(data)
    started = time.monotonic()
    with ExitStack() as stack:
        pdfium_doc = None
        if not force:
            try:
                pdfium_doc = stack.enter_context(_open_pdfium(data))
            except pdfium.PdfiumError:
                # PDFium refused the file (encrypted, 0 pages, broken): pdfminer says why.
                force = True
        plumber_doc: Any = None

        def plumber() -> Any:
            nonlocal plumber_doc
            if plumber_doc is None:
                plumber_doc = stack.enter_context(_open_plumber(data))
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
                    f"({settings.time_limit_s:g} s); {raise_setting('read.time_limit_s')} to read them all"
                )
                break
            try:
                pages.append(_read_page(index, pdfium_doc, plumber))
            except ReadError:
                raise
            except Exception as exc:  # one broken page must not lose the others
                warnings.append(f"page {index + 1} could not be read: {_one_line(exc)}")
                pages.append(PageContent(index + 1, 842.0, (), (), readable=False))
        warnings.extend(_fidelity_warnings(pages))
        if total > limit:
            warnings.append(
                f"page limit: read the first {limit} of {total} pages; "
                f"{raise_setting('read.max_pages')} to read them all"
            )
        if pages and not any(p.readable for p in pages):
            raise ReadError("CorruptFile", f"corrupt PDF: no page could be read ({warnings[-1]})")
        textless = [p.number for p in pages if p.readable and not p.has_text]
        kinds = _textless_kinds(data, textless, pdfium_doc)
        scans = [n for n in textless if kinds[n] is TextlessPage.SCAN]
        unread = [n for n in textless if kinds[n] is TextlessPage.UNREAD_TEXT]
        ocr_pages: list[int] = []
        ocr_failures: list[str] = []
        if scans and read_textless_page is not None:
            for number in scans:
                glyphs = read_textless_page(data, number)
                if glyphs:  # a page OCR finds nothing on is blank after all
                    pages[number - 1] = ocr_page_content(glyphs, number, pages[number - 1].height)
                    ocr_pages.append(number)
        elif scans and settings.ocr.enabled:
            from extractors.ocr import ocr_textless_pages  # loads the OCR engine only when needed

            granted = len(scans) * settings.ocr.time_per_page_s
            extend_time_limit(granted)
            pages, done, failures = ocr_textless_pages(
                data, pages, scans, started, settings.time_limit_s + granted, settings.ocr
            )
            ocr_pages.extend(done)
            ocr_failures.extend(failures)
        elif scans:
            warnings.append(
                f"no text layer on pages {_page_ranges(scans)} (OCR is off: ocr.enabled)"
            )
        if unread:
            warnings.append(f"the text layer of pages {_page_ranges(unread)} could not be read")
        warnings.extend(ocr_failures)
        if textless and not any(p.has_text for p in pages):
            ocr_off = bool(scans) and read_textless_page is None and not settings.ocr.enabled
            raise _no_text(len(pages), ocr_off, ocr_failures, unread)
    return assemble(
        source_path,
        "pdf",
        layout_pages(pages),
        page_count=total,
        ocr_pages=tuple(ocr_pages),
        warnings=tuple(warnings),
    )


def _fidelity_warnings(pages: Sequence[PageContent]) -> list[str]:
    """The pages whose reading disagrees with their text layer (see pdf_fidelity)."""
    off = [p for p in pages if p.agreement is not None and p.agreement.disagrees(FIDELITY)]
    if not off:
        return []
    worst = min(p.agreement.share for p in off if p.agreement is not None)
    return [
        f"layout check: the text of page{'s' if len(off) > 1 else ''} "
        f"{_page_ranges([p.number for p in off])} may be "
        f"scrambled: as few as {worst:.0%} of its neighbouring characters are neighbours "
        f"in the text layer (tolerance {FIDELITY.min_agreement:.0%})"
    ]


def _textless_kinds(
    data: bytes, numbers: Sequence[int], pdfium_doc: pdfium.PdfDocument | None
) -> dict[int, TextlessPage]:
    """What each page without text is (blank, a scan, unread text); a scan when PDFium cannot
    render it, so OCR still gets its chance."""
    kinds = dict.fromkeys(numbers, TextlessPage.SCAN)
    if not numbers:
        return kinds
    with ExitStack() as stack:
        try:
            doc = pdfium_doc or stack.enter_context(_open_pdfium(data))
        except pdfium.PdfiumError:
            return kinds
        for number in numbers:
            try:
                page = doc[number - 1]
            except pdfium.PdfiumError:
                continue
            try:
                kinds[number] = classify_textless(page)
            except pdfium.PdfiumError:
                pass
            finally:
                page.close()
    return kinds


def _no_text(
    n_pages: int, ocr_off: bool, ocr_failures: Sequence[str], unread: Sequence[int]
) -> ReadError:
    """Why a PDF gave no text at all, naming the first OCR failure when OCR is to blame."""
    if ocr_off:
        return ReadError(
            "NoTextLayer",
            f"no text layer on any of the {n_pages} pages: a scanned PDF needs OCR "
            f"(ocr.enabled is false; set it to true in {SET_HOW})",
        )
    if ocr_failures:
        return ReadError(
            "OcrFailed",
            f"no text layer on any of the {n_pages} pages and OCR read none: {ocr_failures[0]}",
        )
    if unread:
        return ReadError("UnreadText", f"the text layer of all {n_pages} pages could not be read")
    return ReadError("NoTextLayer", f"no text on any of the {n_pages} pages: they are blank")


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
