"""The manifest as a snapshot plus a journal: a change appends a line, the journal is compacted
into the snapshot once it outgrows it, and a crash at any byte loses no recorded change."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from jixiao import manifest as manifest_module
from jixiao.manifest import JOURNAL_FILE, ManifestError, ManifestPolicy
from jixiao.store import (
    CuratedStore,
    ManifestEntry,
    empty_tables,
    manifest_path,
    partition_dir,
)

# Journal from the first change on, so that a few entries exercise it.
ALWAYS_JOURNAL = ManifestPolicy(journal_from_bytes=0)
COUNTIES = ("ebian", "fengnan", "jiayuguan", "mianzhu", "yueyanglou")


def source(n: int) -> str:
    return f"{COUNTIES[n % len(COUNTIES)]}/{2020 + n % 5}-部门整体支出绩效自评报告-{n:04d}.pdf"


def entry(n: int, version: str = "0.1.0") -> ManifestEntry:
    return ManifestEntry(
        f"{n:016x}", 180_000 + n, 1_700_000_000_000_000_000 + n, f"{n:064x}", version
    )


def entries(numbers: range) -> dict[str, ManifestEntry]:
    return {source(n): entry(n) for n in numbers}


def journal(store: CuratedStore) -> Path:
    return store.root / "_jixiao" / JOURNAL_FILE


def fresh(store: CuratedStore) -> dict[str, ManifestEntry]:
    """What a new process reads from the store's files."""
    return CuratedStore(store.root).load_manifest()


def seeded(tmp_path: Path, numbers: range, policy: ManifestPolicy = ALWAYS_JOURNAL) -> CuratedStore:
    store = CuratedStore(tmp_path / "out", policy)
    store.save_manifest(entries(numbers))
    return store


def touch_until_compacted(store: CuratedStore, start: int, stop_before: bool = False) -> int:
    """Touch entries ``start``, ``start + 1``, ... until the journal is compacted (or, with
    ``stop_before``, until one more line would compact it); the last entry touched."""
    for n in range(start, start + 100):
        line = {"drop": [], "put": {source(n): asdict(entry(n))}}
        size = len(json.dumps(line, ensure_ascii=False).encode()) + 1
        if stop_before and journal(store).stat().st_size + size > snapshot_size(store):
            return n - 1
        store.touch({source(n): entry(n)})
        if not journal(store).exists():
            return n
    raise AssertionError("the journal was never compacted")


def snapshot_size(store: CuratedStore) -> int:
    return manifest_path(store.root).stat().st_size


def test_a_change_to_a_large_manifest_appends_a_line_and_leaves_the_snapshot(tmp_path):
    store = seeded(tmp_path, range(400), ManifestPolicy())
    snapshot = manifest_path(store.root).read_bytes()
    for n in range(400, 420):
        store.commit(source(n), entry(n), empty_tables())
    assert manifest_path(store.root).read_bytes() == snapshot
    assert len(journal(store).read_text(encoding="utf-8").splitlines()) == 1 + 20
    assert fresh(store) == entries(range(420))


def test_a_small_manifest_is_one_file_rewritten_whole(tmp_path):
    store = seeded(tmp_path, range(3), ManifestPolicy())
    store.touch(entries(range(3, 5)))
    assert not journal(store).exists()
    body = json.loads(manifest_path(store.root).read_text(encoding="utf-8"))
    assert body["documents"] == {src: asdict(e) for src, e in entries(range(5)).items()}


def test_the_journal_is_compacted_into_the_snapshot_once_it_outgrows_it(tmp_path):
    store = seeded(tmp_path, range(10))
    generation = json.loads(manifest_path(store.root).read_bytes())["generation"]
    store.touch({source(10): entry(10)})
    assert journal(store).exists()
    n = touch_until_compacted(store, 11)
    body = json.loads(manifest_path(store.root).read_bytes())
    assert body["generation"] == generation + 1
    assert len(body["documents"]) == n + 1
    assert fresh(store) == entries(range(n + 1))


def test_forgotten_and_touched_files_are_journaled_like_commits(tmp_path):
    store = seeded(tmp_path, range(20))
    store.forget([source(3), source(4)])
    store.touch({source(5): entry(5, version="0.2.0")})
    expected = entries(range(20))
    del expected[source(3)], expected[source(4)]
    expected[source(5)] = entry(5, version="0.2.0")
    assert journal(store).exists()
    assert fresh(store) == expected


def test_a_crash_at_any_byte_of_an_append_leaves_the_change_unmade(tmp_path):
    store = seeded(tmp_path, range(20))
    store.touch({source(20): entry(20)})
    before = journal(store).read_bytes()
    store.touch({source(21): entry(21)})
    after = journal(store).read_bytes()
    for torn in range(len(before), len(after)):
        journal(store).write_bytes(after[:torn])
        assert fresh(store) == entries(range(21)), f"torn at byte {torn}"


def test_the_next_change_cuts_off_a_torn_last_line(tmp_path):
    store = seeded(tmp_path, range(20))
    store.touch({source(20): entry(20)})
    with open(journal(store), "ab") as handle:
        handle.write(b'{"drop": [], "put": {"mianzhu/2022-')  # killed mid-write
    store.touch({source(21): entry(21)})
    assert fresh(store) == {**entries(range(20)), source(20): entry(20), source(21): entry(21)}
    assert all(json.loads(line) for line in journal(store).read_bytes().splitlines())


