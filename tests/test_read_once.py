"""A raw file's bytes are read once: the hash, the format sniffing and the reader all work on
one buffer. Counted by the kernel (inotify), so an open by PDFium or a worker counts too."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from dagster import DagsterInstance

import jixiao.manifest
from cli.main import main
from extractors.dispatch import read_document
from extractors.settings import ReadSettings
from jixiao.processing import process_file
from jixiao.runner import partition_key, scan_raw
from jixiao.store import CuratedStore
from pipeline.assets import DOCUMENTS
from pipeline.local import materialize_partitions
from pipeline.resources import JixiaoResource
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


# -- a whole run: `jixiao extract` and a Dagster run of the asset ---------------------------


@pytest.fixture
def snapshot_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The manifest snapshots parsed in this process (where every commit is made)."""
    reads: list[Path] = []
    parse = jixiao.manifest._parse_snapshot

    def counting(data: bytes, key: tuple[object, ...], path: Path) -> object:
        reads.append(path)
        return parse(data, key, path)

    monkeypatch.setattr(jixiao.manifest, "_parse_snapshot", counting)
    return reads


def _extract(raw: Path, out: Path, home: Path) -> None:
    """`jixiao extract` without the published layer (a run of its own, which reads the
    curated store as one snapshot)."""
    argv = ["extract", str(raw), "--out", str(out), "--dagster-home", str(home), "--no-publish"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(argv) == 0


def test_an_extract_run_reads_each_changed_file_once_and_the_manifest_once(
    tmp_path: Path, snapshot_reads: list[Path]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for suffix in ("pdf", "docx", "txt"):
        shutil.copy(SAMPLES / f"{EBIAN}.{suffix}", raw / f"report.{suffix}")
    out, home = tmp_path / "curated", tmp_path / "home"
    with counting_opens(raw) as opens:
        _extract(raw, out, home)
    assert {p.name: n for p, n in opens.counts.items()} == {
        "report.pdf": 1,
        "report.docx": 1,
        "report.txt": 1,
    }
    assert opens.listings == {raw: 1}

    # A second run: one file grown, one new, one unchanged (neither hashed nor read).
    with open(raw / "report.txt", "a", encoding="utf-8") as grown:
        grown.write("\n附：本报告经局务会审议。\n")
    shutil.copy(SAMPLES / "yueyanglou-2023-dept-self-eval.txt", raw / "new.txt")
    snapshot_reads.clear()
    with counting_opens(raw) as opens:
        _extract(raw, out, home)
    assert {p.name: n for p, n in opens.counts.items()} == {"report.txt": 1, "new.txt": 1}
    assert opens.listings == {raw: 1}
    assert snapshot_reads == [out / "_jixiao" / "manifest.json"]
    assert sorted(CuratedStore(out).load_manifest()) == [
        "new.txt",
        "report.docx",
        "report.pdf",
        "report.txt",
    ]


def test_a_dagster_run_lists_the_raw_folder_once_and_reads_each_file_once(
    tmp_path: Path, snapshot_reads: list[Path]
) -> None:
    raw = tmp_path / "raw"
    names = _one_of_each_format(raw)
    out = tmp_path / "curated"
    process_file(scan_raw(raw)[0], raw, CuratedStore(out))  # a manifest to read
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(out), run={"workers": 2})
    instance = DagsterInstance.ephemeral()
    keys = [partition_key(name) for name in names]
    instance.add_dynamic_partitions(DOCUMENTS, keys)
    snapshot_reads.clear()
    try:
        with counting_opens(raw) as opens:
            outcome = materialize_partitions(instance, resource, keys)
    finally:
        instance.dispose()
    assert outcome.success, outcome.message
    assert {p.name: n for p, n in opens.counts.items()} == dict.fromkeys(names, 1)
    assert opens.listings == {raw: 1}
    assert snapshot_reads == [out / "_jixiao" / "manifest.json"]
