"""The store's manifest (source path -> what was extracted from it): a snapshot and a journal.

Under the curated root's ``_jixiao/``::

    manifest.json      snapshot: {"version": 2, "generation": G, "documents": {path: entry}}
    manifest.journal   {"journal": 1, "generation": G}, then one JSON line per change

Rewriting one JSON file after every document made a run over N documents write O(N^2)
bytes. A change (a document committed, files touched or forgotten) is one line appended to
the journal and fsynced. When the journal outgrows the snapshot, the two are compacted into
snapshot G+1 and the journal is removed: the bytes written per change stay constant on
average, and a load reads at most twice the snapshot. A manifest smaller than
`ManifestPolicy.journal_from_bytes` is simply rewritten whole, as version 1 did: one
readable file, all that an older jixiao reads, at a bounded cost per change.

Every change is made under the store's lock. A crash at any moment loses no recorded change
and never shows a half one:
- the snapshot is replaced atomically, and a journal extends only the snapshot of its own
  generation: after a crash between writing snapshot G+1 and removing journal G, the journal
  is ignored (its changes are in the snapshot), as is a journal beside a snapshot that an
  older version rewrote (it has no generation);
- a change is one write of a line ending in a newline; a last line without one (or
  unreadable) is a change that was never made, and it is cut off before the next append.
Readers take no lock. They open the journal before the snapshot, so a compaction in between
leaves them with a journal of an older generation, ignored, and a snapshot holding its lines:
always a state the manifest was in. A `ManifestLog` remembers what it has read and next time
reads only the journal's new lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from jixiao.atomic import write_bytes_atomic

SNAPSHOT_FILE = "manifest.json"
JOURNAL_FILE = "manifest.journal"
SNAPSHOT_VERSION = 2
JOURNAL_VERSION = 1
FIRST_LINE_BYTES = 256  # of the snapshot: enough for its header, which holds the generation


@dataclass(frozen=True)
class ManifestEntry:
    """What the store holds for one raw file (keyed by its path relative to the raw root)."""

    doc_id: str
    size: int
    mtime_ns: int
    sha256: str
    extractor_version: str


Manifest = dict[str, ManifestEntry]


class ManifestError(ValueError):
    """The manifest cannot be read: damaged, not a crash's leftovers (those are ignored)."""


@dataclass(frozen=True)
class ManifestPolicy:
    journal_from_bytes: int = 64 * 1024
    """A manifest smaller than this (a few hundred documents) is rewritten whole per change."""


@dataclass(frozen=True)
class ManifestView:
    """The manifest as last read; it stays current while the caller holds the store's lock."""

    entries: Mapping[str, ManifestEntry]
    holders: Mapping[str, frozenset[str]]  # doc_id -> the source paths that hold its bytes


@dataclass(frozen=True)
class _Change:
    drop: tuple[str, ...]
    put: Mapping[str, ManifestEntry]


@dataclass
class _State:
    """What a `ManifestLog` has read: the entries and where the files stood."""

    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    holders: dict[str, frozenset[str]] = field(default_factory=dict)
    generation: int | None = None  # None: no snapshot, or a version-1 one (no journal extends it)
    snapshot_key: tuple[object, ...] | None = None
    snapshot_bytes: int = 0
    journal_key: tuple[int, int] | None = None
    journal_generation: int | None = None  # of the journal file present, even when ignored
    journal_active: bool = False  # the journal extends this snapshot
    journal_offset: int = 0  # end of the last whole line read, header included

    def apply(self, change: _Change) -> None:
        for src in change.drop:
            self._unhold(src, self.entries.pop(src, None))
        for src, entry in change.put.items():
            self._unhold(src, self.entries.get(src))
            self.entries[src] = entry
            self.holders[entry.doc_id] = self.holders.get(entry.doc_id, frozenset()) | {src}

    def _unhold(self, src: str, entry: ManifestEntry | None) -> None:
        if entry is not None:
            left = self.holders[entry.doc_id] - {src}
            if left:
                self.holders[entry.doc_id] = left
            else:
                del self.holders[entry.doc_id]


