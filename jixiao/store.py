"""The curated store: one Hive partition per document and table, plus a manifest.

Layout under the curated root ``OUT``::

    OUT/<table>/doc_id=<id>/part.parquet    every table of the contract, for every document
    OUT/_jixiao/manifest.json               source_path -> what was extracted from it, and when
    OUT/_jixiao/manifest.journal            the manifest's latest changes (`jixiao.manifest`)
    OUT/_jixiao/lock                        serialises commits of concurrent runs

Each Parquet file also holds the ``doc_id`` column, so readers that ignore the directory
names still see it. Files are written atomically (temp file in the same directory, fsync,
``os.replace``) and deterministically (same rows, same bytes). A document's manifest record
is written last: a crash at any moment leaves the manifest with or without the record,
never half of it, and the next run redoes whatever the manifest does not record as done.

DuckDB ``read_parquet('OUT/amounts/**/*.parquet', hive_partitioning=1)`` and
``pyarrow.dataset.dataset('OUT/amounts')`` read a table as one; pandas needs
``pandas.read_parquet('OUT/amounts', partitioning=None)`` because its default hive
discovery types the directory value as a dictionary that clashes with the file's column.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jixiao.atomic import write_atomic
from jixiao.manifest import (
    SNAPSHOT_FILE,
    Manifest,
    ManifestEntry,
    ManifestLog,
    ManifestPolicy,
)
from jixiao.schema import TABLE_NAMES, TABLES, TABLES_BY_NAME

__all__ = [
    "LOCK_FILE",
    "MANIFEST_FILE",
    "META_DIR",
    "PARQUET_OPTIONS",
    "PART_FILE",
    "CuratedStore",
    "Manifest",
    "ManifestEntry",
    "ManifestPolicy",
    "StoreWriteError",
    "empty_tables",
    "manifest_path",
    "part_path",
    "partition_dir",
    "validate",
    "write_parquet_atomic",
]

PART_FILE = "part.parquet"
META_DIR = "_jixiao"
MANIFEST_FILE = SNAPSHOT_FILE
LOCK_FILE = "lock"
# Tables whose rows name the raw file: one copy per path holding the same bytes.
PER_PATH_TABLES = ("documents", "extraction_errors")

# Fixed writer options: together with a pinned pyarrow they make the bytes reproducible.
PARQUET_OPTIONS: Mapping[str, object] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
}


def partition_dir(root: Path, table: str, doc_id: str) -> Path:
    return root / table / f"doc_id={doc_id}"


def part_path(root: Path, table: str, doc_id: str) -> Path:
    return partition_dir(root, table, doc_id) / PART_FILE


def manifest_path(root: Path) -> Path:
    return root / META_DIR / MANIFEST_FILE


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` so that readers see the old file or the new one, never half."""
    write_atomic(path, lambda handle: pq.write_table(table, handle, **PARQUET_OPTIONS))


def validate(name: str, table: pa.Table) -> pa.Table:
    """The table with exactly the contract's schema (column order and types), or ValueError."""
    schema = TABLES_BY_NAME[name].schema
    if table.schema.names != schema.names:
        raise ValueError(f"{name}: columns {table.schema.names} differ from {schema.names}")
    if table.schema != schema:
        table = table.cast(schema)
    return table.replace_schema_metadata(None)


def rows_per_path(table: pa.Table, paths: Iterable[str]) -> pa.Table:
    """``table`` (the rows of one path) repeated for each of ``paths``, in path order."""
    column = table.schema.get_field_index("source_path")
    copies = [
        table.set_column(column, "source_path", pa.array([path] * table.num_rows, pa.string()))
        for path in sorted(paths)
    ]
    return pa.concat_tables(copies) if copies else table.slice(0, 0)


def one_path_rows(table: pa.Table) -> pa.Table:
    """The rows of the first path named in a per-path table (all copies are alike)."""
    if table.num_rows == 0:
        return table
    return table.filter(pc.equal(table["source_path"], table["source_path"][0]))


def empty_tables() -> dict[str, pa.Table]:
    return {spec.name: spec.schema.empty_table() for spec in TABLES}


class StoreWriteError(OSError):
    """The store cannot be written (disk full, read-only, no permission): the run stops."""

    @classmethod
    def of(cls, error: OSError, root: Path) -> StoreWriteError:
        what = error.strerror or str(error)
        return cls(error.errno, f"cannot write the curated store {root}: {what}")

    def __str__(self) -> str:
        return self.strerror or super().__str__()


