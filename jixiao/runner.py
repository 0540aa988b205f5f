"""What to extract and how one document goes from raw file to the curated store.

Shared by the Dagster assets (which call `process_file`), the sensor and schedule (which call
`plan`), and the CLI (which calls `plan` to skip unchanged files before touching Dagster).
No Dagster here.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao import __version__
from jixiao.store import CuratedStore, Manifest, ManifestEntry

if TYPE_CHECKING:  # the extraction core (and its jieba dictionary) loads only when needed
    import pyarrow as pa

    from extractors.dispatch import ReadSettings
    from jixiao.checks import CheckOutcome
    from jixiao.diff import DocumentDiff
    from jixiao.extraction import ExtractionResult

PARTITION_KEY_HASH_LENGTH = 8
PARTITION_KEY_MAX_PATH = 80  # characters of the path kept in a key (its end: the file name)
# Characters that break Dagster partition keys or the UI's range syntax ([a...b], a,b, a|b),
# the run keys (:) and whitespace: each becomes "_" in a key (the hash keeps keys distinct).
UNSAFE_IN_KEY = re.compile(r"[/\\,\[\]|:\s\x00-\x1f\x7f]+|\.{3,}")
HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class RawFile:
    path: Path
    source_path: str  # relative to the raw root, POSIX separators
    size: int
    mtime_ns: int

    @property
    def key(self) -> str:
        return partition_key(self.source_path)


@dataclass(frozen=True)
class Plan:
    """The raw folder compared with the manifest."""

    stale: tuple[RawFile, ...]  # new, changed, or extracted by another version
    unchanged: tuple[RawFile, ...]
    deleted: tuple[str, ...]  # source paths in the manifest whose file is gone
    touched: dict[str, ManifestEntry] = field(default_factory=dict)  # same bytes, new mtime
    hashes: dict[str, str] = field(default_factory=dict)  # sha256 of files hashed while planning


@dataclass(frozen=True)
class Outcome:
    """One document processed: what was extracted, what it replaced, what the checks say."""

    source_path: str
    result: ExtractionResult
    tables: dict[str, pa.Table]
    diff: DocumentDiff
    checks: tuple[CheckOutcome, ...]
    replaced_doc_id: str | None


def partition_key(source_path: str) -> str:
    """A key a person can read and search for: the path relative to the raw root with the
    characters keys cannot hold (`/ , [ ] | :`, whitespace) as "_", its end kept when long,
    then "~" and a short hash of the exact path (``部门/2024 报告.pdf`` ->
    ``部门_2024_报告.pdf~3f2a9c1b``)."""
    data = source_path.encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(data).hexdigest()[:PARTITION_KEY_HASH_LENGTH]
    readable = UNSAFE_IN_KEY.sub("_", source_path.encode("utf-8", "replace").decode("utf-8"))
    return f"{readable[-PARTITION_KEY_MAX_PATH:].strip('_')}~{digest}"


def scan_raw(raw_root: Path, exclude: Iterable[Path] = ()) -> list[RawFile]:
    """Every file under the raw root, sorted by path. Hidden files and folders are skipped,
    and so are the ``exclude`` folders (an output directory placed inside the raw root) and
    the folder of images a browser saves beside a web page."""
    skip = {os.path.abspath(p) for p in exclude}
    found: list[RawFile] = []
    for dirpath, dirnames, filenames in os.walk(raw_root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and os.path.abspath(os.path.join(dirpath, d)) not in skip
            and not is_saved_page_folder(d, filenames)
        )
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            stat = _stat_or_lstat(path)
            source_path = path.relative_to(raw_root).as_posix()
            found.append(RawFile(path, source_path, stat.st_size, stat.st_mtime_ns))
    return sorted(found, key=lambda f: f.source_path)


# A browser saving "page.html" complete puts its images and styles in "page_files"
# (Word and older browsers: "page.files"); both suffixes, as the browser writes them.
SAVED_PAGE_FOLDER = re.compile(r"(?P<stem>.+)(?:_files|\.files|_文件)")
WEB_PAGE_SUFFIXES = (".html", ".htm")


def is_saved_page_folder(folder: str, filenames: Iterable[str]) -> bool:
    """Whether ``folder`` holds the images of a web page saved beside it."""
    match = SAVED_PAGE_FOLDER.fullmatch(folder)
    if match is None:
        return False
    pages = {(match["stem"] + suffix).lower() for suffix in WEB_PAGE_SUFFIXES}
    return any(name.lower() in pages for name in filenames)


def _stat_or_lstat(path: Path) -> os.stat_result:
    """The file's stat; for a dangling symlink the link's own, so one bad entry is reported
    as that document's failure instead of stopping the scan."""
    try:
        return path.stat()
    except OSError:
        return path.lstat()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def plan(files: Iterable[RawFile], manifest: Manifest, force: bool = False) -> Plan:
    """Which files need extracting: unchanged means same size+mtime, or else same content."""
    stale: list[RawFile] = []
    unchanged: list[RawFile] = []
    touched: dict[str, ManifestEntry] = {}
    hashes: dict[str, str] = {}
    seen: set[str] = set()
    for f in files:
        seen.add(f.source_path)
        entry = manifest.get(f.source_path)
        if force or entry is None or entry.extractor_version != __version__:
            stale.append(f)
            continue
        if entry.size == f.size and entry.mtime_ns == f.mtime_ns:
            unchanged.append(f)
            continue
        digest = hashes[f.source_path] = sha256_of(f.path)
        if digest == entry.sha256:
            unchanged.append(f)
            touched[f.source_path] = ManifestEntry(
                entry.doc_id, f.size, f.mtime_ns, digest, entry.extractor_version
            )
        else:
            stale.append(f)
    deleted = tuple(sorted(set(manifest) - seen))
    return Plan(tuple(stale), tuple(unchanged), deleted, touched, hashes)


