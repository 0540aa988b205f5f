"""The benchmark's child runs count the memory of every process a command starts."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.child import run_child

# A parent that starts a 200 MB worker and ends without waiting for it, as `jixiao extract`
# does not wait for the forkserver's workers: the parent's own ru_maxrss never includes it.
PARENT = """
import os, subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "b = bytearray(200 * 2**20); import time; time.sleep(0.6)"])
time.sleep(1.0)
os._exit(0)
"""


def test_peak_memory_includes_a_worker_the_command_never_waited_for(tmp_path: Path) -> None:
    run = run_child([sys.executable, "-c", PARENT], tmp_path)
    assert run.returncode == 0
    assert run.peak_rss_mb >= 200
    assert run.peak_process_rss_mb >= 200
