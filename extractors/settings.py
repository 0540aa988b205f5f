"""How one document is read: limits, the PDF path and OCR (named, documented defaults).

Every field is a setting a user can change (``jixiao.settings`` gathers them with the
run's other settings into the one ``Settings``): its metadata holds the line that documents
it (the README's settings table and the Dagster resource's descriptions are made from it)
and the least value it accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MIB = 1024 * 1024
SET_HOW = "jixiao.toml or --set"


def setting(default: Any, doc: str, minimum: float = 0, maximum: float | None = None) -> Any:
    """A settings field: its default, the line documenting it, the range it accepts."""
    return field(default=default, metadata={"doc": doc, "min": minimum, "max": maximum})


def raise_setting(key: str) -> str:
    """How a message asks for a higher limit: by the key the user sets it by."""
    return f"raise {key} ({SET_HOW})"


@dataclass(frozen=True)
class OcrSettings:
    """How a PDF page without a text layer is rendered and read (RapidOCR, PP-OCR models)."""

    enabled: bool = setting(
        True, "OCR the PDF pages that have no text layer (off: a scan-only PDF fails NoTextLayer)"
    )
    time_per_page_s: float = setting(
        30.0, "seconds granted on top of read.time_limit_s for each page sent to OCR"
    )
    scale: float = setting(
        2.0, "render scale: 1.0 = 72 dpi, 2.0 = 144 dpi (PP-OCR resizes to at most 2000 px)", 0.1
    )
    min_score: float = setting(0.5, "recognised text less certain than this is dropped", 0, 1)
    cell_gap: float = setting(
        1.5, "a gap wider than this many line heights between fragments splits table cells"
    )
    min_table_rows: int = setting(2, "consecutive rows split into cells that make a table", 1)
    same_row: float = setting(
        0.5, "fragments overlapping vertically by this share of the lower one share a row", 0, 1
    )
    threads: int = setting(0, "ONNX Runtime threads per worker process; 0 lets ONNX Runtime decide")
    # PP-OCR's 180° classifier turns short upright boxes over ("≥90%" read as "%06").
    angle_classifier: bool = setting(
        False, "PP-OCR's 180° classifier (report scans are upright; it turns short boxes over)"
    )


@dataclass(frozen=True)
class ReadSettings:
    """Limits for reading one document, the PDF path, and OCR."""

    max_pages: int = setting(500, "PDF pages read; the rest are left unread, with a warning", 1)
    time_limit_s: float = setting(
        120.0, "seconds to read one document; the pages not reached are left, with a warning"
    )
    max_docx_uncompressed_bytes: int = setting(
        200 * MIB, "a DOCX or XLSX expanding to more bytes is refused as a zip bomb", 1
    )
    # Checked only on parts of at least 1 MB (64 MB for a Word body, which compresses
    # further): small XML parts routinely compress 30-100x and are harmless.
    max_docx_compression_ratio: float = setting(
        100.0, "a large DOCX or XLSX part compressed more than this is refused as a zip bomb", 1
    )
    # openpyxl needs about 1 s per MB; a real 自评表 sheet is well under 1 MB.
    max_sheet_xml_bytes: int = setting(
        4 * MIB, "an XLSX sheet whose XML is larger is refused before it is parsed", 1
    )
    # openpyxl makes an object for every position a sheet spans, filled or not.
    max_sheet_cells: int = setting(
        200_000, "a sheet spanning more cells (rows x columns) is skipped, with a warning", 1
    )
    max_html_depth: int = setting(
        2_000, "a web page nested deeper is refused (browsers stop far earlier)", 1
    )
    pdf_all_pdfplumber: bool = setting(
        False, "read every PDF page with pdfplumber instead of PDFium (the slow reference path)"
    )
    ocr: OcrSettings = field(default_factory=OcrSettings)
