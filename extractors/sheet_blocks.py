"""One worksheet (cell texts and merged ranges) as document blocks: title paragraphs, a table.

Pure. A published 绩效自评表 sheet usually carries its title (and lines such as
"填报单位：…  单位：万元") in rows above the table, merged across its width; a DOCX has
these as paragraphs above the table, so they become paragraphs here too. Rows and columns
with nothing in them (margins, spacer rows, formatted but empty cells) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.model import Paragraph, Table
from extractors.spans import MergedRange, fill_merges

# Names Excel and WPS give new sheets (Sheet1, 工作表1), and bare numbering (表1, 附件2):
# such a name says nothing about the table.
DEFAULT_SHEET_NAME = re.compile(r"(?:sheet|工作表|表|附表|附件)?\s*\d*", re.IGNORECASE)


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[str, ...], ...]
    merged: tuple[MergedRange, ...] = ()


def sheet_blocks(sheet: Sheet) -> list[Paragraph | Table]:
    """Leading title rows as paragraphs (or, with none, a sheet name that is more than
    numbering), then the rest of the sheet as one table."""
    grid = fill_merges(sheet.rows, sheet.merged)
    keep_rows = [r for r, row in enumerate(grid.rows) if any(row)]
    width = max((len(row) for row in grid.rows), default=0)
    keep_cols = [c for c in range(width) if any(grid.rows[r][c] for r in keep_rows)]
    rows = [tuple(grid.rows[r][c] for c in keep_cols) for r in keep_rows]
    new_row = {old: new for new, old in enumerate(keep_rows)}
    new_col = {old: new for new, old in enumerate(keep_cols)}
    merged = {(new_row[r], new_col[c]) for r, c in grid.merged if r in new_row and c in new_col}
    titles = _leading_titles(rows)
    blocks: list[Paragraph | Table] = [Paragraph(text) for text in titles]
    if not titles and rows and not DEFAULT_SHEET_NAME.fullmatch(sheet.name.strip()):
        # A sheet without a title row is often titled by its name (项目支出绩效自评表).
        blocks.append(Paragraph(sheet.name.strip()))
    body = rows[len(titles) :]
    if body:
        shift = len(titles)
        blocks.append(
            Table(
                rows=tuple(body),
                merged=frozenset((r - shift, c) for r, c in merged if r >= shift),
            )
        )
    return blocks


def _leading_titles(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Texts of the first rows that hold a single text (one cell, or one merged across).

    A sheet of nothing but such rows is prose, not a table: every row is a paragraph.
    """
    titles: list[str] = []
    for row in rows:
        texts = {cell for cell in row if cell}
        if len(texts) != 1:
            break
        titles.append(texts.pop())
    return titles
