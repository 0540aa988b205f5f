"""The reader checks each page's reading against the order of its text layer."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pdf_streams import RawPage, cjk, raw_pdf

import extractors.pdf as pdf_module
from extractors.pdf_fidelity import FidelityTolerance, PairAgreement, pair_agreement
from extractors.pdf_layout import page_content
from extractors.pdf_text import Glyph
from extractors.settings import OcrSettings, ReadSettings

SETTINGS = ReadSettings(ocr=OcrSettings(enabled=False))

# Two lines of a cover as drawn (the text layer), and a reading that interleaves them.
LAYER = ["区委社会工作部", "部门决算说明"]
INTERLEAVED = ["区部委门社决会算工说作明部"]


def test_reading_that_keeps_the_layers_neighbours_agrees_fully() -> None:
    assert pair_agreement(LAYER, LAYER) == PairAgreement(agreeing=11, pairs=11)


def test_reading_that_interleaves_two_lines_disagrees() -> None:
    agreement = pair_agreement(LAYER, INTERLEAVED)
    assert agreement.pairs == 12
    assert agreement.agreeing == 0  # no two neighbours of the reading are neighbours drawn


def test_whitespace_does_not_count_as_a_neighbour() -> None:
    assert pair_agreement(["合计 12.5"], ["合计12.5"]) == PairAgreement(5, 5)


def test_page_with_too_few_pairs_is_not_judged() -> None:
    tol = FidelityTolerance(min_agreement=0.8, min_pairs=20)
    assert not PairAgreement(agreeing=0, pairs=12).disagrees(tol)


def test_page_below_the_agreement_tolerance_disagrees() -> None:
    tol = FidelityTolerance(min_agreement=0.8, min_pairs=20)
    assert PairAgreement(agreeing=15, pairs=20).disagrees(tol)
    assert not PairAgreement(agreeing=16, pairs=20).disagrees(tol)


def _glyphs(lines: list[str], size: float) -> list[Glyph]:
    """Chinese lines 14 points apart, 12-point characters, each said to be ``size``."""
    return [
        Glyph(ch, 72 + 12 * i, 84 + 12 * i, 100 + 14 * row, size)
        for row, text in enumerate(lines)
        for i, ch in enumerate(text)
    ]


TEXT = [
    "一、本单位主要职责是组织实施",
    "二、本年度收入支出预算总体情况",
    "三、一般公共预算当年拨款情况",
]


def test_page_laid_out_with_its_drawn_size_agrees_with_its_layer() -> None:
    page = page_content(1, 842.0, _glyphs(TEXT, 12.0), [])
    assert [ln.text for ln in page.lines] == TEXT
    assert page.agreement is not None and not page.agreement.disagrees()


def test_page_laid_out_with_a_wrong_size_disagrees_with_its_layer() -> None:
    page = page_content(1, 842.0, _glyphs(TEXT, 240.0), [])
    assert len(page.lines) == 1  # the three lines merged, character by character
    assert page.agreement is not None and page.agreement.disagrees()


def _cover(tmp_path: Path) -> Path:
    lines = "".join(
        f"BT /C 12 Tf 72 {700 - 14 * i} Td {cjk(text)} Tj ET\n" for i, text in enumerate(TEXT)
    )
    path = tmp_path / "c.pdf"
    path.write_bytes(
        raw_pdf([RawPage(f"BT /C 12 Tf 72 760 Td {cjk('封面')} Tj ET\n"), RawPage(lines)])
    )
    return path


def test_correct_pages_give_no_warning(tmp_path: Path) -> None:
    doc = pdf_module.read_pdf(_cover(tmp_path).read_bytes(), "c.pdf", SETTINGS)
    assert doc.warnings == ()


def test_page_whose_reading_disagrees_is_named_in_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pdf_module.pdfium_glyphs

    def nominal_sizes(page: object) -> list[Glyph]:  # a backend that misreads the size
        return [dataclasses.replace(g, size=20 * g.size) for g in real(page)]  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_module, "pdfium_glyphs", nominal_sizes)
    doc = pdf_module.read_pdf(_cover(tmp_path).read_bytes(), "c.pdf", SETTINGS)
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("layout check: the text of page 2 may be scrambled")
