"""A textless page's ink: rulings are not content, marks shorter than a ruling are."""

from __future__ import annotations

import numpy as np

from extractors.pdf_blank import content_ink

WHITE, BLACK = 255, 0


def page(height: int = 420, width: int = 300) -> np.ndarray:
    return np.full((height, width), WHITE, dtype=np.uint8)


def test_a_white_page_has_no_ink() -> None:
    assert content_ink(page()) == 0.0


def test_ruling_lines_across_the_page_are_not_ink() -> None:
    grid = page()
    grid[40:200:20, 30:270] = BLACK  # rows of a table's grid
    grid[40:181, [30, 150, 270]] = BLACK  # its column lines
    assert content_ink(grid) == 0.0


def test_marks_shorter_than_a_ruling_are_ink() -> None:
    marks = page()
    for x in range(30, 130, 10):
        marks[100:107, x : x + 7] = BLACK  # ten character-sized blots, 3 pixels apart
    assert content_ink(marks) == 10 * 7 * 7 / (420 * 300)


def test_light_grey_paper_is_not_ink() -> None:
    assert content_ink(np.full((420, 300), 230, dtype=np.uint8)) == 0.0
