"""What to extract and how one document goes from raw file to the curated store.

Shared by the Dagster assets (which call `process_file`), the sensor and schedule (which call
`plan`), and the CLI (which calls `plan` to skip unchanged files before touching Dagster).
No Dagster here.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import TYPE_CHECKING

from jixiao import __version__
from jixiao.pathnames import printable_path
from jixiao.store import CuratedStore, Manifest, ManifestEntry

if TYPE_CHECKING:  # the extraction core (and its jieba dictionary) loads only when needed
    import pyarrow as pa

    from extractors.settings import ReadSettings
    from jixiao.diff import DocumentDiff
    from jixiao.extraction import ExtractionResult
    from parsers.checks import CheckResult

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
    regular: bool = True  # a regular file (or a link to one inside the raw root): safe to hash

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
    checks: tuple[CheckResult, ...]
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
    the folder of images a browser saves beside a web page. A folder that cannot be listed
    (a path too long, no permission) is an entry of its own, refused when processed, so it
    gets a row and an error instead of vanishing."""
    skip = {os.path.abspath(p) for p in exclude}
    found: list[RawFile] = []
    unlisted: list[str] = []
    for dirpath, dirnames, filenames in os.walk(
        raw_root, onerror=lambda e: unlisted.append(e.filename)
    ):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and os.path.abspath(os.path.join(dirpath, d)) not in skip
            and not is_saved_page_folder(d, filenames)
        )
        for name in filenames:
            if not name.startswith("."):
                found.append(raw_file(Path(dirpath) / name, raw_root))
    found += [raw_file(Path(folder), raw_root) for folder in unlisted if folder != str(raw_root)]
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


def raw_file(path: Path, raw_root: Path) -> RawFile:
    stat = observed_stat(path, raw_root)
    source_path = printable_path(path.relative_to(raw_root).as_posix())
    size, mtime_ns = (stat.st_size, stat.st_mtime_ns) if stat else (0, 0)
    return RawFile(path, source_path, size, mtime_ns, stat is not None and S_ISREG(stat.st_mode))


def observed_stat(path: Path, raw_root: Path) -> os.stat_result | None:
    """What the scan and the manifest record of a path: the file's own stat, or for a
    symlink its target's when that is a regular file inside the raw root, else the link's
    (a link to a pipe, a device, a loop or outside the root is refused without being
    opened, and its link stays unchanged from run to run). None: not even that is readable."""
    try:
        link = path.lstat()
    except OSError:
        return None
    if not S_ISLNK(link.st_mode):
        return link
    try:
        target = path.resolve(strict=True)
        if target.is_relative_to(raw_root.resolve()):
            stat = target.stat()
            if S_ISREG(stat.st_mode):
                return stat
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        pass
    return link


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
        if not f.regular:  # never opened: a pipe or a device would block or never end
            stale.append(f)
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


class FileGone(FileNotFoundError):
    """The raw file was deleted during the run: nothing to record (the next run forgets it)."""


def is_gone(path: Path) -> bool:
    """The path no longer exists (one that exists but cannot be read is not gone)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        pass
    return False


def _still_there(raw: RawFile) -> None:
    if is_gone(raw.path):
        raise FileGone(errno.ENOENT, "deleted during the run", raw.source_path)


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
    _still_there(raw)
    # The size and time of the file before it is read go to the manifest with the hash of
    # the bytes read: a change made meanwhile shows at the next run as a new size or time.
    stat = observed_stat(raw.path, raw_root)
    refusal = path_refusal(raw.path, raw_root)
    if refusal is not None:
        # Never open what must not be read (a symlink out of the raw root, a pipe): even
        # hashing a FIFO here would block the whole run.
        result = failed_result(raw.path, raw_root, "read", *refusal, read_bytes=False)
    else:
        if extract is None:
            from jixiao.extraction import extract_file

            extract = extract_file
        result = extract(raw.path, raw_root, settings)
    if result.document.status == "failed":
        _still_there(raw)  # a file deleted while it was read is not a failed document
    tables = to_tables(result)
    entry = ManifestEntry(
        doc_id=result.doc_id,
        size=stat.st_size if stat else 0,
        mtime_ns=stat.st_mtime_ns if stat else 0,
        sha256=result.sha256,
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
