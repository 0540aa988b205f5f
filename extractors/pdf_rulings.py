"""Ruled tables found from PDFium's path objects with pdfplumber's own table algorithm.

pdfplumber finds a ruled table from the page's edges (lines, rectangle sides, curve
segments): it snaps and joins them, intersects them and builds cells. That part is pure
geometry; the cost of pdfplumber is pdfminer parsing the page to get the edges. Here the
edges come from PDFium's path objects (the same points, transformed to the page) and go
through pdfplumber's functions unchanged, so a table page never reaches pdfminer and the
cells are the ones pdfplumber would find. One step, building cells from the intersections,
is our own copy of pdfplumber's with its per-pair rebuilding of edge sets taken out (same
cells, same order; tests/test_pdf_rulings.py compares the two).
"""

from __future__ import annotations

import ctypes
import itertools
from collections import defaultdict
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import (
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    merge_edges,
)
from pdfplumber.utils import obj_to_bbox

from extractors.pdfium_calls import unchecked

BBox = tuple[float, float, float, float]
Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]

AXIS_EPSILON = 0.01  # points: an edge this close to axis-aligned is horizontal/vertical
FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched

# Called once per page object or path segment: see pdfium_calls.
_object_type = unchecked(pdfium_c.FPDFPageObj_GetType)
_get_matrix = unchecked(pdfium_c.FPDFPageObj_GetMatrix)
_count_page_objects = unchecked(pdfium_c.FPDFPage_CountObjects)
_get_page_object = unchecked(pdfium_c.FPDFPage_GetObject)
_count_form_objects = unchecked(pdfium_c.FPDFFormObj_CountObjects)
_get_form_object = unchecked(pdfium_c.FPDFFormObj_GetObject)
_count_segments = unchecked(pdfium_c.FPDFPath_CountSegments)
_get_segment = unchecked(pdfium_c.FPDFPath_GetPathSegment)
_segment_point = unchecked(pdfium_c.FPDFPathSegment_GetPoint)
_segment_type = unchecked(pdfium_c.FPDFPathSegment_GetType)
_segment_closes = unchecked(pdfium_c.FPDFPathSegment_GetClose)


def _matrix(obj: Any) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    _get_matrix(obj, ctypes.pointer(m))
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(
    inner: tuple[float, ...], outer: tuple[float, ...]
) -> tuple[float, float, float, float, float, float]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def display_matrix(rotation: int, width: float, height: float) -> Matrix | None:
    """The matrix from PDF user space to the page as displayed (y up), or None for an
    unturned page.

    A page with ``/Rotate`` is shown turned clockwise, but PDFium gives characters and
    paths in unturned user space; ``width`` and ``height`` are the displayed size (as
    PDFium reports it). Text set to read across the turned page runs up or down the
    unturned one, so without this it would be left out as sideways text.
    """
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, 0.0, height)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, width, height)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, width, 0.0)
    return None


def page_matrix(page: pdfium.PdfPage) -> Matrix | None:
    """``display_matrix`` of a PDFium page."""
    return display_matrix(page.get_rotation(), page.get_width(), page.get_height())


