"""Excel reader: XLSX (openpyxl) and legacy XLS (xlrd), every visible sheet in order.

Each cell is read as the sheet shows it (``cell_values``: 95% not 0.95, 1234.5 not
1234.4999999999998), merged ranges are spread as the other readers give them, and each
sheet becomes title paragraphs and a table (``sheet_blocks``).

Why openpyxl and not python-calamine, which reads 20-50x faster: calamine gives no number
formats, so a percentage comes out as 0.95 and a figure formatted to two decimals loses
them. A 自评表 workbook is small (openpyxl reads one in tens of milliseconds); what bounds
the time on a hostile one is the zip check and a limit on each sheet's XML before openpyxl
parses anything, and a limit on the cells a sheet may span.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from extractors.cell_values import CellValue, display_date, display_value
from extractors.docx_safety import check_zip_limits, open_zip
from extractors.errors import ReadError
from extractors.model import Document, assemble
from extractors.settings import ReadSettings, raise_setting
from extractors.sheet_blocks import Sheet, sheet_blocks
from extractors.spans import MergedRange

WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
WORKBOOK_PART = "xl/workbook.xml"
WORD_PART = "word/document.xml"


def read_xlsx(data: bytes, source_path: str, settings: ReadSettings) -> Document:
    """The visible sheets of the XLSX workbook whose bytes are ``data``."""
    with open_zip(data, "XLSX") as archive:
        check_zip_limits(
            archive,
            settings.max_docx_uncompressed_bytes,
            settings.max_docx_compression_ratio,
            kind="XLSX",
        )
        _check_parts(archive, settings)
    sheets, warnings = _openpyxl_sheets(data, settings)
    return _document(source_path, "xlsx", sheets, warnings)


def read_xls(data: bytes, source_path: str, settings: ReadSettings) -> Document:
    """The visible sheets of the legacy XLS workbook whose bytes are ``data``."""
    sheets, warnings = _xlrd_sheets(data, settings)
    return _document(source_path, "xls", sheets, warnings)


def _document(
    source_path: str, file_format: str, sheets: list[Sheet], warnings: list[str]
) -> Document:
    blocks = [block for sheet in sheets for block in sheet_blocks(sheet)]
    doc = assemble(source_path, file_format, blocks, warnings=tuple(warnings))
    if not doc.blocks:
        why = f": {warnings[0]}" if warnings else ": every sheet is empty"
        raise ReadError("NoText", f"no text in the workbook{why}")
    return doc


def _check_parts(archive: zipfile.ZipFile, settings: ReadSettings) -> None:
    names = {info.filename: info for info in archive.infolist()}
    if WORKBOOK_PART not in names:
        hint = "; it looks like a Word document renamed .xlsx" if WORD_PART in names else ""
        raise ReadError(
            "WrongExtension", f"not an Excel workbook: the zip holds no xl/workbook.xml{hint}"
        )
    for name, info in names.items():
        if WORKSHEET_PART.fullmatch(name) and info.file_size > settings.max_sheet_xml_bytes:
            raise ReadError(
                "SheetTooLarge",
                f"sheet too large: {name} is {info.file_size:,} bytes of XML (limit "
                f"{settings.max_sheet_xml_bytes:,}; {raise_setting('read.max_sheet_xml_bytes')} "
                "if the file is trusted)",
            )


def _openpyxl_sheets(data: bytes, settings: ReadSettings) -> tuple[list[Sheet], list[str]]:
    # the spreadsheet libraries load only when a workbook is read, not in every worker
    import openpyxl

    try:
        # openpyxl parses with defusedxml when it is installed (it is a dependency of ours):
        # no DTDs, no entity expansion.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # zipfile's, openpyxl's and defusedxml's have no common base
        raise _corrupt("XLSX", exc) from exc
    sheets: list[Sheet] = []
    warnings: list[str] = []
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue
        n_rows, n_cols = ws.max_row, ws.max_column
        if n_rows * n_cols > settings.max_sheet_cells:
            warnings.append(_too_many_cells(ws.title, n_rows, n_cols, settings))
            continue
        rows = tuple(
            tuple(display_value(cell.value, cell.number_format) for cell in row)
            for row in ws.iter_rows(min_row=1, max_row=n_rows, max_col=n_cols)
        )
        merged = tuple(
            MergedRange(rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1)
            for rng in ws.merged_cells.ranges
        )
        sheets.append(Sheet(ws.title, rows, merged))
    workbook.close()
    return sheets, warnings


def _xlrd_sheets(data: bytes, settings: ReadSettings) -> tuple[list[Sheet], list[str]]:
    import xlrd  # as openpyxl above: only when an .xls is read

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct and index errors
        if "encrypted" in str(exc).lower():
            raise ReadError(
                "EncryptedXLS", "encrypted Excel file: save it without a password"
            ) from exc
        raise _corrupt("XLS", exc) from exc
    sheets: list[Sheet] = []
    warnings: list[str] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility != 0:
                continue
            if sheet.nrows * sheet.ncols > settings.max_sheet_cells:
                warnings.append(_too_many_cells(sheet.name, sheet.nrows, sheet.ncols, settings))
                continue
            rows = tuple(
                tuple(_xls_cell(book, sheet, r, c) for c in range(sheet.ncols))
                for r in range(sheet.nrows)
            )
            merged = tuple(
                MergedRange(top, left, bottom - 1, right - 1)
                for top, bottom, left, right in sheet.merged_cells
            )
            sheets.append(Sheet(sheet.name, rows, merged))
    except Exception as exc:
        raise _corrupt("XLS", exc) from exc
    finally:
        book.release_resources()
    return sheets, warnings


def _xls_cell(book: Any, sheet: Any, row: int, col: int) -> str:  # xlrd is untyped
    import xlrd  # already loaded by _xlrd_sheets

    cell = sheet.cell(row, col)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    fmt = _xls_format(book, cell.xf_index)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return display_value(cell.value)
        return display_date(when, fmt) if when.time() == dt.time() else str(when)
    value: CellValue = bool(cell.value) if cell.ctype == xlrd.XL_CELL_BOOLEAN else cell.value
    return display_value(value, fmt)


def _xls_format(book: Any, xf_index: int | None) -> str:
    try:
        key = book.xf_list[xf_index].format_key
        return str(book.format_map[key].format_str)
    except (IndexError, KeyError, TypeError, AttributeError):
        return "General"


def _too_many_cells(name: str, n_rows: int, n_cols: int, settings: ReadSettings) -> str:
    return (
        f"sheet {name!r} skipped: it spans {n_rows:,} rows x {n_cols:,} columns "
        f"(limit {settings.max_sheet_cells:,} cells; {raise_setting('read.max_sheet_cells')} "
        "if the file is trusted)"
    )


def _corrupt(kind: str, exc: BaseException) -> ReadError:
    detail = str(exc) or type(exc).__name__
    return ReadError("CorruptFile", f"corrupt {kind}: the workbook cannot be read ({detail[:200]})")
