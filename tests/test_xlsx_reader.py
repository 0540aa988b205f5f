"""Excel workbooks: each visible sheet's title rows as paragraphs, then its table, cells as shown."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from extractors.cell_values import display_value
from extractors.dispatch import read_document
from extractors.errors import ReadError
from extractors.model import Paragraph, Table
from extractors.settings import ReadSettings
from extractors.sheet_blocks import Sheet, sheet_blocks
from extractors.spans import MergedRange
from jixiao.extraction import extract_file


def _read(path: Path, settings: ReadSettings | None = None):
    return read_document(path.read_bytes(), path.name, settings or ReadSettings())


def _error(path: Path, settings: ReadSettings | None = None) -> ReadError:
    with pytest.raises(ReadError) as caught:
        _read(path, settings)
    return caught.value


def _self_eval_book(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目自评"
    sheet["A1"] = "2023年度农村饮水安全项目支出绩效自评表"
    sheet.merge_cells("A1:D1")
    sheet.append(["一级指标", "三级指标", "年度指标值", "实际完成值"])
    sheet.append(["产出指标", "水质达标率", 0.9, 0.925])
    sheet["C3"].number_format = "0%"
    sheet["D3"].number_format = "0.0%"
    sheet.append([None, "资金支出", 1234.4999999999998, 86.5])
    sheet["C4"].number_format = "#,##0.00"
    sheet.merge_cells("A3:A4")
    second = book.create_sheet("说明")
    second["A1"] = "填报说明：金额单位为万元。"
    hidden = book.create_sheet("代码表")
    hidden["A1"] = "隐藏的代码"
    hidden.sheet_state = "hidden"
    book.save(path)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "自评表.xlsx"
    _self_eval_book(path)
    return path


def test_title_row_above_the_table_becomes_a_paragraph(book: Path) -> None:
    first = _read(book).blocks[0]
    assert first == Paragraph("2023年度农村饮水安全项目支出绩效自评表", char_end=len(first.text))


def test_percentages_read_as_the_sheet_shows_them(book: Path) -> None:
    table = next(_read(book).tables())
    assert table.rows[1][2:] == ("90%", "92.5%")


def test_float_noise_is_gone_and_the_format_decimals_stay(book: Path) -> None:
    table = next(_read(book).tables())
    assert table.rows[2][2] == "1,234.50"


def test_a_merged_range_repeats_its_text_and_marks_the_covered_cell(book: Path) -> None:
    table = next(_read(book).tables())
    assert (table.cell(1, 0), table.cell(2, 0)) == ("产出指标", "产出指标")
    assert table.merged == frozenset({(2, 0)})


def test_sheets_follow_in_order_and_hidden_sheets_are_left_out(book: Path) -> None:
    doc = _read(book)
    assert doc.blocks[-1].text == "填报说明：金额单位为万元。"
    assert "隐藏的代码" not in doc.text


def test_workbook_extracts_as_an_xlsx_document(book: Path) -> None:
    result = extract_file(book, book.parent)
    assert (result.document.file_format, result.document.status) == ("xlsx", "ok")


def test_empty_margin_rows_and_columns_are_dropped() -> None:
    sheet = Sheet("表1", (("", "", ""), ("", "指标", "分值"), ("", "", ""), ("", "时效", "10")))
    assert sheet_blocks(sheet) == [Table(rows=(("指标", "分值"), ("时效", "10")))]


def test_merges_follow_the_rows_that_remain() -> None:
    sheet = Sheet("表1", (("", ""), ("产出", "数量"), ("", "质量")), (MergedRange(1, 0, 2, 0),))
    (table,) = sheet_blocks(sheet)
    assert isinstance(table, Table)
    assert table.rows == (("产出", "数量"), ("产出", "质量"))
    assert table.merged == frozenset({(1, 0)})


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.3 + 0.6, "General", "0.9"),
        (12.5, '0.00"万元"', "12.50万元"),
        (-5.0, "0.00_);(0.00)", "(5.00)"),
        (98.0, "General", "98"),
        (0.9999, "0.00%", "99.99%"),
    ],
)
def test_a_number_shows_as_its_format_says(value: float, number_format: str, shown: str) -> None:
    assert display_value(value, number_format) == shown


def test_legacy_xls_is_read(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("表1")
    sheet.write_merge(0, 0, 0, 1, "部门整体支出绩效自评表")
    sheet.write(1, 0, "自评得分")
    sheet.write(1, 1, 0.95, xlwt.easyxf(num_format_str="0%"))
    path = tmp_path / "old.xls"
    book.save(str(path))
    doc = _read(path)
    assert doc.file_format == "xls"
    assert [b.text for b in doc.blocks] == ["部门整体支出绩效自评表", "自评得分\t95%"]


# --- bad workbooks: each a failed document with one line ------------------------------


def test_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    error = _error(path)
    assert error.error_type == "ZipBomb"
    assert "xl/worksheets/sheet1.xml expands" in error.message


def test_a_sheet_of_a_million_empty_rows_is_refused_before_parsing(
    tmp_path: Path, book: Path
) -> None:
    path = tmp_path / "rows.xlsx"
    rows = "".join(f'<row r="{i}"/>' for i in range(1, 1_000_001))
    sheet = f"<worksheet><sheetData>{rows}</sheetData></worksheet>"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, sheet if item.filename == "xl/worksheets/sheet1.xml" else data)
    error = _error(path, ReadSettings(max_docx_compression_ratio=1000))
    assert error.error_type == "SheetTooLarge"
    assert error.message.startswith("sheet too large: xl/worksheets/sheet1.xml is ")


def test_a_sheet_spanning_too_many_cells_is_skipped_with_a_warning(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "标题"
    book.active["Z40000"] = "远处的一格"
    extra = book.create_sheet("表2")
    extra.append(["指标", "分值"])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    doc = _read(path, ReadSettings(max_sheet_cells=100_000))
    assert doc.text == "指标\t分值"
    assert doc.warnings[0].startswith("sheet 'Sheet' skipped: it spans 40,000 rows x 26 columns")


def test_word_document_named_xlsx_is_a_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    error = _error(path)
    assert error.error_type == "WrongExtension"
    assert error.message.endswith("it looks like a Word document renamed .xlsx")


def test_damaged_workbook_is_a_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook")
    error = _error(path)
    assert error.error_type == "CorruptFile"
    assert error.message.startswith("corrupt XLSX: the workbook cannot be read")


def test_a_sheet_without_a_title_row_is_titled_by_its_name() -> None:
    sheet = Sheet("部门整体支出绩效自评表", (("指标", "分值"), ("时效", "10")))
    assert [b.text for b in sheet_blocks(sheet)] == [
        "部门整体支出绩效自评表",
        "指标\t分值\n时效\t10",
    ]


@pytest.mark.parametrize("name", ["Sheet1", "工作表2", "表3", "附件1"])
def test_a_default_sheet_name_is_not_a_title(name: str) -> None:
    sheet = Sheet(name, (("指标", "分值"), ("时效", "10")))
    assert [b.text for b in sheet_blocks(sheet)] == ["指标\t分值\n时效\t10"]
