"""The extraction core's own rules: how warnings from the stages reach the error rows and
the document's status, and what it adds to the parsers' records (sections, OCR marks)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
from sample_rows import YUEYANGLOU_BASIC_DATA_MONEY_HEADER, YUEYANGLOU_BASIC_DATA_THREE_PUBLIC

from extractors.model import Document, Paragraph, Table, assemble
from jixiao.extraction import ExtractionResult, extract_document, extract_file
from jixiao.tabulate import to_tables

# ebian's 收入 and 结转结余 sentences (二（一）, 二（三）)
INCOME = "县医保局2024年财政拨款预算收入880.52万元，其中上级资金0万元。"
CARRYOVER = "2024年部门财政资金结转结余5.18万元。"


def extract_text(tmp_path: Path, *lines: str) -> ExtractionResult:
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract_file(path, tmp_path)


def test_a_negative_figure_is_kept_with_a_suspicious_amount_row(tmp_path: Path) -> None:
    result = extract_text(tmp_path, INCOME, CARRYOVER.replace("5.18", "-5.18"))
    kept = [a for a in result.amounts if a.raw_value == "-5.18"]
    assert [a.value_wan for a in kept] == [Decimal("5.18")]
    assert [(e.stage, e.error_type) for e in result.errors] == [("amounts", "SuspiciousAmount")]
    assert "-5.18万元" in result.errors[0].message


def test_a_suspicious_amount_leaves_a_good_document_ok(tmp_path: Path) -> None:
    result = extract_text(tmp_path, INCOME.replace("880.52万元", "880520000亿元"), CARRYOVER)
    assert [e.error_type for e in result.errors] == ["SuspiciousAmount"]
    assert (result.document.status, result.document.error) == ("ok", None)


def test_a_document_without_suspicious_figures_has_no_error_rows(tmp_path: Path) -> None:
    result = extract_text(tmp_path, INCOME, CARRYOVER)
    assert (result.document.status, result.errors) == ("ok", [])


def test_table_amounts_carry_the_section_of_their_table() -> None:
    # yueyanglou's 基础数据表 follows the line 附件1: its figures sit in that section (其他)
    samples = Path(__file__).parent / "fixtures" / "samples"
    result = extract_file(samples / "yueyanglou-2023-dept-self-eval.txt", samples)
    table_sections = {a.section for a in result.amounts if a.source == "table"}
    assert table_sections == {"其他"}


# --- rows from OCR pages ------------------------------------------------------------------


def scanned_on_page_2() -> Document:
    """ebian's 结转结余 sentence and yueyanglou's 三公经费 row on page 1, again on page 2 (OCR)."""
    rows = (YUEYANGLOU_BASIC_DATA_MONEY_HEADER, YUEYANGLOU_BASIC_DATA_THREE_PUBLIC)
    return assemble(
        "scan.pdf",
        "pdf",
        [
            Paragraph(CARRYOVER, page=1),
            Table(rows=rows, page=1),
            Paragraph(CARRYOVER, page=2),
            Table(rows=rows, page=2),
        ],
        page_count=2,
        ocr_pages=(2,),
    )


def test_amounts_from_ocr_pages_are_marked() -> None:
    result = extract_document(scanned_on_page_2(), "d")
    assert sorted((a.source, a.page, a.ocr) for a in result.amounts) == [
        ("prose", 1, False),
        ("prose", 2, True),
        ("table", 1, False),
        ("table", 2, True),
    ]


def test_document_names_its_ocr_pages_as_ranges() -> None:
    doc = replace(scanned_on_page_2(), ocr_pages=(2, 5, 6, 7))
    assert extract_document(doc, "d").document.ocr_pages == "2,5-7"


def test_document_without_ocr_pages_has_null_ocr_pages(tmp_path: Path) -> None:
    result = extract_text(tmp_path, INCOME, CARRYOVER)
    assert result.document.ocr_pages is None
    assert not any(a.ocr for a in result.amounts)


def test_ocr_marks_reach_the_curated_tables_as_string_and_bool() -> None:
    tables = to_tables(extract_document(scanned_on_page_2(), "d"))
    assert tables["documents"].column("ocr_pages").to_pylist() == ["2"]
    amounts = tables["amounts"]
    assert amounts.schema.field("ocr").type == pa.bool_()
    pages, marks = amounts.column("page").to_pylist(), amounts.column("ocr").to_pylist()
    assert sorted(zip(pages, marks, strict=True)) == [(1, False), (1, False), (2, True), (2, True)]


# --- headline and project money is never negative ------------------------------------------

# yueyanglou's 整体支出绩效自评表 budget block, with one cell signed as a doctored copy would be
BUDGET_ROWS = (
    ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ("年度资金总额", "1022.77", "2299.31", "-2299.31", "10", "224.81%", "10"),
)


def budget_document(rows: tuple[tuple[str, ...], ...]) -> Document:
    return assemble(
        "doctored.txt",
        "txt",
        [
            Paragraph("2023年度预算单位整体支出绩效自评表"),
            Paragraph("年度预算申请(万元)"),
            Table(rows=rows),
        ],
    )


def test_a_signed_table_figure_is_left_out_of_the_summary_and_named(tmp_path: Path) -> None:
    result = extract_document(budget_document(BUDGET_ROWS), "0" * 16)
    assert result.summary is not None
    assert result.summary.expenditure_wan is None
    assert result.summary.budget_final_wan == Decimal("2299.31")
    named = [e.message for e in result.errors if e.error_type == "SuspiciousAmount"]
    assert "doc_summary: expenditure_wan stated as -2299.31 万元, left out" in named
