"""`jixiao ui` stopped by a signal takes `dagster dev`, the webserver and the daemon with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from support.net import free_port

JIXIAO = Path(sys.executable).with_name("jixiao")


def _serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
            return True
    except OSError:
        return False


def _wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_sigterm_to_jixiao_ui_leaves_none_of_its_processes(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    args = ["ui", "--raw", str(tmp_path), "--out", str(tmp_path / "curated"), "--port", str(port)]
    ui = subprocess.Popen(
        [str(JIXIAO), *args],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not _wait_for(lambda: _serving(port) or ui.poll() is not None, 180):
            pytest.fail("the UI did not answer within 180 s")
        assert ui.poll() is None, "jixiao ui exited before it was stopped"
        family = psutil.Process(ui.pid).children(recursive=True)
        assert len(family) >= 2  # dagster dev and what it started
        ui.send_signal(signal.SIGTERM)
        ui.wait(timeout=120)
        assert _wait_for(lambda: not [p for p in family if _alive(p)], 30)
    finally:
        if ui.poll() is None:
            ui.kill()


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
