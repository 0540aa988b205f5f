"""Ruled tables on a PDF page as grids with merged cells resolved, and tables continued
across pages joined into one.

pdfplumber finds the cells (bounding boxes) of a ruled table; the grid is rebuilt here
from the cells' edges: every distinct x edge is a column boundary, every distinct y edge
a row boundary, so a cell covering several grid positions is a merge. Its text is
repeated into each position it covers, and the covered positions (not the top-left
origin) are recorded as merged, as the document model asks.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.pdf_text import (
    TERMINAL_PUNCTUATION,
    TOLERANCES,
    Glyph,
    LayoutTolerances,
    build_lines,
    join_text,
    starts_new_paragraph,
)

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

EDGE_TOLERANCE = 1.5  # points: cell edges closer than this are one grid line
COLUMN_MATCH_TOLERANCE = 3.0  # points: column edges of a continued table may move this much
CELL_PADDING = 3.0  # points of cell padding assumed on each side when judging line wraps


@dataclass(frozen=True)
class CellSpan:
    """One real cell of the grid: its origin (top-left) position and the rows/columns it covers."""

    row: int
    col: int
    row_end: int  # exclusive
    col_end: int  # exclusive


@dataclass(frozen=True)
class PageTable:
    """A table as found on one page (or several, once continuations are joined)."""

    rows: tuple[tuple[str, ...], ...]
    merged: frozenset[tuple[int, int]]
    spans: tuple[CellSpan, ...]
    col_edges: tuple[float, ...]
    top: float
    bottom: float
    row_pages: tuple[int, ...]

    @property
    def page(self) -> int:
        return self.row_pages[0]

    @property
    def page_end(self) -> int:
        return self.row_pages[-1]


def _cluster(values: Sequence[float], tolerance: float) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if edges and v - edges[-1] <= tolerance:
            continue
        edges.append(v)
    return edges


def _nearest(edges: Sequence[float], value: float) -> int:
    i = bisect.bisect_left(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


def cell_text(glyphs: Sequence[Glyph], bbox: BBox, tol: LayoutTolerances = TOLERANCES) -> str:
    """The text of one cell: wrapped lines joined, separate paragraphs on their own line.

    A line is wrapped when it fills the cell's width (within one and a half characters);
    centred text is judged by its width, not its right end.
    """
    lines = build_lines(glyphs, tol=tol)
    if not lines:
        return ""
    inner = (bbox[2] - bbox[0]) - 2 * CELL_PADDING
    paragraphs = [lines[0].text]
    for prev, nxt in itertools.pairwise(lines):
        wrapped = (
            (prev.x1 - prev.x0) >= inner - tol.full_line_slack * prev.size
            and prev.text[-1] not in TERMINAL_PUNCTUATION
            and not starts_new_paragraph(nxt.text)
            and abs(prev.size - nxt.size) <= tol.size_change
        )
        if wrapped:
            paragraphs[-1] = join_text(paragraphs[-1], nxt.text)
        else:
            paragraphs.append(nxt.text)
    return "\n".join(paragraphs)


def grid_table(
    cells: Sequence[BBox],
    glyphs: Sequence[Glyph],
    page: int,
    tol: LayoutTolerances = TOLERANCES,
) -> PageTable:
    """Build the grid of one table from its cell boxes and the glyphs inside it."""
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells], EDGE_TOLERANCE)
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells], EDGE_TOLERANCE)
    n_rows, n_cols = max(len(ys) - 1, 1), max(len(xs) - 1, 1)
    owner: dict[tuple[int, int], int] = {}
    spans: list[CellSpan] = []
    for index, (x0, top, x1, bottom) in enumerate(cells):
        r0, r1 = _nearest(ys, top), max(_nearest(ys, bottom), _nearest(ys, top) + 1)
        c0, c1 = _nearest(xs, x0), max(_nearest(xs, x1), _nearest(xs, x0) + 1)
        spans.append(CellSpan(r0, c0, min(r1, n_rows), min(c1, n_cols)))
        for r in range(r0, min(r1, n_rows)):
            for c in range(c0, min(c1, n_cols)):
                owner.setdefault((r, c), index)
    inside: list[list[Glyph]] = [[] for _ in cells]
    for g in glyphs:
        r = bisect.bisect_right(ys, g.mid_y) - 1
        c = bisect.bisect_right(xs, g.mid_x) - 1
        cell = owner.get((r, c))
        if cell is not None:
            inside[cell].append(g)
    texts = [cell_text(inside[i], cells[i], tol) for i in range(len(cells))]
    grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    merged: set[tuple[int, int]] = set()
    for (r, c), index in owner.items():
        grid[r][c] = texts[index]
        span = spans[index]
        if (r, c) != (span.row, span.col):
            merged.add((r, c))
    return PageTable(
        rows=tuple(tuple(row) for row in grid),
        merged=frozenset(merged),
        spans=tuple(sorted(set(spans), key=lambda s: (s.row, s.col))),
        col_edges=tuple(xs),
        top=ys[0],
        bottom=ys[-1],
        row_pages=tuple(page for _ in range(n_rows)),
    )


def same_columns(a: PageTable, b: PageTable) -> bool:
    return len(a.col_edges) == len(b.col_edges) and all(
        abs(x - y) <= COLUMN_MATCH_TOLERANCE for x, y in zip(a.col_edges, b.col_edges, strict=True)
    )


def _repeated_header_rows(first: PageTable, cont: PageTable) -> int:
    """How many leading rows of ``cont`` repeat a run of ``first``'s first rows."""
    head = first.rows[: min(4, len(first.rows))]
    for start in range(len(head)):
        n = 0
        while (
            start + n < len(head)
            and n < len(cont.rows) - 1
            and cont.rows[n] == head[start + n]
            and any(cont.rows[n])
        ):
            n += 1
        if n:
            return n
    return 0


