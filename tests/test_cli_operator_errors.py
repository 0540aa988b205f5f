"""Operator mistakes and accidents during `jixiao extract`: one line, an exit status, and
the store as it was (or, for documents committed before the accident, whole)."""

from __future__ import annotations

import contextlib
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pipeline.assets
from cli.main import main
from jixiao.store import CuratedStore

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


def _raw(tmp_path: Path, names=NAMES) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in names:
        (raw / name).write_bytes((SAMPLES / name).read_bytes())
    return raw


def _extract(raw: Path, out: Path, home: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["extract", str(raw), "--out", str(out), "--dagster-home", str(home)])
    return code, stdout.getvalue(), stderr.getvalue()


def _store_files(out: Path) -> dict[str, bytes]:
    if not out.exists():
        return {}
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


def _is_whole(out: Path) -> bool:
    """Every partition belongs to a recorded document, with one documents row per path."""
    store = CuratedStore(out)
    recorded = store.committed_doc_ids() or set()
    documents = store.read_table("documents")["source_path"].to_pylist()
    leftovers = [p for p in out.rglob("*.tmp")]
    return (
        store.stored_doc_ids() == recorded
        and sorted(documents) == sorted(store.load_manifest())
        and not leftovers
    )


@pytest.fixture
def mount_tmpfs():
    mounted: list[Path] = []

    def mount(path: Path, options: str) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip("mounting a small tmpfs needs root (CAP_SYS_ADMIN)")
        mounted.append(path)
        return path

    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _fill(folder: Path) -> None:
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as handle:
        while True:
            handle.write(b"\0" * 4096)


# -- disk full, read-only, Dagster home ------------------------------------------------------


def test_a_full_disk_stops_the_run_with_one_line_and_exit_1(tmp_path, mount_tmpfs):
    raw = _raw(tmp_path)
    out = mount_tmpfs(tmp_path / "out", "size=96k")
    code, stdout, stderr = _extract(raw, out, tmp_path / "home")
    assert code == 1
    [line] = stderr.strip().splitlines()
    assert line.startswith("jixiao: error: cannot write the curated store")
    assert "No space left on device" in line
    assert "Traceback" not in stdout + stderr
    assert _is_whole(out)


def test_a_read_only_out_folder_is_one_line_and_exit_1(tmp_path, mount_tmpfs):
    raw = _raw(tmp_path)
    out = mount_tmpfs(tmp_path / "out", "size=1m,ro")
    code, _stdout, stderr = _extract(raw, out, tmp_path / "home")
    assert code == 1
    [line] = stderr.strip().splitlines()
    assert "Read-only file system" in line
    assert _store_files(out) == {}


def test_a_full_dagster_home_is_one_line_exit_1_and_the_store_as_before(tmp_path, mount_tmpfs):
    raw = _raw(tmp_path, NAMES[:2])
    out = tmp_path / "out"
    assert _extract(raw, out, tmp_path / "home")[0] == 0
    before = _store_files(out)
    (raw / NAMES[0]).unlink()
    (raw / NAMES[2]).write_bytes((SAMPLES / NAMES[2]).read_bytes())
    home = mount_tmpfs(tmp_path / "full-home", "size=64k")
    _fill(home)
    code, _stdout, stderr = _extract(raw, out, home)
    assert code == 1
    [line] = stderr.strip().splitlines()
    assert line.startswith("jixiao: error: ")
    assert _store_files(out) == before


# -- a file deleted during the run, counts that add up ---------------------------------------


def _with_batch(monkeypatch, change):
    """The asset's batch, with ``change(files)`` applied before it starts."""
    real = pipeline.assets.process_batch

    def batch(files, *args, **kwargs):
        files = change(files)
        return real(files, *args, **kwargs)

    monkeypatch.setattr(pipeline.assets, "process_batch", batch)


def test_a_file_deleted_during_the_run_is_neither_failed_nor_a_stack_trace(tmp_path, monkeypatch):
    raw = _raw(tmp_path, NAMES[:3])

    def delete_one(files):
        (raw / NAMES[1]).unlink()
        return files

    _with_batch(monkeypatch, delete_one)
    code, stdout, stderr = _extract(raw, tmp_path / "out", tmp_path / "home")
    assert code == 0
    assert "Traceback" not in stdout + stderr
    assert "1 files deleted during the run: not extracted" in stdout
    assert "not fully extracted" not in stdout
    documents = CuratedStore(tmp_path / "out").read_table("documents")
    assert sorted(documents["source_path"].to_pylist()) == [NAMES[0], NAMES[2]]


def _summary_counts(stdout: str) -> dict[str, int]:
    lines = [line for line in stdout.splitlines() if "│" in line or "┃" in line]
    header = [c.strip() for c in lines[0].replace("┃", "│").split("│") if c.strip()]
    values = [c.strip() for c in lines[1].split("│") if c.strip()]
    return dict(zip(header, map(float, values), strict=True))


def test_the_summary_counts_add_up_when_a_document_fails_outside_extraction(tmp_path, monkeypatch):
    raw = _raw(tmp_path, NAMES[:3])
    real = pipeline.assets.process_batch

    def batch(files, *args, **kwargs):
        for raw, done in real(files, *args, **kwargs):
            yield raw, RuntimeError("a bug in jixiao") if raw.source_path == NAMES[1] else done

    monkeypatch.setattr(pipeline.assets, "process_batch", batch)
    code, stdout, _ = _extract(raw, tmp_path / "out", tmp_path / "home")
    counts = _summary_counts(stdout)
    assert code == 0
    assert counts["extracted"] == 3
    assert counts["ok"] + counts["partial"] + counts["failed"] == counts["extracted"]
    assert counts["failed"] == 1


# -- leftovers of a kill ---------------------------------------------------------------------


def test_temp_files_left_by_a_killed_run_are_removed_by_the_next(tmp_path):
    raw = _raw(tmp_path, NAMES[:1])
    out = tmp_path / "out"
    assert _extract(raw, out, tmp_path / "home")[0] == 0
    [partition] = (out / "amounts").iterdir()
    leftovers = [partition / ".part.parquet.k9x2_a.tmp", out / "_jixiao" / ".manifest.json.q1.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b"half a file")
    assert _extract(raw, out, tmp_path / "home")[0] == 0
    assert not any(leftover.exists() for leftover in leftovers)


# -- Ctrl-C and SIGTERM ------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_exits_1_with_one_line_and_records_no_failure(tmp_path, signum):
    raw = tmp_path / "raw"
    raw.mkdir()
    sample = (SAMPLES / NAMES[0]).read_bytes()
    for n in range(40):  # distinct contents: each one is extracted
        (raw / f"{n:02d}.txt").write_bytes(sample + f"\n附{n}\n".encode())
    out = tmp_path / "out"
    command = [
        str(Path(sys.executable).with_name("jixiao")),
        "extract",
        str(raw),
        "--out",
        str(out),
    ]
    command += ["--dagster-home", str(tmp_path / "home"), "--workers", "1"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    deadline = time.monotonic() + 600
    while not (out / "_jixiao" / "manifest.json").exists():  # a first document committed
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.2)
    process.send_signal(signum)
    _stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 1
    [line] = stderr.strip().splitlines()
    assert line.startswith("jixiao: error: interrupted: ")
    documents = CuratedStore(out).read_table("documents")
    assert "failed" not in documents["status"].to_pylist()
    assert 0 < documents.num_rows < 40
    assert _is_whole(out)