Extractor = Callable[[Path, Path, "ReadSettings | None"], "ExtractionResult"]


def process_file(
    raw: RawFile,
    raw_root: Path,
    store: CuratedStore,
    settings: ReadSettings | None = None,
    extract: Extractor | None = None,
    manifest: Manifest | None = None,
) -> Outcome:
    """Extract one file, write its tables, drop what they replace, diff against before.

    ``extract`` defaults to `extract_file` in this process; `jixiao.isolation` passes its
    worker's so a hang or a crash costs only this document. ``manifest`` is the store's
    manifest as the caller last read it (at least this file's entry); without it the manifest
    is read here, which a caller looping over many files should avoid (it grows with them).
    """
    from jixiao.checks import run_checks
    from jixiao.diff import diff_documents
    from jixiao.isolation import failed_result, path_refusal
    from jixiao.tabulate import to_tables

    previous_entry = (manifest if manifest is not None else store.load_manifest()).get(
        raw.source_path
    )
    previous = (
        store.read_document(previous_entry.doc_id, raw.source_path) if previous_entry else None
    )
    refusal = path_refusal(raw.path, raw_root)
    if refusal is not None:
        # Never open what must not be read (a symlink out of the raw root, a pipe): even
        # hashing a FIFO here would block the whole run.
        stat = raw.path.lstat()
        result = failed_result(raw.path, raw_root, "read", *refusal, read_bytes=False)
        digest = ""
    else:
        stat = raw.path.stat()
        if extract is None:
            from jixiao.extraction import extract_file

            extract = extract_file
        result = extract(raw.path, raw_root, settings)
        digest = sha256_of(raw.path)
        if digest[: len(result.doc_id)] != result.doc_id:
            digest = ""  # the file changed while it was read: the next run must look again
    tables = to_tables(result)
    entry = ManifestEntry(
        doc_id=result.doc_id,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        sha256=digest,
        extractor_version=__version__,
    )
    replaced = store.commit(raw.source_path, entry, tables)
    return Outcome(
        source_path=raw.source_path,
        result=result,
        tables=tables,
        diff=diff_documents(previous, tables),
        checks=tuple(run_checks(result)),
        replaced_doc_id=replaced,
    )
