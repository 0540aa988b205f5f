"""The curated store: Hive layout, contract schemas, atomic and deterministic writes, manifest."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from jixiao.processing import process_file
from jixiao.runner import plan, scan_raw
from jixiao.schema import TABLES, TABLES_BY_NAME
from jixiao.store import (
    CuratedStore,
    ManifestEntry,
    empty_tables,
    part_path,
    write_parquet_atomic,
)

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN_TXT = "ebian-2024-dept-self-eval.txt"
YUEYANGLOU_TXT = "yueyanglou-2023-dept-self-eval.txt"


def _raw(tmp_path: Path, *names: str) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, raw / name)
    return raw


def _extract_all(raw: Path, store: CuratedStore) -> None:
    for f in plan(scan_raw(raw), store.load_manifest()).stale:
        process_file(f, raw, store)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def _documents(store: CuratedStore) -> dict[str, str]:
    table = store.read_table("documents")
    return dict(zip(table["source_path"].to_pylist(), table["doc_id"].to_pylist(), strict=True))


def test_every_table_is_written_for_every_document_with_the_contract_schema(tmp_path):
    raw = _raw(tmp_path, EBIAN_TXT, YUEYANGLOU_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    doc_ids = set(_documents(store).values())
    assert len(doc_ids) == 2
    for spec in TABLES:
        for doc_id in doc_ids:
            table = pq.read_table(part_path(store.root, spec.name, doc_id), partitioning=None)
            assert table.schema.names == list(spec.column_names)
            assert [f.type for f in table.schema] == [f.type for f in spec.schema]
            assert set(table["doc_id"].to_pylist()) <= {doc_id}


def test_an_empty_table_keeps_its_columns(tmp_path):
    store = CuratedStore(tmp_path / "out")
    entry = ManifestEntry("00000000000000aa", 1, 1, "00" * 32, "0.1.0")
    store.commit("a.txt", entry, empty_tables())
    table = pq.read_table(part_path(store.root, "indicators", entry.doc_id), partitioning=None)
    assert table.num_rows == 0
    assert table.schema == TABLES_BY_NAME["indicators"].schema


def test_duckdb_pandas_and_pyarrow_read_a_table_as_one(tmp_path):
    raw = _raw(tmp_path, EBIAN_TXT, YUEYANGLOU_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    documents = store.root / "documents"
    rows = duckdb.sql(
        f"select doc_id, source_path from read_parquet('{documents}/**/*.parquet', "
        "hive_partitioning=1) order by source_path"
    ).fetchall()
    assert [r[1] for r in rows] == [EBIAN_TXT, YUEYANGLOU_TXT]
    frame = pd.read_parquet(documents, partitioning=None)
    assert sorted(frame["source_path"]) == [EBIAN_TXT, YUEYANGLOU_TXT]
    dataset = ds.dataset(documents, format="parquet", partitioning="hive")
    assert dataset.to_table().num_rows == 2
    assert dataset.schema.field("doc_id").type == pa.string()


def test_same_rows_give_byte_identical_files(tmp_path):
    raw = _raw(tmp_path, EBIAN_TXT)
    first, second = CuratedStore(tmp_path / "a"), CuratedStore(tmp_path / "b")
    _extract_all(raw, first)
    _extract_all(raw, second)
    assert _files(first.root) == _files(second.root)
    assert len(_files(first.root)) == len(TABLES)


def test_unchanged_file_is_not_stale_even_with_a_new_mtime(tmp_path):
    raw = _raw(tmp_path, EBIAN_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    path = raw / EBIAN_TXT
    path.touch()
    result = plan(scan_raw(raw), store.load_manifest())
    assert result.stale == ()
    assert [f.source_path for f in result.unchanged] == [EBIAN_TXT]
    assert list(result.touched) == [EBIAN_TXT]


def test_changed_file_replaces_its_partitions(tmp_path):
    raw = _raw(tmp_path, EBIAN_TXT, YUEYANGLOU_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    before = _documents(store)
    path = raw / EBIAN_TXT
    path.write_bytes(path.read_bytes().replace("96分".encode(), "95分".encode(), 1))
    stale = plan(scan_raw(raw), store.load_manifest()).stale
    assert [f.source_path for f in stale] == [EBIAN_TXT]
    outcome = process_file(stale[0], raw, store)
    after = _documents(store)
    assert outcome.replaced_doc_id == before[EBIAN_TXT]
    assert after[EBIAN_TXT] != before[EBIAN_TXT]
    assert after[YUEYANGLOU_TXT] == before[YUEYANGLOU_TXT]
    assert store.stored_doc_ids() == set(after.values())


def test_deleted_file_rows_are_removed(tmp_path):
    raw = _raw(tmp_path, EBIAN_TXT, YUEYANGLOU_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    (raw / EBIAN_TXT).unlink()
    deleted = plan(scan_raw(raw), store.load_manifest()).deleted
    assert deleted == (EBIAN_TXT,)
    store.forget(list(deleted))
    assert list(_documents(store)) == [YUEYANGLOU_TXT]
    assert list(store.load_manifest()) == [YUEYANGLOU_TXT]


def _two_copies(tmp_path: Path) -> tuple[Path, CuratedStore]:
    raw = _raw(tmp_path, EBIAN_TXT)
    (raw / "copy").mkdir()
    shutil.copy(raw / EBIAN_TXT, raw / "copy" / EBIAN_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    return raw, store


COPY = f"copy/{EBIAN_TXT}"


def test_identical_copies_get_one_documents_row_each_and_share_one_partition(tmp_path):
    _, store = _two_copies(tmp_path)
    documents = _documents(store)
    assert sorted(documents) == sorted([EBIAN_TXT, COPY])
    assert documents[EBIAN_TXT] == documents[COPY]
    assert store.stored_doc_ids() == {documents[COPY]}
    assert set(store.read_table("amounts")["doc_id"].to_pylist()) == {documents[COPY]}


def test_identical_copies_survive_deleting_one_with_the_remaining_path(tmp_path):
    raw, store = _two_copies(tmp_path)
    (raw / EBIAN_TXT).unlink()
    store.forget(list(plan(scan_raw(raw), store.load_manifest()).deleted))
    assert list(_documents(store)) == [COPY]


def test_editing_one_of_two_identical_copies_gives_each_path_its_own_row(tmp_path):
    raw, store = _two_copies(tmp_path)
    shared = _documents(store)[COPY]
    path = raw / EBIAN_TXT
    path.write_bytes(path.read_bytes().replace("96分".encode(), "95分".encode(), 1))
    _extract_all(raw, store)
    documents = _documents(store)
    assert sorted(documents) == sorted([EBIAN_TXT, COPY])
    assert documents[COPY] == shared
    assert documents[EBIAN_TXT] != shared
    assert store.stored_doc_ids() == {shared, documents[EBIAN_TXT]}


def test_atomic_writes_leave_no_temp_files(tmp_path):
    raw = _raw(tmp_path, EBIAN_TXT, YUEYANGLOU_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    leftovers = [p for p in store.root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_crash_before_the_manifest_is_completed_by_the_next_run(tmp_path):
    """Partitions written but the manifest not: the file is still stale, and the orphan goes."""
    raw = _raw(tmp_path, EBIAN_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    old_id = _documents(store)[EBIAN_TXT]
    manifest_before = store.load_manifest()
    path = raw / EBIAN_TXT
    path.write_bytes(path.read_bytes() + "\n补记。\n".encode())
    _extract_all(raw, store)
    store.save_manifest(manifest_before)  # as if the run died before recording its work
    shutil.copytree(
        store.root / "documents" / f"doc_id={_documents(store)[EBIAN_TXT]}",
        store.root / "documents" / "doc_id=ffffffffffffffff",
    )
    assert [f.source_path for f in plan(scan_raw(raw), store.load_manifest()).stale] == [EBIAN_TXT]
    _extract_all(raw, store)
    assert store.prune_orphans() == ["ffffffffffffffff"]
    assert old_id not in store.stored_doc_ids()
    assert plan(scan_raw(raw), store.load_manifest()).stale == ()


def test_a_failed_write_leaves_the_previous_file(tmp_path, monkeypatch):
    store = CuratedStore(tmp_path / "out")
    entry = ManifestEntry("00000000000000aa", 1, 1, "00" * 32, "0.1.0")
    store.commit("a.txt", entry, empty_tables())
    target = part_path(store.root, "documents", entry.doc_id)
    before = target.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", boom)
    with pytest.raises(OSError):
        store.commit("a.txt", entry, empty_tables())
    assert target.read_bytes() == before
    assert [p for p in target.parent.iterdir() if p.name != "part.parquet"] == []


def test_reading_back_a_document_returns_its_previous_tables(tmp_path):
    raw = _raw(tmp_path, YUEYANGLOU_TXT)
    store = CuratedStore(tmp_path / "out")
    _extract_all(raw, store)
    doc_id = _documents(store)[YUEYANGLOU_TXT]
    tables = store.read_document(doc_id)
    assert tables is not None
    assert set(tables) == {spec.name for spec in TABLES}
    assert tables["documents"]["source_path"].to_pylist() == [YUEYANGLOU_TXT]
    assert store.read_document("0123456789abcdef") is None


def test_diff_reports_a_deleted_copy_of_identical_bytes_as_removed(tmp_path):
    from cli.main import diff_outputs

    raw, store = _two_copies(tmp_path)
    shutil.copytree(store.root, tmp_path / "new")
    new = CuratedStore(tmp_path / "new")
    (raw / COPY).unlink()
    new.forget(list(plan(scan_raw(raw), new.load_manifest()).deleted))
    report = diff_outputs(store, new)
    assert report.startswith("0 documents changed, 0 new, 1 removed")
    assert f"## {COPY}\n\n**removed**" in report


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_curated_files_are_written_with_the_mode_the_umask_allows(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_parquet_atomic(empty_tables()["amounts"], tmp_path / "part.parquet")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "part.parquet").stat().st_mode) == mode
