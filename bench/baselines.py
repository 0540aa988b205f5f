"""What a one-off script would do with the same files: the yardsticks jixiao is measured against.

Each baseline reads a list of files and returns how many units it read (pages for PDF,
documents for DOCX and TXT), so the runner can turn wall time into a rate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pdfplumber
import pypdfium2 as pdfium


def pdfplumber_naive(paths: Sequence[Path]) -> int:
    """``extract_text()`` and ``extract_tables()`` on every page."""
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()
                pages += 1
    return pages


def pdfplumber_bare(paths: Sequence[Path]) -> int:
    """``extract_text()`` only on every page."""
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages


def pdfium_text(paths: Sequence[Path]) -> int:
    """PDFium's text of every page: the practical floor for reading a PDF's text."""
    pages = 0
    for path in paths:
        document = pdfium.PdfDocument(path)
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
        finally:
            document.close()
    return pages


def python_docx(paths: Sequence[Path]) -> int:
    """python-docx opening each file and reading every paragraph and every table cell."""
    for path in paths:
        document = docx.Document(str(path))
        for paragraph in document.paragraphs:
            _ = paragraph.text
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    _ = cell.text
    return len(paths)


def txt_read(paths: Sequence[Path]) -> int:
    """Reading each TXT file as UTF-8 text."""
    for path in paths:
        path.read_text(encoding="utf-8", errors="replace")
    return len(paths)


Baseline = Callable[[Sequence[Path]], int]

BASELINES: dict[str, tuple[tuple[str, Baseline], ...]] = {
    "pdf": (
        ("naive pdfplumber", pdfplumber_naive),
        ("bare pdfplumber", pdfplumber_bare),
        ("PDFium text", pdfium_text),
    ),
    "docx": (("python-docx", python_docx),),
    "txt": (("read file", txt_read),),
}
