"""A batch of documents: every file processed once, in parallel workers, one failure alone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jixiao.batch import default_workers, process_batch
from jixiao.processing import Outcome
from jixiao.runner import scan_raw
from jixiao.settings import Settings, with_values
from jixiao.store import CuratedStore

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
NAMES = [
    "ebian-2024-dept-self-eval.txt",
    "fengnan-2023-finance-key-eval.txt",
    "jiayuguan-2021-dept-self-eval.txt",
]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    root.mkdir()
    for name in NAMES:
        shutil.copy(SAMPLES / name, root / name)
    return root


def _settings(workers: int = 1, isolate: bool = True) -> Settings:
    return with_values(Settings(), {"run.workers": workers, "isolation.enabled": isolate})


def _doc_ids(raw: Path, out: Path, workers: int, isolate: bool) -> dict[str, str]:
    finished = list(
        process_batch(scan_raw(raw), raw, CuratedStore(out), _settings(workers, isolate))
    )
    assert all(isinstance(done, Outcome) for _, done in finished)
    return {raw.source_path: done.result.doc_id for raw, done in finished}  # type: ignore[union-attr]


def test_every_file_is_processed_once(raw: Path, tmp_path: Path) -> None:
    assert sorted(_doc_ids(raw, tmp_path / "out", workers=2, isolate=True)) == NAMES


def test_two_workers_give_what_one_gives(raw: Path, tmp_path: Path) -> None:
    one = _doc_ids(raw, tmp_path / "one", workers=1, isolate=True)
    two = _doc_ids(raw, tmp_path / "two", workers=2, isolate=True)
    assert one == two
    tables = ("amounts", "indicators", "doc_summary")
    for name in tables:
        assert (
            CuratedStore(tmp_path / "one")
            .read_table(name)
            .equals(CuratedStore(tmp_path / "two").read_table(name))
        )


@pytest.mark.parametrize("isolate", [True, False])
def test_a_file_gone_after_the_scan_fails_alone(raw: Path, tmp_path: Path, isolate: bool) -> None:
    files = scan_raw(raw)
    (raw / NAMES[1]).unlink()
    finished = {
        raw.source_path: done
        for raw, done in process_batch(
            files, raw, CuratedStore(tmp_path / "out"), _settings(1, isolate)
        )
    }
    assert isinstance(finished[NAMES[1]], FileNotFoundError)
    assert isinstance(finished[NAMES[0]], Outcome) and isinstance(finished[NAMES[2]], Outcome)
    stored = CuratedStore(tmp_path / "out").read_table("documents")["source_path"].to_pylist()
    assert sorted(stored) == [NAMES[0], NAMES[2]]


@pytest.mark.parametrize(("cpus", "workers"), [(1, 1), (2, 2), (3, 3), (16, 4)])
def test_the_default_is_a_worker_per_usable_cpu_up_to_four(
    monkeypatch: pytest.MonkeyPatch, cpus: int, workers: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)))
    assert default_workers() == workers
