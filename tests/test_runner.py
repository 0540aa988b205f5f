"""One odd entry in the raw folder is that entry's failure, never the run's."""

import os
import shutil
from pathlib import Path

import jixiao.runner
from jixiao.processing import process_file
from jixiao.runner import plan, scan_raw
from jixiao.store import CuratedStore

SAMPLE = Path(__file__).parent / "fixtures" / "samples" / "ebian-2024-dept-self-eval.txt"


def test_dangling_symlink_is_listed_not_fatal(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere.txt")

    assert [f.source_path for f in scan_raw(raw)] == [SAMPLE.name, "gone.txt"]


def test_dangling_symlink_becomes_a_failed_document(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (entry,) = scan_raw(raw)

    outcome = process_file(entry, raw, CuratedStore(tmp_path / "curated"))

    assert outcome.result.document.status == "failed"
    assert [e.error_type for e in outcome.result.errors] == ["OutsideRawRoot"]


def test_named_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / "pipe.txt")
    (entry,) = scan_raw(raw)

    outcome = process_file(entry, raw, CuratedStore(tmp_path / "curated"))

    assert outcome.result.document.status == "failed"
    assert [e.error_type for e in outcome.result.errors] == ["NotAFile"]


def _extract_twice(raw: Path, store: CuratedStore, monkeypatch) -> tuple[list[str], list[str]]:
    """Process what the first plan finds stale, then plan again with every open refused:
    the source paths stale the first time, and those stale the second time."""
    first = plan(scan_raw(raw), store.load_manifest()).stale
    for entry in first:
        process_file(entry, raw, store)

    def never(path: Path) -> str:
        raise AssertionError(f"{path} was opened to be hashed")

    monkeypatch.setattr(jixiao.runner, "sha256_of", never)
    second = plan(scan_raw(raw), store.load_manifest()).stale
    return [f.source_path for f in first], [f.source_path for f in second]


def _documents(store: CuratedStore) -> dict[str, tuple[str, str]]:
    rows = store.read_table("documents").to_pylist()
    return {r["source_path"]: (r["status"], r["error"]) for r in rows}


def test_a_symlink_to_a_fifo_is_refused_once_and_never_opened_again(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(tmp_path / "pipe")
    (raw / "pipe.txt").symlink_to(tmp_path / "pipe")
    store = CuratedStore(tmp_path / "curated")
    assert _extract_twice(raw, store, monkeypatch) == (["pipe.txt"], [])
    assert _documents(store)["pipe.txt"][0] == "failed"


def test_a_symlink_to_a_fifo_inside_the_raw_folder_is_never_opened(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / ".pipe")
    (raw / "pipe.txt").symlink_to(raw / ".pipe")
    store = CuratedStore(tmp_path / "curated")
    assert _extract_twice(raw, store, monkeypatch) == (["pipe.txt"], [])


def test_a_symlink_to_dev_zero_is_refused_once_and_never_opened_again(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "zero.txt").symlink_to("/dev/zero")
    store = CuratedStore(tmp_path / "curated")
    assert _extract_twice(raw, store, monkeypatch) == (["zero.txt"], [])


def test_a_symlink_to_a_file_outside_the_raw_folder_is_not_opened_on_later_runs(
    tmp_path, monkeypatch
):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, tmp_path / "outside.txt")
    (raw / "outside.txt").symlink_to(tmp_path / "outside.txt")
    store = CuratedStore(tmp_path / "curated")
    assert _extract_twice(raw, store, monkeypatch) == (["outside.txt"], [])


def test_a_symlink_loop_is_a_failed_document_named_as_such_and_not_retried(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    store = CuratedStore(tmp_path / "curated")
    assert _extract_twice(raw, store, monkeypatch) == (["loop.txt"], [])
    status, error = _documents(store)["loop.txt"]
    assert status == "failed"
    assert "symlink loop" in error


def test_a_file_name_that_is_not_utf8_is_extracted_under_a_printable_name(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, os.path.join(os.fsencode(raw), b"report-\xff.txt"))
    store = CuratedStore(tmp_path / "curated")
    [entry] = plan(scan_raw(raw), store.load_manifest()).stale
    process_file(entry, raw, store)
    assert _documents(store)["report-\\xff.txt"][0] == "ok"
    assert plan(scan_raw(raw), store.load_manifest()).stale == ()


def test_a_path_longer_than_the_system_allows_gets_a_failed_row(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    fd = os.open(raw, os.O_RDONLY)
    try:  # a tree deeper than PATH_MAX (4096 bytes), built one level at a time
        for _ in range(20):
            os.mkdir("d" * 250, dir_fd=fd)
            child = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        os.close(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
    finally:
        os.close(fd)
    store = CuratedStore(tmp_path / "curated")
    stale = plan(scan_raw(raw), store.load_manifest()).stale
    for entry in stale:
        process_file(entry, raw, store)
    [(source_path, (status, error))] = _documents(store).items()
    assert len(source_path.encode()) > 4096 - len(str(raw))
    assert status == "failed"
    assert "could not be listed" in error or "too long" in error
