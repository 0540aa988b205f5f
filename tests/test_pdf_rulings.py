"""Ruled tables from PDFium's path objects: the cells are the ones pdfplumber would find."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber.table
import pypdfium2 as pdfium
from hypothesis import given
from hypothesis import strategies as st
from pdfplumber.table import TableSettings, edges_to_intersections, merge_edges

from extractors.pdf import TABLE_SETTINGS
from extractors.pdf_rulings import intersections_to_cells, page_edges

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


def _intersections(edges: list[dict[str, Any]]) -> dict[Any, dict[str, list[Any]]]:
    settings = TableSettings.resolve(TABLE_SETTINGS)
    merged = merge_edges(
        edges,
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    return edges_to_intersections(
        merged, settings.intersection_x_tolerance, settings.intersection_y_tolerance
    )


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "v" if x0 == x1 else "h",
    }


def test_cells_of_every_page_of_the_sample_with_ruled_tables_are_pdfplumbers() -> None:
    pdf = pdfium.PdfDocument(SAMPLES / "jiayuguan-2021-dept-self-eval.pdf")
    try:
        found = 0
        for index in range(len(pdf)):
            intersections = _intersections(page_edges(pdf[index]))
            cells = intersections_to_cells(intersections)
            assert cells == pdfplumber.table.intersections_to_cells(intersections)
            found += len(cells)
        assert found > 100  # the samples' 自评表 are ruled tables
    finally:
        pdf.close()


# Grid lines at a few positions, each drawn over part of the grid only: cells with merges,
# ragged borders and lines that stop short, as word processors draw them.
LINES = st.lists(
    st.tuples(
        st.sampled_from([10.0, 40.0, 75.5, 120.0, 200.25]),  # where the line is
        st.sampled_from([10.0, 40.0, 75.5, 120.0]),  # where it starts
        st.sampled_from([75.5, 120.0, 200.25]),  # where it ends
    ),
    max_size=12,
)


@given(vertical=LINES, horizontal=LINES)
def test_cells_of_any_ruling_are_pdfplumbers(
    vertical: list[tuple[float, float, float]], horizontal: list[tuple[float, float, float]]
) -> None:
    edges = [_edge(at, start, at, end) for at, start, end in vertical if end > start]
    edges += [_edge(start, at, end, at) for at, start, end in horizontal if end > start]
    intersections = _intersections(edges) if edges else {}
    assert intersections_to_cells(intersections) == pdfplumber.table.intersections_to_cells(
        intersections
    )