class ManifestLog:
    """The manifest files of one store, and what this process last read of them."""

    def __init__(self, directory: Path, policy: ManifestPolicy | None = None) -> None:
        self.snapshot_path = directory / SNAPSHOT_FILE
        self.journal_path = directory / JOURNAL_FILE
        self.policy = policy or ManifestPolicy()
        self._state = _State()
        self._mutex = threading.Lock()  # threads of one run share a store

    def read(self) -> Manifest:
        """A copy of the manifest as it is on disk now."""
        with self._mutex:
            self._refresh()
            return dict(self._state.entries)

    def view(self) -> ManifestView:
        """The manifest without a copy, for a caller holding the store's lock."""
        with self._mutex:
            self._refresh()
            return ManifestView(self._state.entries, self._state.holders)

    def record(self, put: Mapping[str, ManifestEntry], drop: Iterable[str] = ()) -> None:
        """Durably drop the entries of ``drop``, then set those of ``put``. Under the lock."""
        change = _Change(tuple(drop), dict(put))
        with self._mutex:
            self._refresh()
            state = self._state
            line = _change_line(change)
            if self._compacts(len(line)):
                entries = dict(state.entries)
                for src in change.drop:
                    entries.pop(src, None)
                entries.update(change.put)
                self._write_snapshot(entries)
            elif state.journal_active:
                self._append(line)
            else:
                header = _journal_header(state.generation)
                write_bytes_atomic(header + line, self.journal_path)
            self._refresh()

    def replace(self, entries: Mapping[str, ManifestEntry]) -> None:
        """Make ``entries`` the whole manifest. Under the lock."""
        with self._mutex:
            self._refresh()
            self._write_snapshot(entries)
            self._refresh()

    # -- writing ----------------------------------------------------------------------
    def _compacts(self, line_bytes: int) -> bool:
        state = self._state
        if state.generation is None:
            return True  # nothing a journal may extend yet
        journal = state.journal_offset if state.journal_active else 0
        if state.snapshot_bytes + journal + line_bytes <= self.policy.journal_from_bytes:
            return True
        return journal + line_bytes > state.snapshot_bytes

    def _write_snapshot(self, entries: Mapping[str, ManifestEntry]) -> None:
        state = self._state
        generation = max(state.generation or 0, state.journal_generation or 0) + 1
        data = _snapshot_bytes(entries, generation)
        write_bytes_atomic(data, self.snapshot_path)
        # Not fsynced: a journal that survives a crash is of an older generation, ignored.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal_path)
        # Under the store's lock nobody else writes: the snapshot holds what was just written,
        # and the next refresh finds it unchanged instead of reading it back.
        stat = os.stat(self.snapshot_path)
        key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, _first_line(data))
        written = _State(generation=generation, snapshot_key=key, snapshot_bytes=len(data))
        written.apply(_Change((), dict(entries)))
        self._state = written

    def _append(self, line: bytes) -> None:
        state = self._state
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND)
        try:
            stat = os.fstat(fd)
            held = (stat.st_dev, stat.st_ino) == state.journal_key
            if not held or stat.st_size < state.journal_offset:
                raise ManifestError(f"{self.journal_path} changed under the store's lock")
            if stat.st_size > state.journal_offset:
                os.ftruncate(fd, state.journal_offset)  # a crash's torn last line
            written = 0
            while written < len(line):
                written += os.write(fd, line[written:])
            os.fsync(fd)
        finally:
            os.close(fd)

    # -- reading ----------------------------------------------------------------------
    def _refresh(self) -> None:
        journal = _open(self.journal_path)  # before the snapshot: see the module's docstring
        try:
            snapshot = _open(self.snapshot_path)
            try:
                self._refresh_snapshot(snapshot)
            finally:
                if snapshot is not None:
                    snapshot.close()
            self._refresh_journal(journal)
        finally:
            if journal is not None:
                journal.close()

    def _refresh_snapshot(self, handle: BinaryIO | None) -> None:
        if handle is None:
            if self._state.snapshot_key is not None:
                self._state = _State()
            return
        stat = os.fstat(handle.fileno())
        first_line = handle.readline(FIRST_LINE_BYTES)  # the generation: tells a reused inode
        key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, first_line)
        if key != self._state.snapshot_key:
            data = first_line + handle.read()
            self._state = _parse_snapshot(data, key, self.snapshot_path)

    def _refresh_journal(self, handle: BinaryIO | None) -> None:
        state = self._state
        if handle is None:
            state.journal_key, state.journal_generation = None, None
            state.journal_active, state.journal_offset = False, 0
            return
        stat = os.fstat(handle.fileno())
        key = (stat.st_dev, stat.st_ino)
        if key != state.journal_key:
            header = handle.readline()
            state.journal_key = key
            state.journal_generation = _header_generation(header)
            state.journal_active = (
                state.generation is not None and state.journal_generation == state.generation
            )
            state.journal_offset = len(header)
        if state.journal_active:
            handle.seek(state.journal_offset)
            state.journal_offset += _replay(state, handle.read(), self.journal_path)


