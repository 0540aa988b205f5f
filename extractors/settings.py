"""How one document is read: limits and tolerances (named, documented defaults)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadSettings:
    """Limits and tolerances for reading one document (named, documented defaults)."""

    max_pages: int = 500
    time_limit_s: float = 120.0
    max_docx_uncompressed_bytes: int = 200 * 1024 * 1024
    max_docx_compression_ratio: float = 100.0
    # Read every PDF page with pdfplumber (pdfminer) instead of PDFium: the slow reference path.
    pdf_all_pdfplumber: bool = False
    # OCR the PDF pages that have no text layer (loads the OCR engine on the first such page).
    ocr: bool = True
    # An XLSX sheet's XML above this size is refused before it is parsed (a real 自评表
    # sheet is well under 1 MB; openpyxl needs about 1 s per MB).
    max_sheet_xml_bytes: int = 4 * 1024 * 1024
    # A sheet spanning more cells than this (rows x columns) is skipped with a warning:
    # openpyxl makes an object for every position a sheet spans, filled or not.
    max_sheet_cells: int = 200_000
    # A web page nested deeper than this is refused (browsers stop nesting far earlier).
    max_html_depth: int = 2_000
    # Time granted on top of time_limit_s for each page sent to OCR.
    ocr_time_per_page_s: float = 30.0
