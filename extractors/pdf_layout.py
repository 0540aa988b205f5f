"""A PDF document's layout from its pages' lines and tables: pure functions.

Both backends (and OCR) hand in ``PageContent``; from there the fast and the
pdfplumber path share every step: page furniture dropped, wrapped lines joined into
paragraphs (also across a page break), tables continued on the next page joined, and
blocks put in reading order by their vertical position.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.model import Paragraph, Table
from extractors.pdf_fidelity import PairAgreement, pair_agreement
from extractors.pdf_furniture import drop_furniture
from extractors.pdf_rulings import BBox, table_bbox
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

EDGE_WIDTH = 2.0  # points: line ends this close together share a margin
MIN_LINES_FOR_PAGE_EDGES = 5  # fewer lines than this: use the document's margins


@dataclass(frozen=True)
class PageContent:
    """One page read by either backend: text lines outside tables, and its tables."""

    number: int
    height: float
    lines: tuple[Line, ...]
    tables: tuple[PageTable, ...]
    readable: bool = True
    # The reading's neighbouring characters checked against the text layer (pdf_fidelity).
    agreement: PairAgreement | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.lines) or any(any(any(r) for r in t.rows) for t in self.tables)


def page_content(
    number: int, height: float, glyphs: Sequence[Glyph], tables: Sequence[Sequence[BBox]]
) -> PageContent:
    """A page from its glyphs (in the order the page draws them) and its tables' cells:
    grids, and lines from the rest."""
    if not tables:
        lines = tuple(build_lines(glyphs, number))
        return PageContent(number, height, lines, (), agreement=_agreement(glyphs, lines, ()))
    inside: list[list[Glyph]] = [[] for _ in tables]  # a glyph in overlapping boxes is in each
    regions = [
        (*table_bbox(list(cells)), glyphs_in_box)
        for cells, glyphs_in_box in zip(tables, inside, strict=True)
    ]
    outside: list[Glyph] = []
    for g in glyphs:
        x, y = g.mid_x, g.mid_y
        found = False
        for x0, top, x1, bottom, glyphs_in_box in regions:
            if x0 <= x <= x1 and top <= y <= bottom:
                glyphs_in_box.append(g)
                found = True
        if not found:
            outside.append(g)
    grids = [
        grid_table(list(cells), glyphs_in_box, number)
        for cells, glyphs_in_box in zip(tables, inside, strict=True)
    ]
    lines = tuple(build_lines(outside, number))
    return PageContent(
        number, height, lines, tuple(grids), agreement=_agreement(glyphs, lines, grids)
    )


def _agreement(
    glyphs: Sequence[Glyph], lines: Sequence[Line], tables: Sequence[PageTable]
) -> PairAgreement:
    cells = (cell for t in tables for row in t.rows for cell in row)
    return pair_agreement(
        (g.text for g in glyphs), itertools.chain((ln.text for ln in lines), cells)
    )


def ocr_page_content(glyphs: Sequence[Glyph], number: int, height: float) -> PageContent:
    """A page whose glyphs came from OCR (no tables: a scan's tables come out as lines)."""
    return PageContent(number, height, tuple(build_lines(glyphs, number)), ())


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
        PageContent(p.number, p.height, tuple(lines), p.tables, p.readable, p.agreement)
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
