"""Counts the opens of files and folders, by any process, through Linux's inotify.

The kernel reports every open of a watched file, whoever opens it: the test process, a
worker process, a C library (PDFium opening a path never passes through Python's ``open``).
So a test can say "the raw file was opened once" about a whole run, workers included.

Opens are counted from IN_OPEN events; closes are watched too, because the kernel merges an
event into an identical one still unread right before it, and a close in between keeps two
opens apart. (Two handles open on one file at the same moment may still count as one.)
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import struct
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

IN_OPEN = 0x20
IN_CLOSE_WRITE = 0x08
IN_CLOSE_NOWRITE = 0x10
IN_ISDIR = 0x40000000
IN_NONBLOCK = os.O_NONBLOCK
EVENT = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows


class FileOpens:
    """Opens under the watched folders so far: ``counts[path]`` for a file, and
    ``listings[folder]`` for a folder opened to list it (a scan)."""

    def __init__(self) -> None:
        self.counts: Counter[Path] = Counter()
        self.listings: Counter[Path] = Counter()
        self._fd = -1
        self._folders: dict[int, Path] = {}

    def watch(self, folder: Path) -> None:
        """Watch ``folder`` and every folder under it (as they are now)."""
        for current, _dirs, _files in os.walk(folder):
            wd = _libc().inotify_add_watch(
                self._fd, os.fsencode(current), IN_OPEN | IN_CLOSE_WRITE | IN_CLOSE_NOWRITE
            )
            if wd < 0:
                raise OSError(ctypes.get_errno(), f"cannot watch {current}")
            self._folders[wd] = Path(current)

    def collect(self) -> None:
        """Count the events the kernel holds for us."""
        while True:
            try:
                data = os.read(self._fd, 1 << 16)
            except BlockingIOError:
                return
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
                raw_name = data[offset + EVENT.size : offset + EVENT.size + length]
                offset += EVENT.size + length
                if not mask & IN_OPEN or wd not in self._folders:
                    continue
                folder = self._folders[wd]
                name = os.fsdecode(raw_name.rstrip(b"\0"))
                if mask & IN_ISDIR:
                    self.listings[folder / name if name else folder] += 1
                else:
                    self.counts[folder / name] += 1


@contextlib.contextmanager
def counting_opens(*folders: Path) -> Iterator[FileOpens]:
    """Count the opens under ``folders`` while the block runs; the counts are complete when
    the block ends."""
    opens = FileOpens()
    opens._fd = _libc().inotify_init1(IN_NONBLOCK)
    if opens._fd < 0:
        raise OSError(ctypes.get_errno(), "inotify is not available")
    try:
        for folder in folders:
            opens.watch(folder)
        yield opens
        opens.collect()
    finally:
        os.close(opens._fd)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)
