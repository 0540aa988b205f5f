"""The same report as DOCX, as a web page and as a workbook of its tables gives the same facts.

The web page and the workbook are written by the test from the DOCX sample's own blocks
(tests/format_builders.py), merged cells as rowspan/colspan or merged ranges, figures as
numbers with their formats; only the samples that hold tables in their DOCX take part.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.dispatch import read_document
from extractors.model import Document
from extractors.settings import ReadSettings
from jixiao.extraction import ExtractionResult, extract_file
from tests.format_builders import html_of, xlsx_of_tables

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
WITH_TABLES = ["jiayuguan-2021-dept-self-eval.docx"]
# doc_summary figures that the sample's tables state (the grade is stated in prose only).
SUMMARY_FROM_TABLES = (
    "budget_initial_wan",
    "budget_final_wan",
    "expenditure_wan",
    "basic_expenditure_wan",
    "project_expenditure_wan",
    "execution_rate",
    "self_score",
)


def _docx(name: str) -> Document:
    return read_document((SAMPLES / name).read_bytes(), name, ReadSettings())


def _extract(path: Path) -> ExtractionResult:
    return extract_file(path, path.parent)


def _indicators(result: ExtractionResult) -> list[tuple[object, ...]]:
    return [
        (
            i.scope,
            i.project_name,
            i.level1,
            i.level2,
            i.level3,
            i.target_raw,
            i.actual_raw,
            i.weight,
            i.score,
        )
        for i in result.indicators
    ]


def _projects(result: ExtractionResult) -> list[tuple[object, ...]]:
    return [tuple(vars(p).values()) for p in result.projects]


@pytest.fixture(scope="module", params=WITH_TABLES)
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    name: str = request.param
    out = tmp_path_factory.mktemp("formats")
    doc = _docx(name)
    stem = Path(name).stem
    (out / f"{stem}.html").write_bytes(html_of(doc))
    xlsx_of_tables(doc, out / f"{stem}.xlsx")
    xlsx_of_tables(doc, out / f"{stem}-unit-row.xlsx", ("填报单位（盖章）：本部门", "单位：万元"))
    return {
        "docx": _extract(SAMPLES / name),
        "html": _extract(out / f"{stem}.html"),
        "xlsx": _extract(out / f"{stem}.xlsx"),
        "xlsx with a unit row": _extract(out / f"{stem}-unit-row.xlsx"),
    }


def test_web_page_gives_the_docx_indicators(sample) -> None:
    assert _indicators(sample["html"]) == _indicators(sample["docx"])


def test_web_page_gives_the_docx_projects(sample) -> None:
    assert _projects(sample["html"]) == _projects(sample["docx"])


def test_web_page_gives_the_docx_summary(sample) -> None:
    assert sample["html"].summary == sample["docx"].summary


def test_web_page_is_read_without_errors(sample) -> None:
    assert sample["html"].document.status == "ok"
    assert sample["html"].document.file_format == "html"


def test_workbook_of_the_tables_gives_the_docx_indicators(sample) -> None:
    assert _indicators(sample["xlsx"]) == _indicators(sample["docx"])


def test_workbook_of_the_tables_gives_the_docx_projects(sample) -> None:
    assert _projects(sample["xlsx"]) == _projects(sample["docx"])


def test_workbook_of_the_tables_gives_the_docx_summary_figures(sample) -> None:
    figures = {name: getattr(sample["docx"].summary, name) for name in SUMMARY_FROM_TABLES}
    assert all(value is not None for value in figures.values())
    book = sample["xlsx"].summary
    assert {name: getattr(book, name) for name in SUMMARY_FROM_TABLES} == figures


def test_a_unit_row_above_each_sheet_table_changes_no_indicator_or_project(sample) -> None:
    book = sample["xlsx with a unit row"]
    assert (_indicators(book), _projects(book)) == (
        _indicators(sample["docx"]),
        _projects(sample["docx"]),
    )


def test_the_sample_has_indicators_and_projects_to_compare(sample) -> None:
    assert len(sample["docx"].indicators) > 20
    assert sample["docx"].projects
