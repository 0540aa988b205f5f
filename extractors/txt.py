"""TXT reader: decode the bytes, then rebuild paragraphs and flattened tables.

A long text is read in segments cut at paragraph boundaries (a blank line between two
lines of prose), and the time limit is checked between segments: past it, the rest is
left unread and the document says so (a ReadWarning makes it partial), as the PDF reader
does between pages. A real report (about a thousand lines) is one segment.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from extractors.encoding import decode_text
from extractors.errors import ReadError
from extractors.formats import sniff_format
from extractors.model import Document, Paragraph, Table, assemble
from extractors.settings import raise_setting
from extractors.txt_tables import rebuild_tables

_DISGUISED = {"pdf": "a PDF", "zip": "a zip archive (DOCX/XLSX)"}
SEGMENT_LINES = 4000  # lines read between two looks at the clock


def read_txt(data: bytes, source_path: str, time_limit_s: float | None = None) -> Document:
    """A Document from a TXT file's bytes, read for at most ``time_limit_s`` seconds.

    Raises ``ReadError`` (EmptyFile, CorruptFile, WrongExtension) when the bytes hold no
    readable text.
    """
    started = time.monotonic()
    sniffed = sniff_format(data)
    if sniffed in _DISGUISED:
        raise ReadError(
            "WrongExtension",
            f"not a text file: the file is named .txt but its bytes are {_DISGUISED[sniffed]}",
        )
    decoded = decode_text(data)
    lines = decoded.text.split("\n")
    blocks: list[Paragraph | Table] = []
    warnings = list(decoded.warnings)
    for start, end in segments(lines):
        if time_limit_s is not None and start and time.monotonic() - started > time_limit_s:
            warnings.append(
                f"time limit: stopped after line {start} of {len(lines)} ({time_limit_s:g} s); "
                f"{raise_setting('read.time_limit_s')} to read it all"
            )
            break
        blocks += rebuild_tables(lines[start:end])
    return assemble(source_path, "txt", blocks, warnings=tuple(warnings))


def segments(lines: Sequence[str], size: int = SEGMENT_LINES) -> Iterator[tuple[int, int]]:
    """(start, end) ranges covering ``lines``, each cut before the first paragraph boundary
    at least ``size`` lines after its start (a table is never cut, however long)."""
    start = 0
    while True:
        end = next(
            (i for i in range(start + size, len(lines)) if _paragraph_starts(lines, i)), None
        )
        if end is None:
            yield start, len(lines)
            return
        yield start, end
        start = end


def _paragraph_starts(lines: Sequence[str], i: int) -> bool:
    """Line ``i`` is prose after a blank line, and the line before the blank is prose too."""
    return (
        i < len(lines)
        and i >= 2
        and not lines[i - 1].strip()
        and bool(lines[i].strip())
        and not _tabular(lines[i])
        and not _tabular(lines[i - 2])
    )


def _tabular(line: str) -> bool:
    return "\t" in line or "|" in line
