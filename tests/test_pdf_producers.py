"""Text patterns of real producers, reproduced in PDFs the tests write themselves.

WPS Office sets a nominal font size many times the drawn one (``240 Tf``) and shrinks it
with the text matrix (``0.05 0 0 0.05 x y Tm``: 12-point text); other producers set
``1 Tf`` and scale it up. Lines, spaces and paragraphs must follow the drawn size, and
both backends must read the same blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_streams import A4_LANDSCAPE, RawPage, cjk, raw_pdf

from extractors.model import Document, Table
from extractors.pdf import read_pdf
from extractors.settings import OcrSettings, ReadSettings

SETTINGS = ReadSettings(ocr=OcrSettings(enabled=False))
BOTH_PATHS = pytest.mark.parametrize("all_pdfplumber", [False, True], ids=["pdfium", "pdfplumber"])


def text_line(text: str, x: float, y: float, nominal: float, drawn: float) -> str:
    """One line of Chinese text drawn at ``drawn`` points with ``nominal Tf``."""
    scale = drawn / nominal
    return f"BT /C {nominal:g} Tf {scale:g} 0 0 {scale:g} {x:g} {y:g} Tm {cjk(text)} Tj ET\n"


def read(tmp_path: Path, pages: list[RawPage], all_pdfplumber: bool) -> Document:
    path = tmp_path / "p.pdf"
    path.write_bytes(raw_pdf(pages))
    return read_pdf(path.read_bytes(), "p.pdf", SETTINGS, all_pdfplumber=all_pdfplumber)


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


# Three numbered lines, 14 points apart: a reader that takes the nominal size for the line
# height (0.3 x 240 = 72 points) merges them into one line, character by character.
COVER = ["一、区委社会工作部", "二、本年度部门决算", "三、公开说明"]


@BOTH_PATHS
def test_lines_of_a_huge_nominal_size_shrunk_by_the_matrix_stay_apart(
    tmp_path: Path, all_pdfplumber: bool
) -> None:
    content = "".join(
        text_line(t, 72, 700 - 14 * i, nominal=240, drawn=12) for i, t in enumerate(COVER)
    )
    doc = read(tmp_path, [RawPage(content)], all_pdfplumber)
    assert texts(doc) == COVER


@BOTH_PATHS
def test_lines_of_a_one_point_font_scaled_up_stay_apart(
    tmp_path: Path, all_pdfplumber: bool
) -> None:
    content = "".join(
        text_line(t, 72, 700 - 14 * i, nominal=1, drawn=12) for i, t in enumerate(COVER)
    )
    doc = read(tmp_path, [RawPage(content)], all_pdfplumber)
    assert texts(doc) == COVER


@BOTH_PATHS
def test_letter_spaced_heading_in_a_scaled_up_one_point_font_has_no_spaces(
    tmp_path: Path, all_pdfplumber: bool
) -> None:
    # 0.15 Tc: 0.15 em between characters, 1.8 points at 12 points; a reader that measures
    # the gap against the nominal 1 point takes each gap for a column gap.
    content = f"BT /C 1 Tf 0.15 Tc 12 0 0 12 72 700 Tm {cjk('部门预算编制说明')} Tj ET\n"
    doc = read(tmp_path, [RawPage(content)], all_pdfplumber)
    assert texts(doc) == ["部门预算编制说明"]


@BOTH_PATHS
def test_heading_drawn_larger_than_the_body_starts_its_own_paragraph(
    tmp_path: Path, all_pdfplumber: bool
) -> None:
    # Both lines carry the same nominal 240 Tf; only the matrix tells 18 from 12 points.
    heading = "单位基本情况概述"  # 8 x 18 = 144 points wide, as wide as the body line
    body = "本单位主要职责包括"  # 9 x 12 = 108 points
    content = text_line(heading, 72, 700, nominal=240, drawn=18) + text_line(
        body, 72, 680, nominal=240, drawn=12
    )
    doc = read(tmp_path, [RawPage(content)], all_pdfplumber)
    assert texts(doc) == [heading, body]


def _ruled_grid(xs: list[float], ys: list[float]) -> str:
    """Stroked lines along every x and y edge: a fully ruled table."""
    lines = [f"{x:g} {ys[-1]:g} m {x:g} {ys[0]:g} l S" for x in xs]
    lines += [f"{xs[0]:g} {y:g} m {xs[-1]:g} {y:g} l S" for y in ys]
    return "0.5 w\n" + "\n".join(lines) + "\n"


@BOTH_PATHS
def test_cells_of_a_table_in_a_huge_nominal_size_read_row_by_row(
    tmp_path: Path, all_pdfplumber: bool
) -> None:
    # Rows 16 points high, 9-point text at 180 Tf: a nominal-size reader would pull the
    # glyphs of neighbouring rows into one line of each cell.
    xs, ys = [72.0, 200.0, 300.0], [700.0, 684.0, 668.0, 652.0]
    rows = [("项目", "金额"), ("基本支出", "12.50"), ("项目支出", "3.75")]
    content = _ruled_grid(xs, ys)
    for (label, amount), top in zip(rows, ys, strict=False):
        baseline = top - 12
        content += text_line(label, xs[0] + 3, baseline, nominal=180, drawn=9)
        if amount.isascii():
            content += (
                f"BT /H 180 Tf 0.05 0 0 0.05 {xs[1] + 3:g} {baseline:g} Tm ({amount}) Tj ET\n"
            )
        else:
            content += text_line(amount, xs[1] + 3, baseline, nominal=180, drawn=9)
    doc = read(tmp_path, [RawPage(content)], all_pdfplumber)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [t.rows for t in tables] == [tuple(rows)]


# --- pages turned by /Rotate ---------------------------------------------------------------

# User space to displayed space inverted, as ``cm`` operands: the producer draws the page as
# it will be shown and turns the drawing into the unturned user space of the /Rotate page.
# ``w`` and ``h`` are the displayed width and height.
_UNTURN = {
    90: lambda w, h: f"0 1 -1 0 {h:g} 0",
    180: lambda w, h: f"-1 0 0 -1 {w:g} {h:g}",
    270: lambda w, h: f"0 -1 1 0 0 {w:g}",
}


def latin_line(text: str, x: float, y: float, nominal: float, drawn: float) -> str:
    scale = drawn / nominal
    return f"BT /H {nominal:g} Tf {scale:g} 0 0 {scale:g} {x:g} {y:g} Tm ({text}) Tj ET\n"


def _landscape_page() -> str:
    """A landscape page as shown: a title, a numbered line and a ruled table, in Helvetica
    (PDFium reads no text of a Chinese font that is not embedded once it is turned)."""
    xs, ys = [72.0, 260.0, 400.0], [460.0, 440.0, 420.0]
    content = latin_line("1. Budget summary", 72, 540, nominal=240, drawn=16)
    content += latin_line("2. Amounts in 10k yuan", 72, 500, nominal=240, drawn=12)
    content += _ruled_grid(xs, ys)
    for (label, amount), top in zip([("Basic", "35.20"), ("Project", "8.05")], ys, strict=False):
        content += latin_line(label, xs[0] + 3, top - 15, nominal=240, drawn=12)
        content += latin_line(amount, xs[1] + 3, top - 15, nominal=240, drawn=12)
    return content


@pytest.mark.parametrize("rotation", [90, 180, 270])
@BOTH_PATHS
def test_page_turned_by_rotate_reads_like_the_same_page_drawn_upright(
    tmp_path: Path, rotation: int, all_pdfplumber: bool
) -> None:
    shown = A4_LANDSCAPE
    user_size = shown if rotation == 180 else (shown[1], shown[0])
    turned = f"q {_UNTURN[rotation](*shown)} cm\n{_landscape_page()}Q\n"
    doc = read(tmp_path, [RawPage(turned, user_size, rotation)], all_pdfplumber)
    assert texts(doc) == [
        "1. Budget summary",
        "2. Amounts in 10k yuan",
        "Basic\t35.20\nProject\t8.05",
    ]
    assert doc.warnings == ()
