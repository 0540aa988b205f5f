"""One raw file from its bytes to the curated store. No Dagster here.

The flow, and the one type that carries each step (from reader to CLI):

    RawFile          `jixiao.runner.scan_raw`: a path under the raw root, its size and time
      read_raw       the file's bytes, read once, and the stat of the open file
    ExtractionResult `jixiao.extraction.extract_bytes`: hash, format sniffing and reader all
                     on those bytes (the reader's `Document` stays inside the extraction)
    Outcome          `prepare`: the result's eight tables, the diff against what the store
                     held, the checks, and the manifest entry to record
      commit         the tables written, the manifest entry last (`Outcome.replaced_doc_id`)
    (RawFile, Outcome | exception)
                     `jixiao.batch.process_batch`, per file: its outcome, or what stopped it
                     (deleted during the run, the store unwritable, a bug in jixiao)
    RunSummary       `jixiao extract`'s counts; the Dagster asset logs each Outcome's events

`prepare` runs where the document is extracted, in a worker process when it is isolated
(`jixiao.isolation`); `commit` runs in the process that holds the store, so a run reads the
manifest once and a worker never reads it. `process_file` does both in this process.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa

from extractors.settings import ReadSettings
from jixiao import __version__
from jixiao.checks import run_checks
from jixiao.diff import DocumentDiff, diff_documents
from jixiao.refusal import failed_result, path_refusal
from jixiao.result import ExtractionResult
from jixiao.runner import FileGone, RawFile, is_gone, observed_stat
from jixiao.store import CuratedStore, Manifest, ManifestEntry
from jixiao.tabulate import to_tables
from parsers.checks import CheckResult

# What extracts a file's records from its bytes: (bytes, source path, settings).
Extractor = Callable[[bytes, str, ReadSettings | None], ExtractionResult]


@dataclass(frozen=True)
class Outcome:
    """One document processed: what was extracted, its tables, the diff against what the
    store held for its path, the checks, and what the manifest records of it."""

    raw: RawFile
    result: ExtractionResult
    tables: dict[str, pa.Table]
    diff: DocumentDiff
    checks: tuple[CheckResult, ...]
    entry: ManifestEntry
    replaced_doc_id: str | None = None  # set by `commit`: the doc_id the path held before

    @property
    def source_path(self) -> str:
        return self.raw.source_path


def extract_core(
    data: bytes, source_path: str, settings: ReadSettings | None = None
) -> ExtractionResult:
    """`jixiao.extraction.extract_bytes`, loaded on first use: the process running Dagster
    hands documents to workers (which preload it) and never loads the parsers' dictionaries."""
    from jixiao.extraction import extract_bytes

    return extract_bytes(data, source_path, settings)


def read_raw(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes, read once, and its stat as the read began: the manifest records
    that size and time with the hash of these bytes, so a change made meanwhile shows at the
    next run as a new size or time."""
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        return handle.read(), stat


def prepare(
    raw: RawFile,
    raw_root: Path,
    store: CuratedStore,
    settings: ReadSettings | None = None,
    previous: ManifestEntry | None = None,
    extract: Extractor = extract_core,
) -> Outcome:
    """Read and extract one file and make its Outcome; nothing is written. ``previous`` is
    what the manifest holds for its path (the diff is against that document)."""
    _still_there(raw)
    refusal = path_refusal(raw.path, raw_root)
    if refusal is not None:
        # Never open what must not be read (a symlink out of the raw root, a pipe): even
        # hashing a FIFO here would block the whole run.
        result = failed_result(raw.path, raw_root, "read", *refusal, read_bytes=False)
        return outcome_of(raw, result, store, previous, observed_stat(raw.path, raw_root))
    try:
        data, stat = read_raw(raw.path)
    except OSError as error:
        _still_there(raw)
        message = f"cannot read the file: {error.strerror or error}"
        result = failed_result(raw.path, raw_root, "read", "Unreadable", message, False)
        return outcome_of(raw, result, store, previous, observed_stat(raw.path, raw_root))
    return outcome_of(raw, extract(data, raw.source_path, settings), store, previous, stat)


def outcome_of(
    raw: RawFile,
    result: ExtractionResult,
    store: CuratedStore,
    previous: ManifestEntry | None,
    stat: os.stat_result | None,
) -> Outcome:
    """``result`` as an Outcome: its tables, the diff against ``previous``, the checks, and
    the manifest entry (size and time from ``stat``, the file as it was read)."""
    if result.document.status == "failed":
        _still_there(raw)  # a file deleted while it was read is not a failed document
    tables = to_tables(result)
    before = store.read_document(previous.doc_id, raw.source_path) if previous else None
    entry = ManifestEntry(
        doc_id=result.doc_id,
        size=stat.st_size if stat else 0,
        mtime_ns=stat.st_mtime_ns if stat else 0,
        sha256=result.sha256,
        extractor_version=__version__,
    )
    checks = tuple(run_checks(result))
    return Outcome(raw, result, tables, diff_documents(before, tables), checks, entry)


def commit(outcome: Outcome, store: CuratedStore) -> Outcome:
    """Write the document's tables, drop what they replace, record it in the manifest last."""
    replaced = store.commit(outcome.source_path, outcome.entry, outcome.tables)
    return replace(outcome, replaced_doc_id=replaced)


def process_file(
    raw: RawFile,
    raw_root: Path,
    store: CuratedStore,
    settings: ReadSettings | None = None,
    manifest: Manifest | None = None,
    extract: Extractor = extract_core,
) -> Outcome:
    """`prepare` and `commit` in this process. ``manifest`` is the store's manifest as the
    caller last read it (at least this file's entry); without it the manifest is read here,
    which a caller looping over many files should avoid (it grows with them)."""
    previous = (manifest if manifest is not None else store.load_manifest()).get(raw.source_path)
    return commit(prepare(raw, raw_root, store, settings, previous, extract), store)


def _still_there(raw: RawFile) -> None:
    if is_gone(raw.path):
        raise FileGone(errno.ENOENT, "deleted during the run", raw.source_path)
