"""Write a read Document back out as a web page or a workbook, as a publisher would.

The tests read a DOCX sample, rebuild the same report in another format from its blocks
(merged cells as rowspan/colspan, or as merged ranges) and check that jixiao finds the
same facts in it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from extractors.model import Document, Paragraph, Table

Span = tuple[int, int, int, int]  # top, left, rows, columns


def spans_of(table: Table) -> list[Span]:
    """Each origin cell with the rows and columns its merge covers."""
    spans: list[Span] = []
    for r in range(table.n_rows):
        for c in range(table.n_cols):
            if table.is_merged(r, c):
                continue
            width = 1
            while table.is_merged(r, c + width) and _origin_left(table, r, c + width) == c:
                width += 1
            height = 1
            while table.is_merged(r + height, c) and _origin_up(table, r + height, c) == r:
                height += 1
            spans.append((r, c, height, width))
    return spans


def _origin_left(table: Table, r: int, c: int) -> int:
    while c > 0 and table.is_merged(r, c) and table.cell(r, c - 1) == table.cell(r, c):
        c -= 1
    return c


def _origin_up(table: Table, r: int, c: int) -> int:
    while r > 0 and table.is_merged(r, c) and table.cell(r - 1, c) == table.cell(r, c):
        r -= 1
    return r


def html_of(doc: Document, charset: str = "utf-8") -> bytes:
    """The document as a web page: paragraphs as <p>, tables with rowspan/colspan."""
    body: list[str] = ['<div class="nav"><a href="/">首页</a> &gt; <a>信息公开</a></div>']
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            body.append(f"<p>{_escape(block.text)}</p>")
        else:
            body.append(_table_html(block))
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<style>td { border: 1px solid }</style><script>var nav = '<div>';</script></head>"
        f"<body>{''.join(body)}</body></html>"
    )
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


def _table_html(table: Table) -> str:
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for r, c, height, width in spans_of(table):
        attrs = (f' rowspan="{height}"' if height > 1 else "") + (
            f' colspan="{width}"' if width > 1 else ""
        )
        rows[r].append(f"<td{attrs}>{_escape(table.cell(r, c))}</td>")
    return "<table>" + "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows) + "</table>"


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?(%?)")


def as_excel_value(text: str) -> tuple[str | float | None, str]:
    """What a person typing the text into Excel stores: a number and its format for
    figures (12.50 -> 12.5 shown with two decimals, 95% -> 0.95 as a percentage)."""
    match = _NUMBER.fullmatch(text)
    if not text:
        return None, "General"
    if match is None:
        return text, "General"
    whole, decimals, percent = match.groups()
    decimals = decimals or ""
    value = float(f"{whole}.{decimals or 0}")
    pattern = "0" + ("." + "0" * len(decimals) if decimals else "")
    if percent:
        return value / 100, pattern + "%"
    return value, pattern


def xlsx_of_tables(doc: Document, path: Path, preamble: tuple[str, str] | None = None) -> None:
    """Each table on a sheet of its own; a table without a title row of its own gets the
    paragraph above it as the sheet's title row. ``preamble``: texts for the first and last
    column of a row between the title and the table (填报单位 … 单位：万元)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    previous: Paragraph | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            previous = block
            continue
        sheet = workbook.create_sheet(f"表{len(workbook.worksheets) + 1}")
        first = 1
        titled = len(set(block.rows[0])) == 1
        if previous is not None and not titled:
            sheet.cell(1, 1, previous.text)
            sheet.merge_cells(f"A1:{get_column_letter(block.n_cols)}1")
            first = 2
        if preamble is not None:
            sheet.cell(first, 1, preamble[0])
            sheet.cell(first, block.n_cols, preamble[1])
            first += 1
        for r, c, height, width in spans_of(block):
            cell = sheet.cell(first + r, 1 + c)
            cell.value, cell.number_format = as_excel_value(block.cell(r, c))
            if height > 1 or width > 1:
                sheet.merge_cells(
                    start_row=first + r,
                    start_column=1 + c,
                    end_row=first + r + height - 1,
                    end_column=c + width,
                )
    workbook.save(path)
