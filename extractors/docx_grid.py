"""Lay out Word table cells on the table grid, resolving horizontal and vertical merges.

Pure: takes the cells as Word stores them (per row: the grid columns skipped before the
first cell, then each cell's text, column span and merge marks) and returns the grid the
document model wants: every row as long as the grid, a merged cell's text repeated into
every position it covers, and the covered positions (not the origin cell) listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Merge(Enum):
    """A cell's part in a merge (``w:vMerge`` vertically, legacy ``w:hMerge`` horizontally)."""

    NONE = "none"
    RESTART = "restart"
    CONTINUE = "continue"


@dataclass(frozen=True)
class CellSpec:
    text: str
    span: int = 1  # w:gridSpan
    v_merge: Merge = Merge.NONE
    h_merge: Merge = Merge.NONE


@dataclass(frozen=True)
class RowSpec:
    cells: tuple[CellSpec, ...]
    grid_before: int = 0  # w:gridBefore: grid columns left empty before the first cell


@dataclass(frozen=True)
class Grid:
    rows: tuple[tuple[str, ...], ...]
    merged: frozenset[tuple[int, int]]


def layout_grid(row_specs: tuple[RowSpec, ...], grid_columns: int = 0) -> Grid:
    """Place ``row_specs`` on a grid at least ``grid_columns`` wide (from ``w:tblGrid``).

    A vertical-merge continuation takes the text of the cell above it (the merge's
    origin); a continuation with nothing above it keeps its own text. Positions not
    covered by any cell (rows shorter than the grid, ``w:gridAfter``) are empty strings.
    """
    placed: list[dict[int, tuple[str, tuple[int, int]]]] = []
    merged: set[tuple[int, int]] = set()
    width = grid_columns
    for r, row in enumerate(row_specs):
        cells: dict[int, tuple[str, tuple[int, int]]] = {}
        col = max(row.grid_before, 0)
        last_origin: tuple[str, tuple[int, int]] | None = None
        for spec in row.cells:
            span = max(spec.span, 1)
            above = placed[r - 1].get(col) if r > 0 else None
            if spec.v_merge is Merge.CONTINUE and above is not None:
                text, origin = above
            elif spec.h_merge is Merge.CONTINUE and last_origin is not None:
                text, origin = last_origin
            else:
                text, origin = spec.text, (r, col)
            for c in range(col, col + span):
                cells[c] = (text, origin)
                if (r, c) != origin:
                    merged.add((r, c))
            last_origin = (text, origin)
            col += span
        width = max(width, col)
        placed.append(cells)
    rows = tuple(tuple(cells[c][0] if c in cells else "" for c in range(width)) for cells in placed)
    return Grid(rows=rows, merged=frozenset(merged))
