"""A raw file's bytes are read once: the hash, the format sniffing and the reader all work on
one buffer. Counted by the kernel (inotify), so an open by PDFium or a worker counts too."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from extractors.dispatch import read_document
from extractors.settings import ReadSettings
from jixiao.runner import process_file, scan_raw
from jixiao.store import CuratedStore
from tests.format_builders import html_of, xlsx_of_tables
from tests.support.file_opens import counting_opens

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = "ebian-2024-dept-self-eval"
JIAYUGUAN = "jiayuguan-2021-dept-self-eval"  # its tables make the workbook


def _one_of_each_format(raw: Path) -> list[str]:
    raw.mkdir()
    for suffix in ("pdf", "docx", "txt"):
        shutil.copy(SAMPLES / f"{EBIAN}.{suffix}", raw / f"report.{suffix}")
    docx = read_document((SAMPLES / f"{JIAYUGUAN}.docx").read_bytes(), "j.docx", ReadSettings())
    (raw / "report.html").write_bytes(html_of(docx))
    xlsx_of_tables(docx, raw / "report.xlsx")
    return sorted(p.name for p in raw.iterdir())


def test_processing_a_file_opens_it_once_whatever_its_format(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    names = _one_of_each_format(raw)
    store = CuratedStore(tmp_path / "curated")
    files = scan_raw(raw)
    with counting_opens(raw) as opens:
        outcomes = [process_file(f, raw, store) for f in files]
    assert [o.result.document.status for o in outcomes] == ["ok"] * len(names)
    assert {p.name: n for p, n in opens.counts.items()} == dict.fromkeys(names, 1)


def test_the_manifest_records_the_hash_of_the_bytes_that_were_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES / f"{EBIAN}.txt", raw / "report.txt")
    store = CuratedStore(tmp_path / "curated")
    [raw_file] = scan_raw(raw)
    outcome = process_file(raw_file, raw, store)
    entry = store.load_manifest()["report.txt"]
    digest = hashlib.sha256((raw / "report.txt").read_bytes()).hexdigest()
    assert (entry.sha256, entry.doc_id) == (digest, digest[:16])
    assert outcome.result.doc_id == digest[:16]


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_reader_given_bytes_never_opens_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"report.{suffix}"
    shutil.copy(SAMPLES / f"{EBIAN}.{suffix}", path)
    data = path.read_bytes()
    with counting_opens(tmp_path) as opens:
        doc = read_document(data, path.name, ReadSettings())
    assert doc.blocks
    assert opens.counts == {}