def test_an_unreadable_line_before_the_last_is_an_error(tmp_path):
    store = seeded(tmp_path, range(20))
    store.touch({source(20): entry(20)})
    store.touch({source(21): entry(21)})
    lines = journal(store).read_bytes().splitlines(keepends=True)
    journal(store).write_bytes(lines[0] + b"\x00" * 40 + b"\n" + lines[2])
    with pytest.raises(ManifestError):
        fresh(store)


def test_a_crash_between_the_new_snapshot_and_removing_the_journal_loses_nothing(tmp_path):
    store = seeded(tmp_path, range(10))
    store.touch({source(10): entry(10)})
    n = touch_until_compacted(store, 11, stop_before=True)
    kept = journal(store).read_bytes()
    n += 1
    store.touch({source(n): entry(n)})
    assert not journal(store).exists()
    journal(store).write_bytes(kept)  # as if killed before the unlink
    assert fresh(store) == entries(range(n + 1))
    store.touch({source(n + 1): entry(n + 1)})
    assert fresh(store) == entries(range(n + 2))


def test_a_version_1_manifest_loads_and_the_first_change_makes_it_a_snapshot(tmp_path):
    store = CuratedStore(tmp_path / "out", ALWAYS_JOURNAL)
    old = {"version": 1, "documents": {src: asdict(e) for src, e in entries(range(5)).items()}}
    manifest_path(store.root).parent.mkdir(parents=True)
    manifest_path(store.root).write_text(json.dumps(old, ensure_ascii=False, indent=1))
    assert store.load_manifest() == entries(range(5))
    store.touch({source(5): entry(5)})
    assert json.loads(manifest_path(store.root).read_bytes())["version"] == 2
    assert fresh(store) == entries(range(6))


def test_a_journal_beside_a_manifest_an_older_version_rewrote_is_ignored(tmp_path):
    store = seeded(tmp_path, range(20))
    store.touch({source(20): entry(20)})
    rewritten = {"version": 1, "documents": {source(0): asdict(entry(0))}}
    manifest_path(store.root).write_text(json.dumps(rewritten, indent=1))
    assert fresh(store) == {source(0): entry(0)}


def test_a_store_that_read_earlier_catches_up_with_another_runs_changes(tmp_path):
    writer = seeded(tmp_path, range(10))
    reader = CuratedStore(writer.root)
    assert reader.load_manifest() == entries(range(10))
    for n in range(10, 40):  # appends and compactions
        writer.touch({source(n): entry(n)})
        assert reader.load_manifest() == entries(range(n + 1))
    writer.forget([source(0)])
    assert source(0) not in reader.load_manifest()


def test_a_path_removed_by_another_run_is_seen_by_the_next_commit(tmp_path):
    """The shared doc_id of identical copies goes once the other run forgot the last copy."""
    first = seeded(tmp_path, range(20))
    first.commit(source(20), entry(20), empty_tables())
    first.commit(source(21), entry(20), empty_tables())  # the same bytes under another path
    second = CuratedStore(first.root)
    second.forget([source(20)])
    assert first.commit(source(21), entry(22), empty_tables()) == entry(20).doc_id
    assert entry(20).doc_id not in first.stored_doc_ids()


def test_a_last_line_a_power_cut_left_unreadable_is_ignored(tmp_path):
    store = seeded(tmp_path, range(20))
    store.touch({source(20): entry(20)})
    with open(journal(store), "ab") as handle:
        handle.write(b"\x00" * 30 + b'": "0.1.0"}}}\n')  # the line's first page never reached disk
    assert fresh(store) == entries(range(21))
    store.touch({source(21): entry(21)})
    assert fresh(store) == entries(range(22))


def test_a_reader_never_goes_back_when_a_compaction_runs_between_its_reads(tmp_path, monkeypatch):
    writer = seeded(tmp_path, range(10))
    writer.touch({source(10): entry(10)})
    n = touch_until_compacted(writer, 11, stop_before=True)
    real_open = manifest_module._open
    opened: list[Path] = []

    def open_then_compact(path: Path):
        handle = real_open(path)
        opened.append(path)
        if len(opened) == 1:  # between the reader's two opens
            writer.touch({source(n + 1): entry(n + 1)})
        return handle

    monkeypatch.setattr(manifest_module, "_open", open_then_compact)
    seen = CuratedStore(writer.root).load_manifest()
    assert entries(range(n + 1)).items() <= seen.items()


def test_a_stray_partition_of_a_files_earlier_content_is_pruned(tmp_path):
    store = seeded(tmp_path, range(20))
    store.commit(source(20), entry(20), empty_tables())
    store.commit(source(20), entry(21), empty_tables())
    store.commit(source(20), entry(22), empty_tables())
    shutil.copytree(  # left by a crash before the manifest recorded the commit
        partition_dir(store.root, "documents", entry(22).doc_id),
        partition_dir(store.root, "documents", entry(21).doc_id),
    )
    assert store.prune_orphans() == [entry(21).doc_id]
