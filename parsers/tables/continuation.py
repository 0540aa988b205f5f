"""Where an indicator block that runs off a PDF page goes on: the next page's table.

The next page's table may be cut with fewer columns than the first (a column empty on
that page, or two columns merged under one heading, is not drawn there) and the text of
a merged cell left of the rows (``产``/``出``/``指``/``标``) may come out as short
paragraphs between the two tables. The block's headings, merged copies collapsed
(``指标值 | 指标值`` is one column), then line up with the new table's columns from the
right, where the values are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractors.model import Paragraph, Table
from normalizers.text import nfkc
from parsers.tables.headers import is_blank, normalise_header
from parsers.tables.layout import (
    INDICATOR,
    REQUIRED_FIELDS,
    Region,
    header_fields,
    project_column_in,
)

# A paragraph between two tables that is a cut-off cell's text, not a title or a note:
# short and naming no table (…表, 表15).
FRAGMENT_MAX_CHARS = 12
_TITLE = re.compile(r"表\s*\d*\s*$|^表\s*\d+")


def is_fragment(paragraph: Paragraph) -> bool:
    text = nfkc(paragraph.text).strip()
    return len(text) <= FRAGMENT_MAX_CHARS and not _TITLE.search(text)


def pages_adjoin(last_page: int | None, table: Table) -> bool:
    """The table starts on the page where the block stopped or on the next one."""
    first = table.page_of_row(0) if table.rows else None
    return last_page is not None and first is not None and 0 <= first - last_page <= 1


def remap_headings(
    headings: Sequence[str], n_cols: int
) -> tuple[dict[str, tuple[int, ...]], tuple[str, ...]] | None:
    """The block's columns on a table ``n_cols`` wide: (field -> columns, heading per column),
    or None when the headings cannot cover it or an indicator's columns fall off."""
    groups: list[str] = []
    previous: str | None = None
    for heading in headings:
        key = normalise_header(heading)
        if key != previous:
            groups.append(heading)
        previous = key
    if n_cols > len(groups):
        return None
    kept = tuple(groups[len(groups) - n_cols :])
    columns = header_fields(kept)
    if not any(required <= columns.keys() for required in REQUIRED_FIELDS[INDICATOR]):
        return None
    return columns, kept


def starts_with_indicator(table: Table, columns: Mapping[str, tuple[int, ...]]) -> bool:
    """The table's first row has an indicator's name or value where the block has them
    (and is not one title cell spread over the row)."""
    if not table.rows:
        return False
    row = table.rows[0]
    if len({normalise_header(cell) for cell in row if not is_blank(cell)}) < 2:
        return False
    cols = [cols[0] for field in ("level3", "target") if (cols := columns.get(field))]
    return any(col < len(row) and not is_blank(row[col]) for col in cols)


@dataclass(frozen=True)
class OpenBlock:
    """How an indicator block left open at a table's end was laid out."""

    region: Region
    headings: tuple[str, ...]  # one per column of the table it was read from
    n_cols: int
    last_page: int | None
    project_col: int | None  # the 项目名称 column of a block listing several projects
    unit: str  # the money unit of its budget column


@dataclass(frozen=True)
class Carry:
    """The rows of the next table that continue an open block, and how to read them."""

    region: Region
    headings: tuple[str, ...]
    project_col: int | None
    rest: list[Region]  # the table's own blocks after those rows


def continuation(
    opened: OpenBlock,
    table: Table,
    regions: list[Region],
    *,
    follows_table: bool,
    near_table: bool,
) -> Carry | None:
    """Where ``table`` goes on with the open block, or None when it does not.

    Right after the block's table and as wide, its rows before any header of its own
    continue the block (as does a repeat of the block's header). Across a few cut-off
    cell fragments, or cut narrower, it must start on the next page and either repeat
    the header or start with an indicator where the block's columns line up.
    """
    if regions and repeats_header(regions[0], opened):
        header = table.rows[regions[0].header_row]
        if follows_table or (near_table and pages_adjoin(opened.last_page, table)):
            return Carry(regions[0], header, project_column_in(header), regions[1:])
        return None
    if regions and regions[0].header_row == 0:
        return None
    end = regions[0].header_row if regions else table.n_rows
    if follows_table and table.n_cols == opened.n_cols:
        region = Region(INDICATOR, -1, end, opened.region.columns)
        return Carry(region, opened.headings, opened.project_col, regions)
    if not (follows_table or near_table) or not pages_adjoin(opened.last_page, table):
        return None
    if table.n_cols == opened.n_cols:
        columns, headings = dict(opened.region.columns), opened.headings
    else:
        remapped = remap_headings(opened.headings, table.n_cols)
        if remapped is None:
            return None
        columns, headings = remapped
    if not starts_with_indicator(table, columns):
        return None
    region = Region(INDICATOR, -1, end, columns)
    return Carry(region, headings, project_column_in(headings), regions)


def repeats_header(region: Region, opened: OpenBlock) -> bool:
    """The open block's header again at the top of the next table (title row allowed),
    possibly at other column positions."""
    return (
        region.kind == INDICATOR
        and region.header_row <= 1
        and region.columns.keys() == opened.region.columns.keys()
    )
