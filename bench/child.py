"""One jixiao run in a child process, timed: wall time, peak memory and its output."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
MB = 1024  # ru_maxrss is in KiB on Linux
SAMPLE_EVERY_S = 0.02


@dataclass(frozen=True)
class ChildRun:
    wall_s: float
    peak_rss_mb: float  # the whole process tree (main, forkserver, workers): summed PSS
    peak_process_rss_mb: float  # the largest single process (RSS)
    stdout: str
    returncode: int


JIXIAO = [sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())"]


class TreeMemory:
    """Samples the memory of a process and all its descendants in a thread.

    The workers are children of the forkserver, not of the command, so the command's own
    ``ru_maxrss`` never sees them. The tree's total is the sum of proportional set sizes
    (a page shared by forked processes counts once, split among them); summing RSS would
    count the forkserver's preloaded modules again for every worker.
    """

    def __init__(self, pid: int):
        self._root = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)
        self.peak_total_mb = 0.0
        self.peak_process_mb = 0.0

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample_until_stopped(self) -> None:
        while not self._stop.is_set():
            sizes = [_pss_and_rss_mb(p) for p in self._tree()]
            self.peak_total_mb = max(self.peak_total_mb, sum(pss for pss, _ in sizes))
            self.peak_process_mb = max(self.peak_process_mb, *(rss for _, rss in sizes), 0.0)
            self._stop.wait(SAMPLE_EVERY_S)

    def _tree(self) -> list[psutil.Process]:
        try:
            return [self._root, *self._root.children(recursive=True)]
        except psutil.Error:  # the command has ended
            return []


def _pss_and_rss_mb(process: psutil.Process) -> tuple[float, float]:
    try:
        memory = process.memory_full_info()
    except psutil.Error:  # ended between listing and reading
        return 0.0, 0.0
    return memory.pss / (1024 * MB), memory.rss / (1024 * MB)


def run_child(command: Sequence[str], cwd: Path) -> ChildRun:
    """Wall time and peak memory of one command and every process it starts."""
    cwd.mkdir(parents=True, exist_ok=True)
    with open(cwd / "child.out", "w+") as out, open(cwd / "child.err", "w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=REPO, env=_child_env())
        with TreeMemory(process.pid) as memory:
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            sys.stderr.write(err.read()[-4000:])
        own_peak_mb = usage.ru_maxrss / MB
        return ChildRun(
            wall,
            max(memory.peak_total_mb, own_peak_mb),
            max(memory.peak_process_mb, own_peak_mb),
            out.read(),
            process.returncode,
        )


def _child_env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "120", "PYTHONPATH": str(REPO)}
