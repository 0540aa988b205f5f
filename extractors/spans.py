"""Merged cells of spreadsheets and web pages, laid out the way every reader gives them.

Pure. The document model wants a full grid: a merged cell's text repeated into every
position it covers, and the covered positions (not the merge's top-left origin) listed,
as ``docx_grid`` does for Word. Spreadsheets state merges as ranges over a full grid of
values; HTML states them as ``rowspan``/``colspan`` on cells that are left out of the
rows they reach into.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractors.docx_grid import Grid


@dataclass(frozen=True)
class MergedRange:
    """Rows ``top..bottom`` and columns ``left..right``, inclusive, 0-based."""

    top: int
    left: int
    bottom: int
    right: int


def fill_merges(rows: Sequence[Sequence[str]], ranges: Iterable[MergedRange]) -> Grid:
    """Spread each range's top-left text over the range (clipped to the grid).

    A spreadsheet keeps a merged range's value in its top-left cell only; the covered
    cells are empty in the file, and a covered cell that still holds a value (Excel keeps
    it hidden) is overwritten, as Excel shows it.
    """
    width = max((len(r) for r in rows), default=0)
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    merged: set[tuple[int, int]] = set()
    for rng in ranges:
        if rng.top >= len(grid) or rng.left >= width:
            continue
        text = grid[rng.top][rng.left]
        for r in range(rng.top, min(rng.bottom, len(grid) - 1) + 1):
            for c in range(rng.left, min(rng.right, width - 1) + 1):
                if (r, c) != (rng.top, rng.left):
                    grid[r][c] = text
                    merged.add((r, c))
    return Grid(rows=tuple(tuple(r) for r in grid), merged=frozenset(merged))


@dataclass(frozen=True)
class SpanCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


class GridTooLarge(ValueError):
    """The spans would cover more grid positions than the reader allows."""


def place_spans(
    rows: Sequence[Sequence[SpanCell]], max_columns: int = 1000, max_cells: int = 1_000_000
) -> Grid:
    """Lay HTML cells on a grid: each cell takes the first column its row leaves free.

    A ``rowspan`` reaching past the last row stops there (browsers do the same); a
    ``colspan`` is capped at ``max_columns`` (HTML's own limit). Rows are padded with
    empty strings to the widest row. Raises ``GridTooLarge`` past ``max_cells`` positions,
    so that hostile spans cannot build a huge grid.
    """
    taken: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    merged: set[tuple[int, int]] = set()
    width = 0
    last_row = len(rows) - 1
    for r, cells in enumerate(rows):
        col = 0
        for cell in cells:
            while (r, col) in taken:
                col += 1
            if col >= max_columns:
                break
            right = min(col + max(cell.colspan, 1), max_columns)
            bottom = min(r + max(cell.rowspan, 1) - 1, last_row)
            if len(taken) + (bottom - r + 1) * (right - col) > max_cells:
                raise GridTooLarge(f"the table spans more than {max_cells:,} cells")
            for rr in range(r, bottom + 1):
                for cc in range(col, right):
                    taken[(rr, cc)] = (cell.text, (r, col))
                    if (rr, cc) != (r, col):
                        merged.add((rr, cc))
            width = max(width, right)
            col = right
    if width * len(rows) > max_cells:
        raise GridTooLarge(f"the table spans more than {max_cells:,} cells")
    grid = tuple(
        tuple(taken[(r, c)][0] if (r, c) in taken else "" for c in range(width))
        for r in range(len(rows))
    )
    return Grid(rows=grid, merged=frozenset(merged))