def join_continued(first: PageTable, cont: PageTable) -> PageTable:
    """One table from a table and its continuation on the next page.

    A repeated header is dropped. A vertically merged cell cut by the page break shows
    on the new page as an empty cell under it: when that empty cell or the cell above
    spans several rows and both cover the same columns, the text above is carried down
    and the positions are marked merged.
    """
    skip = _repeated_header_rows(first, cont)
    offset = len(first.rows)
    rows = [list(r) for r in first.rows] + [list(r) for r in cont.rows[skip:]]
    merged = set(first.merged)
    merged.update((r - skip + offset, c) for r, c in cont.merged if r >= skip)
    spans = list(first.spans)
    last_row = offset - 1
    above = {
        s.col: s for s in first.spans if s.row <= last_row < s.row_end
    }  # cells touching the last row
    for s in cont.spans:
        if s.row < skip:
            continue
        span = CellSpan(s.row - skip + offset, s.col, s.row_end - skip + offset, s.col_end)
        upper = above.get(s.col)
        carried = (
            s.row == skip
            and upper is not None
            and upper.col_end == s.col_end
            and not rows[span.row][s.col]
            and rows[last_row][s.col]
            and (s.row_end - s.row > 1 or upper.row_end - upper.row > 1)
        )
        if carried and upper is not None:
            text = rows[last_row][s.col]
            for r in range(span.row, span.row_end):
                for c in range(s.col, s.col_end):
                    rows[r][c] = text
                    merged.add((r, c))
            spans.remove(upper)
            spans.append(CellSpan(upper.row, upper.col, span.row_end, upper.col_end))
        else:
            spans.append(span)
    return PageTable(
        rows=tuple(tuple(r) for r in rows),
        merged=frozenset(merged),
        spans=tuple(spans),
        col_edges=first.col_edges,
        top=first.top,
        bottom=cont.bottom,
        row_pages=first.row_pages + cont.row_pages[skip:],
    )
