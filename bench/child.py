"""One jixiao run in a child process, timed: wall time, peak RSS and its output."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class ChildRun:
    wall_s: float
    peak_rss_mb: float
    stdout: str
    returncode: int


JIXIAO = [sys.executable, "-c", "import sys; from jixiao.cli import main; sys.exit(main())"]


def run_child(command: Sequence[str], cwd: Path) -> ChildRun:
    """Wall time and peak RSS (the child and the children it waited for) of one command."""
    cwd.mkdir(parents=True, exist_ok=True)
    with open(cwd / "child.out", "w+") as out, open(cwd / "child.err", "w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=REPO, env=_child_env())
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            sys.stderr.write(err.read()[-4000:])
        return ChildRun(wall, usage.ru_maxrss / MB, out.read(), process.returncode)


def _child_env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "120", "PYTHONPATH": str(REPO)}
