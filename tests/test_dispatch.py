"""The reader is chosen by what a file's bytes are, and a lie in its name is reported."""

from pathlib import Path

import pytest

from extractors.dispatch import read_document
from extractors.errors import ReadError
from extractors.formats import sniff_format
from extractors.settings import ReadSettings

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def read_error_of(path: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document(path.read_bytes(), path.name, ReadSettings())
    return caught.value


def test_pdf_bytes_are_sniffed_as_pdf() -> None:
    assert sniff_format(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n") == "pdf"


def test_text_named_pdf_is_a_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("一、部门基本情况", encoding="utf-8")
    error = read_error_of(path)
    assert error.error_type == "WrongExtension"
    assert error.message == "not a PDF: the file is named .pdf but its bytes are not a PDF"


def test_password_protected_docx_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(OLE_HEADER)
    assert read_error_of(path).error_type == "EncryptedDOCX"


def test_empty_file_is_reported_before_any_reader_runs(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"")
    assert read_error_of(path).error_type == "EmptyFile"


@pytest.mark.parametrize("name", ["report.doc", "report.wps", "scan.png"])
def test_unsupported_format_names_what_is_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    error = read_error_of(path)
    assert error.error_type == "UnsupportedFormat"
    assert "jixiao reads .pdf, .docx, .txt, .xlsx, .xls and .html" in error.message


@pytest.mark.parametrize("name", ["report.doc", "report.wps"])
def test_word_formats_that_are_not_read_say_how_to_convert(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(OLE_HEADER)
    assert read_error_of(path).message.endswith("save it as .docx")


def test_legacy_workbook_named_xlsx_is_a_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(OLE_HEADER)
    error = read_error_of(path)
    assert error.error_type == "WrongExtension"
    assert "rename it .xls" in error.message


def test_web_page_named_xls_says_it_is_a_web_page(tmp_path: Path) -> None:
    path = tmp_path / "table.xls"
    path.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    error = read_error_of(path)
    assert error.error_type == "WrongExtension"
    assert (
        error.message == "not a workbook: the file is named .xls but is a web page: rename it .html"
    )


def test_pdf_named_html_is_a_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"%PDF-1.7\n")
    error = read_error_of(path)
    assert error.error_type == "WrongExtension"
    assert error.message == "not a web page: the file is named .html but its bytes are a PDF"
