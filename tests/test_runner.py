"""One odd entry in the raw folder is that entry's failure, never the run's."""

import os
import shutil
from pathlib import Path

from jixiao.runner import process_file, scan_raw
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
