"""What to extract: the raw folder's files (`scan_raw`) compared with the manifest (`plan`).

Shared by the sensor and schedule (which call `plan`), the Dagster asset (which finds the
files behind its partition keys) and the CLI (which calls `plan` to skip unchanged files
before touching Dagster, and hands its scan to the run). How one file then goes to the
curated store is `jixiao.processing`. No Dagster here.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISLNK, S_ISREG

from jixiao import __version__
from jixiao.pathnames import printable_path
from jixiao.store import Manifest, ManifestEntry

PARTITION_KEY_HASH_LENGTH = 8
PARTITION_KEY_MAX_PATH = 80  # characters of the path kept in a key (its end: the file name)
# Characters that break Dagster partition keys or the UI's range syntax ([a...b], a,b, a|b),
# the run keys (:) and control characters: each run of them, with the spaces around it,
# becomes "_" in a key (the hash keeps keys distinct). Other spaces stay, so the file name
# typed as it is written finds its partition in the UI's filter.
_UNSAFE = r"[/\\,\[\]|:\x00-\x1f\x7f-\x9f]|\.{3,}"
UNSAFE_IN_KEY = re.compile(rf"\s*(?:{_UNSAFE})(?:\s*(?:{_UNSAFE}))*\s*")
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


def partition_key(source_path: str) -> str:
    """A key a person can read and search for: the path relative to the raw root with the
    characters keys cannot hold (`/ , [ ] | :`, control characters) as "_", its end kept when
    long, then "~" and a short hash of the exact path (``部门/2024 报告[终].pdf`` ->
    ``部门_2024 报告_终_.pdf~3f2a9c1b``)."""
    data = source_path.encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(data).hexdigest()[:PARTITION_KEY_HASH_LENGTH]
    readable = UNSAFE_IN_KEY.sub("_", source_path.encode("utf-8", "replace").decode("utf-8"))
    return f"{readable[-PARTITION_KEY_MAX_PATH:].strip('_ ')}~{digest}"


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
    """Which files need extracting: unchanged means same size+mtime, or else same content
    (hashed only when the size is the same: a file of another size is stale unread)."""
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
        if not f.regular or entry.size != f.size:
            # Never opened: a pipe or a device would block or never end, and bytes of
            # another length are other bytes (the extraction reads them, once).
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
