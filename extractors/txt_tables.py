"""Rebuild tables that a TXT export flattened into one cell per line.

The layout these exports use (seen in every TXT sample):

- each cell starts on a new line with a TAB; an empty TAB line is an empty cell (or one
  covered by a merge: in text the two cannot be told apart, so it stays "" and nothing
  is marked merged; the table parsers fill level-1/level-2 cells down themselves);
- a blank line ends a row;
- a cell's text may run over several lines without a TAB (its paragraphs); an empty
  paragraph inside a cell is a blank line too, so blank lines are ambiguous.

How the ambiguity is settled, line by line (see ``_resolve_gap``). Between a cell line
and the next TAB line lie text lines in *chunks* separated by blank lines:

1. Text glued to a cell line (no blank between) continues that cell, whatever its
   length, when TAB lines follow again and it is not a heading / sign-off / title line;
   text with a cell line right above and right below always does (`一、…` inside a cell).
2. Text after blank lines continues the last cell only when every line of it is a short
   fragment (no sentence end, at most ``fragment_max_chars``), TAB lines follow again,
   and either exactly one blank line precedes it or the cell has no text yet (cells
   padded with empty paragraphs: `\\t`, three blanks, `产出指标`, `(50分)`).
3. Anything else ends the table; the text becomes paragraphs. At the end of the text
   only a glued short fragment still counts as the cell's text.
4. Blank lines alone between TAB lines end a row.

Then per table: a one-cell row whose text is a table title (`…表`) starts a new table;
a row shorter than the row before it, followed by rows whose cell counts add up to
exactly that width, is one row that a trailing empty paragraph split (rows of equal
length are left alone: two rows with the same merged layout look like that; and when the
rows after the short one are themselves the pieces of a row as wide as it, the short
row is a whole row, e.g. a three-column header followed by a row split 2 + 1); short rows
are padded with "" to the widest row; rows without text at a table's start or end
(a lone empty TAB line) are dropped. Paragraphs indented with a TAB are not a table:
a candidate whose rows are all single cells, or whose cells are mostly sentences,
becomes paragraphs again.

Space-aligned tables (columns set apart by runs of two or more spaces, as a word processor
saves a table as plain text) are read too: two or more consecutive lines of short cells,
one with at least three, are a table of one row per line; no column positions are used.

A second, simpler layout is also read: two or more consecutive lines that hold TABs
between cells (`项目\t预算数\t执行数`, as pasted from a spreadsheet) are a table of one
row per line. So are two or more consecutive lines with `|` between their cells, as web
pages and PDF-to-text tools print tables (`成本指标 | 宣传成本 | ≤ | 101400 | 元 | 5 |`);
there a row whose only text is a table title in its first cell (`…自评表(2023年度) | |||`)
is the title of the table that follows and becomes a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.model import Paragraph, Table
from extractors.txt_rules import (
    TxtTableRules,
    close_up_spaced_words,
    ends_table,
    is_fragment,
    is_framed_pipe_row,
    is_page_furniture,
    is_pipe_row,
    is_prose,
    is_table_title,
    remove_artefacts,
    split_pipe_row,
    split_run_on_line,
)
from extractors.txt_wrap import join_wrapped_lines

# Columns of a space-aligned table: two or more spaces (ideographic or not).
_SPACE_GAP = re.compile(r"[ \u3000]{2,}")
_SENTENCE_ENDS = "。；;！!？?"

Cell = list[str]  # the cell's non-empty text pieces, one per line
Row = list[Cell]


def rebuild_tables(
    lines: Sequence[str], rules: TxtTableRules | None = None
) -> list[Paragraph | Table]:
    """Blocks in reading order from text lines (no line ends): paragraphs and tables.

    Paragraph texts are the lines stripped of surrounding whitespace; export artefacts
    (`[bookmark: …]`, `[image: ]`) and page-number lines are dropped. Lines that a
    PDF-to-text tool wrapped at the page width are joined first (``extractors.txt_wrap``).
    """
    rules = rules or TxtTableRules()
    pieces = [piece for line in lines for piece in split_run_on_line(line, rules)]
    clean = _clean_lines(join_wrapped_lines(pieces, is_page_furniture))
    blocks: list[Paragraph | Table] = []
    i = 0
    while i < len(clean):
        line = clean[i]
        if _is_cell_line(line):
            rows, end = _read_rows(clean, i, rules)
            blocks.extend(_to_blocks(rows, clean[i:end], rules))
            i = end
            continue
        end = _tab_separated_run_end(clean, i)
        if end - i >= 2:
            blocks.append(_to_table([_split_tab_separated(row) for row in clean[i:end]]))
            i = end
            continue
        end = _pipe_run_end(clean, i)
        if end - i >= 2:
            blocks.extend(_pipe_blocks(clean[i:end]))
            i = end
            continue
        end = _space_aligned_run_end(clean, i, rules)
        if end - i >= 2 and any(len(_split_space_aligned(r)) >= 3 for r in clean[i:end]):
            blocks.append(_to_table([_split_space_aligned(row) for row in clean[i:end]]))
            i = end
            continue
        if line.strip():
            blocks.append(Paragraph(line.strip()))
        i += 1
    return blocks


def _is_tab_separated_row(line: str) -> bool:
    return not _is_cell_line(line) and "\t" in line.strip()


def _tab_separated_run_end(lines: list[str], start: int) -> int:
    """The end of a run of consecutive lines with TABs between their cells."""
    end = start
    while end < len(lines) and _is_tab_separated_row(lines[end]):
        end += 1
    return end


def _split_tab_separated(line: str) -> Row:
    return [_pieces(cell) for cell in line.strip().split("\t")]


def _space_aligned_run_end(lines: list[str], start: int, rules: TxtTableRules) -> int:
    """The end of a run of consecutive lines whose columns are set apart by runs of
    spaces (a table a word processor or spreadsheet saved as aligned text)."""
    end = start
    while end < len(lines) and _is_space_aligned_row(lines[end], rules):
        end += 1
    return end


def _is_space_aligned_row(line: str, rules: TxtTableRules) -> bool:
    if "\t" in line or is_pipe_row(line):
        return False
    cells = [c for c in _SPACE_GAP.split(line.strip()) if c]
    return len(cells) >= 2 and all(
        len(c) <= rules.space_cell_max_chars and c[-1] not in _SENTENCE_ENDS for c in cells
    )


def _split_space_aligned(line: str) -> Row:
    return [_pieces(cell) for cell in _SPACE_GAP.split(line.strip()) if cell]


def _pipe_run_end(lines: list[str], start: int) -> int:
    """The end of a run of consecutive lines with `|` between their cells."""
    end = start
    while end < len(lines) and is_pipe_row(lines[end]):
        end += 1
    return end


def _pipe_blocks(lines: list[str]) -> list[Paragraph | Table]:
    """Tables (one row per line) and the title paragraphs between them."""
    blocks: list[Paragraph | Table] = []
    rows: list[Row] = []
    framed = all(is_framed_pipe_row(line) for line in lines)
    for line in lines:
        cells = split_pipe_row(line, framed)
        if cells is None:
            continue
        filled = [cell for cell in cells if cell]
        if len(filled) == 1 and cells[0] and is_table_title(cells[0]):
            if rows:
                blocks.append(_to_table(rows, printed=True))
            blocks.append(Paragraph(cells[0]))
            rows = []
            continue
        rows.append([_pieces(cell) for cell in cells])
    if rows and any(cell for row in rows for cell in row):
        blocks.append(_to_table(rows, printed=True))
    return blocks


def _clean_lines(lines: Sequence[str]) -> list[str]:
    """Artefacts removed, spaced-out words closed up; lines that held only an artefact or a
    page number dropped."""
    clean: list[str] = []
    for raw in lines:
        line = close_up_spaced_words(remove_artefacts(raw))
        if _is_cell_line(line):
            clean.append("\t" + line.strip())
        elif not (is_page_furniture(line) or (raw.strip() and not line.strip())):
            clean.append(line.rstrip())
    return clean


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t")


def _is_blank(line: str) -> bool:
    return not line.strip()


@dataclass
class _Chunk:
    blanks_before: int
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Gap:
    """What to do with the non-TAB lines after a cell line."""

    continuation: list[str]  # text lines that belong to the last cell
    consumed: int  # lines of the gap used by the table
    ends_row: bool
    ends_table: bool


def _read_rows(lines: list[str], start: int, rules: TxtTableRules) -> tuple[list[Row], int]:
    """The raw rows of the table starting at ``start`` and the index after it."""
    rows: list[Row] = []
    row: Row = []
    i = start
    while i < len(lines):
        if _is_cell_line(lines[i]):
            row.append(_pieces(lines[i]))
            i += 1
            continue
        j = i
        while j < len(lines) and not _is_cell_line(lines[j]):
            j += 1
        gap = _resolve_gap(lines[i:j], j < len(lines), not row[-1], rules)
        row[-1].extend(piece for line in gap.continuation for piece in _pieces(line))
        if gap.ends_table:
            rows.append(row)
            return rows, i + gap.consumed
        if gap.ends_row:
            rows.append(row)
            row = []
        i = j
    if row:
        rows.append(row)
    return rows, i


def _pieces(line: str) -> Cell:
    text = line.strip()
    return [text] if text else []


def _resolve_gap(gap: list[str], tab_follows: bool, cell_empty: bool, rules: TxtTableRules) -> _Gap:
    chunks, trailing_blanks = _chunks(gap)
    if not chunks:
        return _Gap([], len(gap), ends_row=True, ends_table=not tab_follows)
    sandwiched = len(chunks) == 1 and chunks[0].blanks_before == 0 and trailing_blanks == 0
    if tab_follows and (sandwiched or _all_continue(chunks, cell_empty, rules)):
        text = [line for chunk in chunks for line in chunk.lines]
        return _Gap(text, len(gap), ends_row=trailing_blanks > 0, ends_table=False)
    first = chunks[0]
    if first.blanks_before == 0 and all(is_fragment(line, rules) for line in first.lines):
        return _Gap(first.lines, len(first.lines), ends_row=True, ends_table=True)
    return _Gap([], 0, ends_row=True, ends_table=True)


def _chunks(gap: list[str]) -> tuple[list[_Chunk], int]:
    """Runs of text lines, each with the number of blank lines before it."""
    chunks: list[_Chunk] = []
    blanks = 0
    for line in gap:
        if _is_blank(line):
            blanks += 1
        elif chunks and blanks == 0:
            chunks[-1].lines.append(line)
        else:
            chunks.append(_Chunk(blanks, [line]))
            blanks = 0
    return chunks, blanks


def _all_continue(chunks: list[_Chunk], cell_empty: bool, rules: TxtTableRules) -> bool:
    for chunk in chunks:
        if chunk.blanks_before == 0:
            if any(ends_table(line) for line in chunk.lines):
                return False
        elif not (
            (chunk.blanks_before == 1 or cell_empty)
            and all(is_fragment(line, rules) for line in chunk.lines)
        ):
            return False
        cell_empty = False
    return True


def _is_indented_prose(rows: list[Row], rules: TxtTableRules) -> bool:
    """Paragraphs indented with a TAB, not a table: every row a single cell, or at least
    half of the cells with text are sentences (tables are mostly labels and numbers)."""
    if all(len(row) <= 1 for row in rows):
        return True
    filled = [cell for row in rows for cell in row if cell]
    prose = [cell for cell in filled if any(is_prose(piece, rules) for piece in cell)]
    return 2 * len(prose) >= len(filled)


def _to_blocks(
    rows: list[Row], source_lines: list[str], rules: TxtTableRules
) -> list[Paragraph | Table]:
    if not any(cell for row in rows for cell in row):
        return []
    if _is_indented_prose(rows, rules):
        return [Paragraph(line.strip()) for line in source_lines if line.strip()]
    return [_to_table(_join_split_rows(part)) for part in _split_at_titles(rows)]


def _cell_text(cell: Cell) -> str:
    return "\n".join(cell)


def _is_title_row(row: Row) -> bool:
    return len(row) == 1 and bool(row[0]) and is_table_title(row[0][0])


def _split_at_titles(rows: list[Row]) -> list[list[Row]]:
    """Tables printed one after another: each new one starts at its one-cell title row."""
    parts: list[list[Row]] = [[]]
    for row in rows:
        if _is_title_row(row) and parts[-1]:
            parts.append([])
        parts[-1].append(row)
    return parts


def _join_split_rows(rows: list[Row]) -> list[Row]:
    joined: list[Row] = []
    i = 0
    while i < len(rows):
        width = len(joined[-1]) if joined else 0
        count = _split_row_count(rows, i, width)
        # Prefer the reading in which the following rows fit: if the rows after this one
        # are the pieces of a row as wide as this one, this one is a whole row.
        if count > 1 and _split_row_count(rows, i + 1, len(rows[i])) == 1:
            joined.append([cell for row in rows[i : i + count] for cell in row])
            i += count
        else:
            joined.append(rows[i])
            i += 1
    return joined


def _split_row_count(rows: list[Row], start: int, width: int) -> int:
    """How many rows from ``start`` are the pieces of one row of ``width`` cells (1: none)."""
    total = 0
    for end in range(start, len(rows)):
        if end > start and _is_title_row(rows[end]):
            return 1
        total += len(rows[end])
        if total >= width:
            pieces = rows[start : end + 1]
            same_shape = len({len(row) for row in pieces}) == 1
            return len(pieces) if total == width and len(pieces) > 1 and not same_shape else 1
    return 1


def _trim_empty_rows(rows: list[Row]) -> list[Row]:
    """Rows without any text at the table's start or end (an empty TAB line) are dropped."""
    filled = [i for i, row in enumerate(rows) if any(row)]
    return rows[filled[0] : filled[-1] + 1] if filled else rows


def _to_table(rows: list[Row], printed: bool = False) -> Table:
    """The rows as a grid, short rows padded; ``printed``: the rows are as a web page
    printed them (merged-over cells left out), so each row's own width is kept too."""
    rows = _trim_empty_rows(rows)
    width = max(len(row) for row in rows)
    grid = tuple(
        tuple(_cell_text(cell) for cell in row) + ("",) * (width - len(row)) for row in rows
    )
    widths = tuple(len(row) for row in rows) if printed else ()
    return Table(rows=grid, printed_widths=widths)
