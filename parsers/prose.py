"""The prose of a document: its Paragraph blocks, grouped into runs scanned as one text.

Consecutive paragraphs form one run so that a number broken by a PDF line break
(``1022.\\n89万元``) is still found; a table, or a table cell a TXT reader left as a
paragraph, ends a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from extractors.model import Document, Paragraph, block_at


@dataclass(frozen=True)
class ProseRun:
    """Consecutive prose paragraphs, scanned as one text."""

    paragraphs: tuple[Paragraph, ...]
    start: int
    end: int

    @cached_property
    def starts(self) -> list[int]:
        return [paragraph.char_start for paragraph in self.paragraphs]


def prose_runs(doc: Document) -> list[ProseRun]:
    runs: list[ProseRun] = []
    current: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and not is_table_cell(block):
            current.append(block)
            continue
        if current:
            runs.append(ProseRun(tuple(current), current[0].char_start, current[-1].char_end))
            current = []
    if current:
        runs.append(ProseRun(tuple(current), current[0].char_start, current[-1].char_end))
    return runs


def is_table_cell(paragraph: Paragraph) -> bool:
    # A TXT export line starting with TAB is a table cell the reader did not assemble
    # into a Table; its figures are the table parser's, not prose.
    return paragraph.text.startswith("\t")


def paragraph_at(run: ProseRun, offset: int) -> Paragraph:
    found = block_at(run.paragraphs, run.starts, offset)
    return found if found is not None else run.paragraphs[-1]
