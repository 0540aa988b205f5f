"""The bad-input corpus (tests/fixtures/bad/, built by scripts/make_bad_corpus.py): what
extraction makes of each file, exactly. None of them may stop a run or pass in silence."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractors.dispatch import read_document
from extractors.model import Table
from extractors.settings import ReadSettings
from jixiao.extraction import ExtractionResult, extract_file
from jixiao.isolation import IsolatedExtractor

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
SAMPLES = FIXTURES / "samples"
EBIAN_PDF = SAMPLES / "ebian-2024-dept-self-eval.pdf"

# file -> (status, error type, the one-line message of its documents row and error row)
REFUSED = {
    "empty.pdf": ("EmptyFile", "empty file: there is nothing to read"),
    "truncated.pdf": (
        "CorruptFile",
        "corrupt PDF: the file is truncated (no %%EOF at its end)",
    ),
    "encrypted.pdf": ("EncryptedPDF", "encrypted PDF: a password is required"),
    "zero-pages.pdf": ("EmptyPDF", "empty PDF: the file has no pages"),
    "text-named.pdf": (
        "WrongExtension",
        "not a PDF: the file is named .pdf but its bytes are not a PDF",
    ),
    "legacy.doc": (
        "UnsupportedFormat",
        "unsupported format .doc: jixiao reads .pdf, .docx, .txt, .xl"
        "sx, .xls and .html; open it in Word or WPS and save it as .docx",
    ),
    "spreadsheet.xlsx": (
        "CorruptFile",
        "corrupt XLSX: the workbook cannot be read (File contains no valid workbook part)",
    ),
    "scan.png": (
        "UnsupportedFormat",
        "unsupported format .png: jixiao reads .pdf, .docx, .txt, .xlsx, .xls and .html",
    ),
    "no-body.docx": ("NoText", "no text in the DOCX body: the document is empty"),
    "entity-bomb.docx": (
        "UnsafeXML",
        "unsafe XML refused: word/document.xml declares a DOCTYPE (w:document); "
        "Word never writes these",
    ),
    "zip-bomb.docx": (
        "ZipBomb",
        "zip bomb refused: word/document.xml expands 1027x (314,574,348 bytes; limit 100x, "
        "raise read.max_docx_compression_ratio (jixiao.toml or --set) if the file is trusted)",
    ),
}


def extract(name: str, settings: ReadSettings | None = None) -> ExtractionResult:
    return extract_file(BAD / name, BAD, settings)


def test_every_corpus_file_has_a_stated_outcome() -> None:
    stated = set(REFUSED) | {"gbk-mixed-line-ends.txt", "huge-table.txt"}
    assert {p.name for p in BAD.iterdir()} == stated


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_file_fails_with_one_typed_error_row(name: str) -> None:
    error_type, message = REFUSED[name]
    # A fresh worker per file, as a run isolates them (one process reading them in turn is
    # tested below).
    with IsolatedExtractor() as extractor:
        result = extractor.extract(BAD / name, BAD)
    assert result.document.status == "failed"
    assert result.document.error == message
    assert [(e.stage, e.error_type, e.message) for e in result.errors] == [
        ("read", error_type, message)
    ]
    assert result.document.source_path == name


def test_zero_page_pdf_read_after_an_encrypted_one_is_still_empty() -> None:
    extract("encrypted.pdf")
    assert extract("zero-pages.pdf").errors[0].error_type == "EmptyPDF"


def test_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    started = time.perf_counter()
    extract("zip-bomb.docx")
    assert time.perf_counter() - started < 1.0  # 300 MiB would take seconds to inflate


def test_gbk_text_with_mixed_line_ends_reads_like_the_utf8_sample() -> None:
    doc = read_document((BAD / "gbk-mixed-line-ends.txt").read_bytes(), "gbk.txt", ReadSettings())
    utf8_lines = (SAMPLES / "ebian-2024-dept-self-eval.txt").read_text(encoding="utf-8")
    expected = [line.strip() for line in utf8_lines.splitlines()[:30] if line.strip()]
    assert [b.text for b in doc.blocks] == expected
    assert doc.warnings == ()


def test_gbk_text_extracts_ok_with_its_department_and_year() -> None:
    result = extract("gbk-mixed-line-ends.txt")
    assert (result.document.status, result.errors) == ("ok", [])
    assert result.document.department == "峨边彝族自治县医疗保障局"
    assert result.document.fiscal_year == 2024


def test_huge_flattened_table_is_one_table_of_5001_rows() -> None:
    doc = read_document((BAD / "huge-table.txt").read_bytes(), "huge.txt", ReadSettings())
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].rows[0] == ("序号", "项目名称", "预算数", "执行数")
    assert tables[0].rows[-1] == ("5000", "项目5000", "54.00", "17.00")
    assert tables[0].n_rows == 5001


def test_huge_table_extracts_ok_within_seconds() -> None:
    started = time.perf_counter()
    result = extract("huge-table.txt")
    assert (result.document.status, result.errors) == ("ok", [])
    assert time.perf_counter() - started < 20


def test_time_limit_makes_a_pdf_partial_and_says_how_to_raise_it() -> None:
    result = extract_file(EBIAN_PDF, SAMPLES, ReadSettings(time_limit_s=0))
    assert result.document.status == "partial"
    assert [(e.stage, e.error_type, e.message) for e in result.errors] == [
        (
            "read",
            "ReadWarning",
            "time limit: stopped after 0 of 11 pages (0 s); "
            "raise read.time_limit_s (jixiao.toml or --set) to read them all",
        )
    ]


def test_page_limit_makes_a_pdf_partial_and_keeps_the_first_pages() -> None:
    result = extract_file(EBIAN_PDF, SAMPLES, ReadSettings(max_pages=2))
    assert result.document.status == "partial"
    assert result.document.error == (
        "page limit: read the first 2 of 11 pages; raise read.max_pages (jixiao.toml or --set) to read them all"
    )
    assert result.document.page_count == 11
    assert result.document.department == "峨边彝族自治县医疗保障局"


def test_a_bad_file_does_not_stop_the_good_ones_beside_it(tmp_path: Path) -> None:
    for name in ("encrypted.pdf", "zip-bomb.docx", "text-named.pdf"):
        (tmp_path / name).write_bytes((BAD / name).read_bytes())
    (tmp_path / "ebian.pdf").write_bytes(EBIAN_PDF.read_bytes())
    statuses = {
        p.name: extract_file(p, tmp_path).document.status for p in sorted(tmp_path.iterdir())
    }
    assert statuses == {
        "ebian.pdf": "ok",
        "encrypted.pdf": "failed",
        "text-named.pdf": "failed",
        "zip-bomb.docx": "failed",
    }
