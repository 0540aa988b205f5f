"""The benchmark's corpus builder and baselines (no timing here: the benchmark measures that)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.baselines import BASELINES
from bench.corpus import SAMPLES, build_corpus, concat_pdf, page_count, samples_of, vary_docx
from extractors.dispatch import read_document
from extractors.settings import ReadSettings

KINDS_AND_COPIES = [("txt", 7), ("docx", 5), ("pdf", 4)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("kind", "count"), KINDS_AND_COPIES)
def test_corpus_copies_all_have_different_content_hashes(tmp_path: Path, kind: str, count: int):
    files = build_corpus(kind, count, tmp_path)

    assert len(files) == count
    assert len({_sha256(f) for f in files}) == count


@pytest.mark.parametrize(("kind", "count"), KINDS_AND_COPIES)
def test_corpus_copies_differ_from_every_sample(tmp_path: Path, kind: str, count: int):
    sample_hashes = {_sha256(s) for s in samples_of(kind)}

    files = build_corpus(kind, count, tmp_path)

    assert not sample_hashes & {_sha256(f) for f in files}


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_corpus_copy_reads_as_the_same_report_as_its_sample(tmp_path: Path, kind: str):
    sample = samples_of(kind)[0]
    copy = build_corpus(kind, 1, tmp_path)[0]

    original = read_document(sample.read_bytes(), sample.name, ReadSettings())
    varied = read_document(copy.read_bytes(), copy.name, ReadSettings())

    assert varied.warnings == original.warnings
    # Every block of the sample is still there, in order (TXT gains one trailing line).
    assert [b.text for b in varied.blocks][: len(original.blocks)] == [
        b.text for b in original.blocks
    ]


def test_docx_copy_names_itself_in_the_identifier_core_property():
    data = (SAMPLES / "ebian-2024-dept-self-eval.docx").read_bytes()

    with zipfile.ZipFile(io.BytesIO(vary_docx(data, 41))) as package:
        core = package.read("docProps/core.xml")

    assert b"<dc:identifier>jixiao-bench-41</dc:identifier>" in core
    assert b"<dc:title>" in core  # the other properties stay


def test_pdf_copy_keeps_its_page_count(tmp_path: Path):
    sample = SAMPLES / "ebian-2024-dept-self-eval.pdf"

    copy = build_corpus("pdf", 1, tmp_path)[0]

    assert page_count(copy) == page_count(sample) == 11


def test_concatenated_pdf_has_exactly_the_pages_asked_for(tmp_path: Path):
    out = concat_pdf(samples_of("pdf"), 30, tmp_path / "big.pdf")

    document = pdfium.PdfDocument(out)
    try:
        # ebian (11 pages) + jiayuguan (13) + the first 6 of ebian again
        assert len(document) == 30
        first = document[0].get_textpage().get_text_range()
        repeated = document[24].get_textpage().get_text_range()
    finally:
        document.close()
    assert first == repeated


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("pdf", "naive pdfplumber", 11),
        ("pdf", "bare pdfplumber", 11),
        ("pdf", "PDFium text", 11),
        ("docx", "python-docx", 1),
        ("txt", "read file", 1),
    ],
)
def test_baseline_reads_one_small_file(kind: str, name: str, expected: int):
    sample = SAMPLES / f"ebian-2024-dept-self-eval.{kind}"
    baseline = dict(BASELINES[kind])[name]

    assert baseline([sample]) == expected