def _subpaths(path: Any, matrix: tuple[float, ...], height: float) -> list[list[Point]]:
    """The path's points in page coordinates (top-down y), one list per subpath."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    x_p, y_p = ctypes.pointer(x), ctypes.pointer(y)
    moveto = pdfium_c.FPDF_SEGMENT_MOVETO
    subpaths: list[list[Point]] = []
    for i in range(_count_segments(path)):
        segment = _get_segment(path, i)
        _segment_point(segment, x_p, y_p)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if _segment_type(segment) == moveto or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if _segment_closes(segment) and subpaths[-1][0] != point:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _edge(p0: Point, p1: Point) -> dict[str, Any] | None:
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    if x1 - x0 <= AXIS_EPSILON:
        x1 = x0
        orientation = "v"
    elif bottom - top <= AXIS_EPSILON:
        bottom = top
        orientation = "h"
    else:
        return None
    return {
        "object_type": "path_edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _collect_edges(
    container: Any, count: Any, get: Any, matrix: tuple[float, ...] | None, height: float,
    depth: int, edges: list[dict[str, Any]],
) -> None:  # fmt: skip
    for i in range(count(container)):
        obj = get(container, i)
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
            _collect_edges(
                obj, _count_form_objects, _get_form_object,
                _placed(obj, matrix), height, depth + 1, edges,
            )  # fmt: skip
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            for points in _subpaths(obj, _placed(obj, matrix), height):
                for p0, p1 in itertools.pairwise(points):
                    edge = _edge(p0, p1)
                    if edge is not None:
                        edges.append(edge)


def _placed(obj: Any, outer: tuple[float, ...] | None) -> tuple[float, ...]:
    """The object's matrix on the page (through the forms it sits in)."""
    own = _matrix(obj)
    return own if outer is None else _compose(own, outer)


def page_edges(page: pdfium.PdfPage) -> list[dict[str, Any]]:
    """Every horizontal and vertical segment drawn on the page, as pdfplumber edges."""
    edges: list[dict[str, Any]] = []
    _collect_edges(
        page.raw, _count_page_objects, _get_page_object, page_matrix(page),
        page.get_height(), 0, edges,
    )  # fmt: skip
    return edges


def find_table_cells(
    edges: list[dict[str, Any]], table_settings: dict[str, Any]
) -> list[list[BBox]]:
    """pdfplumber's TableFinder on given edges: the cells of each table found."""
    settings = TableSettings.resolve(table_settings)
    prefilter = settings.edge_min_length_prefilter
    usable = [e for e in edges if e["height" if e["orientation"] == "v" else "width"] >= prefilter]
    if not usable:
        return []
    merged = merge_edges(
        usable,
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    kept = [
        e
        for e in merged
        if e["height" if e["orientation"] == "v" else "width"] >= settings.edge_min_length
    ]
    intersections = edges_to_intersections(
        kept, settings.intersection_x_tolerance, settings.intersection_y_tolerance
    )
    return cells_to_tables(intersections_to_cells(intersections))


def intersections_to_cells(intersections: dict[Point, dict[str, list[Any]]]) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``: the same cells in the same order.

    pdfplumber rebuilds the set of edges through a point every time it asks whether two
    points are joined by an edge (most of its table-finding time); here each point's edge
    sets, and the points in line with it, are built once.
    """
    v_edges = {p: {obj_to_bbox(e) for e in found["v"]} for p, found in intersections.items()}
    h_edges = {p: {obj_to_bbox(e) for e in found["h"]} for p, found in intersections.items()}
    points = sorted(intersections)
    in_column: dict[float, list[Point]] = defaultdict(list)  # top to bottom
    in_row: dict[float, list[Point]] = defaultdict(list)  # left to right
    for point in points:
        in_column[point[0]].append(point)
        in_row[point[1]].append(point)

    def joined_v(p1: Point, p2: Point) -> bool:
        return not v_edges[p1].isdisjoint(v_edges[p2])

    def joined_h(p1: Point, p2: Point) -> bool:
        return not h_edges[p1].isdisjoint(h_edges[p2])

    def smallest_cell(pt: Point) -> BBox | None:
        column, row = in_column[pt[0]], in_row[pt[1]]
        below = column[column.index(pt) + 1 :]
        right = row[row.index(pt) + 1 :]
        for below_pt in below:
            if not joined_v(pt, below_pt):
                continue
            for right_pt in right:
                if not joined_h(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if (
                    corner in intersections
                    and joined_v(corner, right_pt)
                    and joined_h(corner, below_pt)
                ):
                    return (pt[0], pt[1], corner[0], corner[1])
        return None

    cells = (smallest_cell(pt) for pt in points)
    return [cell for cell in cells if cell is not None]


def table_bbox(cells: list[BBox]) -> BBox:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )
