"""The one document model every reader produces and every parser consumes.

A Document is an ordered list of blocks (Paragraph or Table). Each block knows where it
came from: the PDF page (1-based; None for DOCX/TXT) and its character offsets into
``Document.text``, the document's full extracted text. ``Document.text`` is exactly the
blocks' texts joined by a single newline, so ``text[b.char_start:b.char_end] == b.text``
for every block.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

BLOCK_SEPARATOR = "\n"
CELL_SEPARATOR = "\t"
ROW_SEPARATOR = "\n"


@dataclass(frozen=True)
class Paragraph:
    text: str
    page: int | None = None
    char_start: int = 0
    char_end: int = 0


@dataclass(frozen=True)
class Table:
    """A grid of cell strings with merged cells resolved.

    A merged cell's text is repeated into every grid position it covers; ``merged`` holds
    the (row, col) positions that are covered by a merge and are not the merge's origin
    (top-left) cell. ``row_pages`` gives the PDF page of each row (None outside PDF).
    """

    rows: tuple[tuple[str, ...], ...]
    merged: frozenset[tuple[int, int]] = frozenset()
    page: int | None = None
    page_end: int | None = None
    row_pages: tuple[int | None, ...] = ()
    char_start: int = 0
    char_end: int = 0
    # The number of cells each row was printed with, for a source that leaves out the
    # cells a merge covers instead of leaving them empty (a web table printed one row per
    # line with | between cells); empty when every row holds all its positions.
    printed_widths: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return table_text(self.rows)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, col: int) -> str:
        cells = self.rows[row]
        return cells[col] if col < len(cells) else ""

    def is_merged(self, row: int, col: int) -> bool:
        return (row, col) in self.merged

    def page_of_row(self, row: int) -> int | None:
        if row < len(self.row_pages):
            return self.row_pages[row]
        return self.page


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    source_path: str
    file_format: str  # pdf, docx, txt
    blocks: tuple[Block, ...]
    text: str
    page_count: int | None = None
    ocr_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def page_at(self, offset: int) -> int | None:
        """The page of the block holding character ``offset`` (None outside PDF)."""
        block = block_at(self.blocks, self._block_starts, offset)
        return block.page if block is not None else None

    @cached_property
    def _block_starts(self) -> list[int]:
        return [block.char_start for block in self.blocks]


B = TypeVar("B", Paragraph, Table, Paragraph | Table)


def block_at(blocks: Sequence[B], starts: Sequence[int], offset: int) -> B | None:
    """The first of ``blocks`` (in text order, ``starts`` their char_start) whose span, its
    end included, holds ``offset``: a binary search, not a scan (amounts ask once each)."""
    i = bisect_right(starts, offset) - 1
    # Spans may touch (end + 1 == next start): the earlier block wins, as in a scan.
    if i > 0 and blocks[i - 1].char_end >= offset:
        i -= 1
    if i >= 0 and blocks[i].char_start <= offset <= blocks[i].char_end:
        return blocks[i]
    return None


def table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    """A table's text as it stands in ``Document.text``: cells by TAB, rows by newline.

    Newlines inside a cell become spaces so that one row stays one line.
    """
    return ROW_SEPARATOR.join(
        CELL_SEPARATOR.join(cell.replace("\n", " ").replace("\t", " ") for cell in row)
        for row in rows
    )


def assemble(
    source_path: str,
    file_format: str,
    blocks: list[Paragraph | Table],
    page_count: int | None = None,
    ocr_pages: tuple[int, ...] = (),
    warnings: tuple[str, ...] = (),
) -> Document:
    """Build a Document from blocks in reading order, assigning character offsets.

    Readers create blocks with any offsets; this is the one place offsets are computed.
    Empty paragraphs are dropped.
    """
    placed: list[Paragraph | Table] = []
    parts: list[str] = []
    offset = 0
    for block in blocks:
        text = block.text
        if isinstance(block, Paragraph) and not text.strip():
            continue
        if isinstance(block, Table) and not block.rows:
            continue
        if parts:
            offset += len(BLOCK_SEPARATOR)
        start, end = offset, offset + len(text)
        if isinstance(block, Paragraph):
            placed.append(Paragraph(text=text, page=block.page, char_start=start, char_end=end))
        else:
            placed.append(
                Table(
                    rows=block.rows,
                    merged=block.merged,
                    page=block.page,
                    page_end=block.page_end if block.page_end is not None else block.page,
                    row_pages=block.row_pages or tuple(block.page for _ in block.rows),
                    char_start=start,
                    char_end=end,
                    printed_widths=block.printed_widths,
                )
            )
        parts.append(text)
        offset = end
    return Document(
        source_path=source_path,
        file_format=file_format,
        blocks=tuple(placed),
        text=BLOCK_SEPARATOR.join(parts),
        page_count=page_count,
        ocr_pages=ocr_pages,
        warnings=warnings,
    )
