"""Crash safety of `jixiao extract`: SIGKILL it at several moments, run it again, and the
curated datasets are those of an uninterrupted run; meanwhile a reader globbing
``**/*.parquet`` only ever finds complete, readable files."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jixiao.processing import process_file
from jixiao.runner import scan_raw
from jixiao.store import CuratedStore

FIXTURES = Path(__file__).parent / "fixtures"
INPUTS = (
    FIXTURES / "samples" / "ebian-2024-dept-self-eval.txt",
    FIXTURES / "samples" / "fengnan-2023-finance-key-eval.txt",
    FIXTURES / "bad" / "encrypted.pdf",  # a failure has rows to write too
)
JIXIAO = Path(sys.executable).parent / "jixiao"
RUN_TIMEOUT_S = 120

pytestmark = pytest.mark.slow


def extract_command(raw: Path, out: Path, home: Path) -> list[str]:
    return [str(JIXIAO), "extract", str(raw), "--out", str(out), "--dagster-home", str(home)]


def run_to_completion(raw: Path, out: Path, home: Path) -> None:
    done = subprocess.run(
        extract_command(raw, out, home), capture_output=True, timeout=RUN_TIMEOUT_S, check=False
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]


def run_and_kill(raw: Path, out: Path, home: Path, when: Callable[[float], bool]) -> bool:
    """Start an extract and SIGKILL its process group once ``when(seconds since start)`` holds.

    Returns whether it was killed (False: it finished first)."""
    process = subprocess.Popen(
        extract_command(raw, out, home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    started = time.monotonic()
    try:
        while process.poll() is None:
            if when(time.monotonic() - started):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def walk_files(root: Path) -> list[Path]:
    """Files under ``root`` now; folders removed while walking are skipped, not an error."""
    return [Path(d) / name for d, _, names in os.walk(root) for name in names]


class Reader(threading.Thread):
    """Reads every ``*.parquet`` under a root, over and over, noting any it cannot read."""

    def __init__(self, root: Path) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.stop = threading.Event()
        self.unreadable: list[str] = []
        self.reads = 0

    def run(self) -> None:
        while not self.stop.is_set():
            for path in (p for p in walk_files(self.root) if p.name.endswith(".parquet")):
                try:
                    pq.read_table(path, partitioning=None)
                    self.reads += 1
                except FileNotFoundError:
                    pass  # replaced or removed between the glob and the read: not partial
                except Exception as exc:
                    self.unreadable.append(f"{path.relative_to(self.root)}: {exc}")
            time.sleep(0.002)


def files_under(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != "lock"
    }


def manifest_documents(out: Path) -> dict[str, tuple[str, str]]:
    """The manifest as the store reads it (snapshot and journal)."""
    manifest = CuratedStore(out).load_manifest()
    return {src: (e.doc_id, e.sha256) for src, e in manifest.items()}


def count_documents(out: Path) -> int:
    return sum(1 for p in walk_files(out / "documents") if p.name == "part.parquet")


def first_write_started(out: Path) -> Callable[[float], bool]:
    """True as soon as any data file (temporary or final) appears under ``out``."""
    return lambda _: any(
        p.suffix in {".tmp", ".parquet"} for p in walk_files(out) if p.parent.name != "_jixiao"
    )


def one_more_document(out: Path) -> Callable[[float], bool]:
    before = count_documents(out)
    return lambda _: count_documents(out) > before


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    root.mkdir()
    for path in INPUTS:
        shutil.copyfile(path, root / path.name)
    return root


def uninterrupted_run(raw: Path, out: Path) -> None:
    """What `jixiao extract` writes when nothing stops it: every file through the store's
    runner in one go (the CLI's Dagster asset calls the same `process_file`)."""
    store = CuratedStore(out)
    for raw_file in scan_raw(raw):
        process_file(raw_file, raw, store)


def test_killed_runs_then_a_full_run_equal_an_uninterrupted_run(raw: Path, tmp_path: Path) -> None:
    expected_out = tmp_path / "uninterrupted"
    uninterrupted_run(raw, expected_out)
    expected = files_under(expected_out)
    assert sum(name.endswith(".parquet") for name in expected) == 8 * len(INPUTS)

    out, home = tmp_path / "killed", tmp_path / "home-b"
    out.mkdir()
    reader = Reader(out)
    reader.start()
    try:
        kills = [
            run_and_kill(raw, out, home, lambda seconds: seconds > 0.5),  # starting up
            run_and_kill(raw, out, home, first_write_started(out)),  # inside the first commit
            run_and_kill(raw, out, home, one_more_document(out)),  # between two documents
        ]
        assert kills[0] and kills[1], "the run finished before it could be killed"
        run_to_completion(raw, out, home)
    finally:
        reader.stop.set()
        reader.join()

    assert reader.unreadable == []
    assert reader.reads > 0
    recovered = files_under(out)
    leftovers = sorted(name for name in recovered if name.endswith(".tmp"))
    assert leftovers == []
    parquet = {name: data for name, data in recovered.items() if name.endswith(".parquet")}
    assert parquet == {name: data for name, data in expected.items() if name.endswith(".parquet")}
    assert manifest_documents(out) == manifest_documents(expected_out)
