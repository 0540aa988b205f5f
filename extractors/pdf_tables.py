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
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.pdf_text import (
    TERMINAL_PUNCTUATION,
    TOLERANCES,
    Glyph,
    LayoutTolerances,
    Line,
    build_lines,
    is_cjk,
    join_text,
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
    # Origins of cells whose last line runs to the cell's edge: their text may go on in
    # the same cell on the next page (a row split by the page break).
    open_cells: frozenset[tuple[int, int]] = frozenset()

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
    """The text of one cell: wrapped lines joined, separate paragraphs on their own line."""
    return read_cell(glyphs, bbox, tol)[0]


# The first unit a line break cannot split: opening brackets, a Latin word or number (or one
# character), then closing punctuation that may not start a line.
_FIRST_TOKEN = re.compile(
    r"[（《“‘〈【(\[]*(?:[A-Za-z0-9.%/+\-]+|.)[）》”’〉】)\]，。、；：！？,.;:!?]*"
)


def _first_token_width(text: str, size: float) -> float:
    match = _FIRST_TOKEN.match(text)
    token = match.group(0) if match else text[:1]
    return sum(size if is_cjk(ch) else size / 2 for ch in token)


def read_cell(
    glyphs: Sequence[Glyph], bbox: BBox, tol: LayoutTolerances = TOLERANCES
) -> tuple[str, bool]:
    """A cell's text, and whether its last line fills the cell (so the text may go on).

    A line break is a wrap when the next line's first word would not have fitted on the
    line: measured from the cell's right edge for left-aligned text, by the line's width
    for centred text (in a narrow cell geometry is a better guide than wording). Other
    breaks, and lines ending a sentence, separate paragraphs, which stay on their own
    line in the cell text.
    """
    lines = build_lines(glyphs, tol=tol)
    if not lines:
        return "", False
    left, right = bbox[0] + CELL_PADDING, bbox[2] - CELL_PADDING
    inner = right - left
    centred = all(
        abs((ln.x0 - left) - (right - ln.x1)) <= max(2.0, ln.size / 2) for ln in lines
    ) and any(ln.x0 - left > 1.0 for ln in lines)

    def no_room_for(line: Line, width: float) -> bool:
        used = (line.x1 - line.x0) if centred else (line.x1 - left)
        return line.text[-1] not in TERMINAL_PUNCTUATION and used + width > inner - 1.0

    paragraphs = [lines[0].text]
    for prev, nxt in itertools.pairwise(lines):
        wrapped = (
            no_room_for(prev, _first_token_width(nxt.text, nxt.size))
            and abs(prev.size - nxt.size) <= tol.size_change
        )
        if wrapped:
            paragraphs[-1] = join_text(paragraphs[-1], nxt.text)
        else:
            paragraphs.append(nxt.text)
    return "\n".join(paragraphs), no_room_for(lines[-1], lines[-1].size)


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
        r0, c0 = _nearest(ys, top), _nearest(xs, x0)
        r1, c1 = max(_nearest(ys, bottom), r0 + 1), max(_nearest(xs, x1), c0 + 1)
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
    read = [read_cell(inside[i], cells[i], tol) for i in range(len(cells))]
    texts = [text for text, _ in read]
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
        open_cells=frozenset(
            (spans[i].row, spans[i].col) for i, (_, is_open) in enumerate(read) if is_open
        ),
    )


def _matches(edge: float, edges: Sequence[float]) -> bool:
    return any(abs(edge - e) <= COLUMN_MATCH_TOLERANCE for e in edges)


def same_columns(a: PageTable, b: PageTable) -> bool:
    """Whether ``b`` can continue ``a``: same outer edges, and one's column edges are all
    edges of the other (a page whose rows do not use a column split lacks that edge)."""
    if len(a.col_edges) < 2 or len(b.col_edges) < 2:
        return False
    if not (
        abs(a.col_edges[0] - b.col_edges[0]) <= COLUMN_MATCH_TOLERANCE
        and abs(a.col_edges[-1] - b.col_edges[-1]) <= COLUMN_MATCH_TOLERANCE
    ):
        return False
    return all(_matches(e, a.col_edges) for e in b.col_edges) or all(
        _matches(e, b.col_edges) for e in a.col_edges
    )