def _first_line(data: bytes) -> bytes:
    """What ``readline(FIRST_LINE_BYTES)`` gives of a file holding ``data``."""
    return data[: data.find(b"\n", 0, FIRST_LINE_BYTES) + 1 or FIRST_LINE_BYTES]


def _open(path: Path) -> BinaryIO | None:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        return None


# -- formats ----------------------------------------------------------------------------
def _entry_fields(entry: ManifestEntry) -> dict[str, object]:
    return {
        "doc_id": entry.doc_id,
        "extractor_version": entry.extractor_version,
        "mtime_ns": entry.mtime_ns,
        "sha256": entry.sha256,
        "size": entry.size,
    }


def _entry(fields: object) -> ManifestEntry:
    if not isinstance(fields, dict):
        raise ManifestError(f"a manifest entry is {type(fields).__name__}, not an object")
    try:
        return ManifestEntry(**fields)
    except TypeError as error:
        raise ManifestError(f"a manifest entry has other fields: {sorted(fields)}") from error


def _snapshot_bytes(entries: Mapping[str, ManifestEntry], generation: int) -> bytes:
    """One entry per line, sorted: the same manifest gives the same bytes."""
    lines = ",\n".join(
        f"{json.dumps(src, ensure_ascii=False)}: "
        + json.dumps(_entry_fields(entries[src]), ensure_ascii=False)
        for src in sorted(entries)
    )
    head = f'{{"version": {SNAPSHOT_VERSION}, "generation": {generation}, "documents": {{\n'
    return (head + lines + "\n}}\n").encode("utf-8")


def _parse_snapshot(data: bytes, key: tuple[object, ...], path: Path) -> _State:
    try:
        body = json.loads(data)
        documents = body["documents"]
    except (ValueError, KeyError, TypeError) as error:
        raise ManifestError(f"{path}: not a manifest ({error})") from error
    generation = body.get("generation")
    state = _State(
        generation=generation if isinstance(generation, int) else None,
        snapshot_key=key,
        snapshot_bytes=len(data),
    )
    state.apply(_Change((), {src: _entry(fields) for src, fields in documents.items()}))
    return state


def _journal_header(generation: int | None) -> bytes:
    header = {"journal": JOURNAL_VERSION, "generation": generation}
    return (json.dumps(header) + "\n").encode("utf-8")


def _header_generation(header: bytes) -> int | None:
    try:
        body = json.loads(header)
    except ValueError:
        return None
    generation = body.get("generation") if isinstance(body, dict) else None
    return generation if isinstance(generation, int) else None


def _change_line(change: _Change) -> bytes:
    body = {
        "drop": list(change.drop),
        "put": {src: _entry_fields(entry) for src, entry in change.put.items()},
    }
    return (json.dumps(body, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _decode_change(body: object) -> _Change:
    if not isinstance(body, dict) or not isinstance(body.get("put"), dict):
        raise ManifestError("a journal line is not a change")
    drop = body.get("drop", [])
    if not isinstance(drop, list) or not all(isinstance(src, str) for src in drop):
        raise ManifestError("a journal line drops something other than paths")
    return _Change(tuple(drop), {src: _entry(fields) for src, fields in body["put"].items()})


def _replay(state: _State, data: bytes, path: Path) -> int:
    """Apply the whole lines of ``data``; the number of bytes they take.

    A last line that is unfinished or unreadable is a crash's leftover and is not applied.
    """
    whole = data[: data.rfind(b"\n") + 1]
    if not whole:
        return 0
    lines = whole[:-1].split(b"\n")
    try:
        # One parse for all lines (JSON strings hold no raw newline), one per line if it fails.
        bodies = json.loads(b"[" + b",".join(lines) + b"]")
        if len(bodies) != len(lines):
            raise ManifestError("lines do not parse one by one")
        changes = [_decode_change(body) for body in bodies]
    except ValueError:
        changes = _decode_lines(lines, path)
    for change in changes:
        state.apply(change)
    return sum(len(line) + 1 for line in lines[: len(changes)])


def _decode_lines(lines: list[bytes], path: Path) -> list[_Change]:
    changes = []
    for number, line in enumerate(lines, start=1):
        try:
            changes.append(_decode_change(json.loads(line)))
        except ValueError as error:
            if number == len(lines):
                break
            raise ManifestError(
                f"{path}: a line before the last is unreadable ({error})"
            ) from error
    return changes