class CuratedStore:
    """Reads and writes the curated root. All writes of one document go through `commit`."""

    def __init__(self, root: Path, manifest_policy: ManifestPolicy | None = None) -> None:
        self.root = Path(root)
        self._manifest = ManifestLog(self.root / META_DIR, manifest_policy)

    # -- manifest ---------------------------------------------------------------------
    def load_manifest(self) -> Manifest:
        return self._manifest.read()

    def save_manifest(self, manifest: Manifest) -> None:
        """Replace the whole manifest with ``manifest``."""
        with self.locked():
            self._manifest.replace(manifest)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Serialise read-modify-write of the store across processes (runs in parallel)."""
        lock = self.root / META_DIR / LOCK_FILE
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            handle = open(lock, "a+b")  # noqa: SIM115 (closed below; opening may fail)
        except OSError as error:
            raise StoreWriteError.of(error, self.root) from error
        with handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """A stable store for a reader of many files: no commit runs meanwhile (shared lock).

        Without a lock file no run has written here, and there is nothing to wait for.
        """
        lock = self.root / META_DIR / LOCK_FILE
        if not lock.exists():
            yield
            return
        with open(lock, "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def committed_doc_ids(self) -> set[str] | None:
        """The doc_ids the manifest records (partitions without one are a commit under way or
        a crash's leftovers); None for a store without a manifest (written by other means)."""
        if not self._manifest.snapshot_path.exists() and not self._manifest.journal_path.exists():
            return None
        return set(self._manifest.view().holders)

    # -- documents --------------------------------------------------------------------
    def commit(
        self,
        source_path: str,
        entry: ManifestEntry,
        tables: Mapping[str, pa.Table],
    ) -> str | None:
        """Write one document's eight tables, drop what they replace, then record it.

        Identical bytes under several paths share one partition: its `documents` and
        `extraction_errors` rows are repeated once per path that holds them.
        Returns the doc_id this path held before (the file's previous content), if any.
        """
        checked = {name: validate(name, tables[name]) for name in TABLE_NAMES}
        with self.locked():
            manifest = self._manifest.view()
            holders = manifest.holders.get(entry.doc_id, frozenset()) | {source_path}
            previous = manifest.entries.get(source_path)
            replaced = None
            try:
                for name, table in checked.items():
                    if name in PER_PATH_TABLES:
                        table = rows_per_path(table, holders)
                    write_parquet_atomic(table, part_path(self.root, name, entry.doc_id))
                if previous is not None and previous.doc_id != entry.doc_id:
                    others = manifest.holders.get(previous.doc_id, frozenset()) - {source_path}
                    self._keep_rows_of(previous.doc_id, others)
                    replaced = previous.doc_id
                self._manifest.record({source_path: entry})
            except OSError as error:
                if entry.doc_id not in manifest.holders:  # nothing of it stays behind
                    self.remove_document(entry.doc_id)
                raise StoreWriteError.of(error, self.root) from error
        return replaced

    def forget(self, source_paths: list[str]) -> list[str]:
        """Remove the rows of raw files that are gone. Returns the doc_ids removed."""
        removed: list[str] = []
        with self.locked():
            manifest = self._manifest.view()
            gone = [src for src in dict.fromkeys(source_paths) if src in manifest.entries]
            for doc_id in sorted({manifest.entries[src].doc_id for src in gone}):
                # Identical bytes under two paths share a doc_id: keep it while one remains.
                left = manifest.holders.get(doc_id, frozenset()) - set(gone)
                self._keep_rows_of(doc_id, left)
                if not left:
                    removed.append(doc_id)
            if gone:
                self._manifest.record({}, gone)
        return removed

    def touch(self, updates: Mapping[str, ManifestEntry]) -> None:
        """Record new size/mtime for files whose bytes did not change (no data written)."""
        if not updates:
            return
        with self.locked():
            self._manifest.record(updates)

    def remove_document(self, doc_id: str) -> None:
        for name in TABLE_NAMES:
            shutil.rmtree(partition_dir(self.root, name, doc_id), ignore_errors=True)

    def _keep_rows_of(self, doc_id: str, paths: frozenset[str]) -> None:
        """Make ``doc_id``'s per-path rows those of ``paths``; no paths: remove it."""
        if not paths:
            self.remove_document(doc_id)
            return
        for name in PER_PATH_TABLES:
            path = part_path(self.root, name, doc_id)
            if path.is_file():
                table = pq.read_table(path, partitioning=None, schema=TABLES_BY_NAME[name].schema)
                write_parquet_atomic(rows_per_path(one_path_rows(table), paths), path)

    def clean_up(self) -> None:
        """What a killed run left behind, removed at the start of a run under the lock: temp
        files of writes never finished, and partitions never recorded (`prune_orphans`)."""
        with self.locked():
            for pattern in (f"*/doc_id=*/.{PART_FILE}.*.tmp", f"{META_DIR}/.*.tmp"):
                for leftover in self.root.glob(pattern):
                    leftover.unlink(missing_ok=True)
        self.prune_orphans()

    def prune_orphans(self) -> list[str]:
        """Remove partitions no manifest entry refers to (left by a crash before the manifest)."""
        with self.locked():
            known = set(self._manifest.view().holders)
            orphans = sorted(self.stored_doc_ids() - known)
            for doc_id in orphans:
                self.remove_document(doc_id)
        return orphans

    def stored_doc_ids(self) -> set[str]:
        found: set[str] = set()
        for name in TABLE_NAMES:
            table_dir = self.root / name
            if table_dir.is_dir():
                found.update(
                    p.name.removeprefix("doc_id=")
                    for p in table_dir.iterdir()
                    if p.is_dir() and p.name.startswith("doc_id=")
                )
        return found

    def read_document(
        self, doc_id: str, source_path: str | None = None
    ) -> dict[str, pa.Table] | None:
        """One document's stored tables, or None when the store has nothing for it; with
        ``source_path``, only that path's rows of the per-path tables."""
        if not part_path(self.root, "documents", doc_id).is_file():
            return None
        tables = {}
        for spec in TABLES:
            path = part_path(self.root, spec.name, doc_id)
            if path.is_file():
                table = pq.read_table(path, partitioning=None, schema=spec.schema)
                if source_path is not None and spec.name in PER_PATH_TABLES:
                    table = table.filter(pc.equal(table["source_path"], source_path))
                tables[spec.name] = table
            else:
                tables[spec.name] = spec.schema.empty_table()
        return tables

    def read_table(self, name: str) -> pa.Table:
        """A whole curated table (all documents), ordered by doc_id."""
        spec = TABLES_BY_NAME[name]
        files = sorted((self.root / name).glob(f"doc_id=*/{PART_FILE}"))
        parts = [pq.read_table(f, partitioning=None, schema=spec.schema) for f in files]
        return pa.concat_tables(parts) if parts else spec.schema.empty_table()