def on_columns(table: PageTable, edges: Sequence[float]) -> PageTable:
    """The table on a finer set of column edges: a column split in two becomes a merged
    cell over both, its text repeated and the added position marked merged."""
    if len(edges) == len(table.col_edges):
        return table
    first_new = [_nearest(edges, e) for e in table.col_edges]  # old edge -> new edge index

    def new_col(c: int) -> int:
        return first_new[c]

    rows: list[tuple[str, ...]] = []
    merged = {(r, new_col(c)) for r, c in table.merged}
    for r, row in enumerate(table.rows):
        cells: list[str] = []
        for c, text in enumerate(row):
            width = new_col(c + 1) - new_col(c)
            cells.extend([text] * width)
            merged.update((r, k) for k in range(new_col(c) + 1, new_col(c + 1)))
        rows.append(tuple(cells))
    return PageTable(
        rows=tuple(rows),
        merged=frozenset(merged),
        spans=tuple(
            CellSpan(s.row, new_col(s.col), s.row_end, new_col(s.col_end)) for s in table.spans
        ),
        col_edges=tuple(edges),
        top=table.top,
        bottom=table.bottom,
        row_pages=table.row_pages,
        open_cells=frozenset((r, new_col(c)) for r, c in table.open_cells),
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
    if len(first.col_edges) != len(cont.col_edges):
        edges = _cluster([*first.col_edges, *cont.col_edges], COLUMN_MATCH_TOLERANCE)
        first, cont = on_columns(first, edges), on_columns(cont, edges)
    skip = _repeated_header_rows(first, cont)
    offset = len(first.rows)
    rows = [list(r) for r in first.rows] + [list(r) for r in cont.rows[skip:]]
    merged = set(first.merged)
    merged.update((r - skip + offset, c) for r, c in cont.merged if r >= skip)
    open_cells = set(first.open_cells)
    open_cells.update((r - skip + offset, c) for r, c in cont.open_cells if r >= skip)
    carried_cols: set[int] = set()
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
            carried_cols.update(range(s.col, s.col_end))
        else:
            spans.append(span)
    joined = PageTable(
        rows=tuple(tuple(r) for r in rows),
        merged=frozenset(merged),
        spans=tuple(spans),
        col_edges=first.col_edges,
        top=first.top,
        bottom=cont.bottom,
        row_pages=first.row_pages + cont.row_pages[skip:],
        open_cells=frozenset(open_cells),
    )
    return _join_split_row(joined, offset, above, carried_cols)


def _join_split_row(
    table: PageTable, row: int, above: dict[int, CellSpan], carried_cols: set[int]
) -> PageTable:
    """Join the first row after a page break to the row above when it only continues it.

    A row split by the page break leaves on the new page the rest of the texts that ran
    to the edge of their cells, and nothing else: each non-empty cell of the row (not
    carried down from a merged cell) sits under a cell whose last line filled it, and
    no cell of the row spans further rows.
    """
    if row >= len(table.rows):
        return table
    starting = [s for s in table.spans if s.row == row and s.col not in carried_cols]
    texts = {s.col: table.rows[row][s.col] for s in starting if table.rows[row][s.col]}
    if not texts or any(s.row_end - s.row > 1 for s in starting):
        return table
    uppers: dict[int, CellSpan] = {}
    for col in texts:
        upper = above.get(col)
        if upper is None or (upper.row, upper.col) not in table.open_cells:
            return table
        uppers[col] = upper
    rows = [list(r) for r in table.rows]
    open_cells = set(table.open_cells)
    for col, upper in uppers.items():
        text = join_text(rows[row - 1][col], texts[col])
        for r in range(upper.row, row):
            for c in range(upper.col, upper.col_end):
                rows[r][c] = text
        open_cells.discard((upper.row, upper.col))
        if (row, col) in table.open_cells:
            open_cells.add((upper.row, upper.col))
    del rows[row]

    def moved(r: int) -> int:
        return r if r < row else r - 1

    spans = [
        CellSpan(moved(s.row), s.col, moved(s.row_end - 1) + 1, s.col_end)
        for s in table.spans
        if s.row != row or s.col in carried_cols
    ]
    return PageTable(
        rows=tuple(tuple(r) for r in rows),
        merged=frozenset((moved(r), c) for r, c in table.merged if r != row),
        spans=tuple(s for s in spans if s.row_end > s.row),
        col_edges=table.col_edges,
        top=table.top,
        bottom=table.bottom,
        row_pages=table.row_pages[:row] + table.row_pages[row + 1 :],
        open_cells=frozenset((moved(r), c) for r, c in open_cells if r != row),
    )
