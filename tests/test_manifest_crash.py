"""SIGKILL a process appending to the manifest's journal and compacting it, at several
moments: the manifest always reads as a state it was in (also while being written), and
finishing the work gives the manifest of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.manifest import ManifestPolicy
from jixiao.store import CuratedStore
from tests.test_manifest import entries, entry, source

pytestmark = pytest.mark.slow

REPO = Path(__file__).parent.parent
LAST = 1000
KILL_AT = (100, 250, 400, 550, 700)  # entries recorded


def touch_in_order(root: str, last: int) -> None:
    """The child: record entries 0..last one change at a time, from where the store stands."""
    store = CuratedStore(Path(root), ManifestPolicy(journal_from_bytes=0))
    for n in range(len(store.load_manifest()), last + 1):
        store.touch({source(n): entry(n)})
        time.sleep(0.001)  # leaves a polling reader on a loaded machine time to see each stage


def child(root: Path) -> subprocess.Popen[bytes]:
    code = f"from tests.test_manifest_crash import touch_in_order; touch_in_order({str(root)!r}, {LAST})"
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, start_new_session=True, stderr=subprocess.PIPE
    )


def test_a_killed_writer_leaves_a_state_the_manifest_was_in(tmp_path):
    root = tmp_path / "out"
    reader = CuratedStore(root)
    kills = 0
    for at_least in KILL_AT:
        process = child(root)
        while process.poll() is None and len(seen := reader.load_manifest()) < at_least:
            assert seen == entries(range(len(seen)))  # read without the lock, mid-write
            time.sleep(0.002)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        recorded = CuratedStore(root).load_manifest()
        assert recorded == entries(range(len(recorded)))  # entries 0..k-1, none half-made
    assert kills == len(KILL_AT), "the writer finished before it could be killed"
    process = child(root)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    assert CuratedStore(root).load_manifest() == entries(range(LAST + 1))
