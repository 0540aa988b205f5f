"""What must not be read, and the result of a document nothing could be extracted from.

A path (or symlink) that leads outside the raw root, or a file that is not a regular file (a
FIFO would block the reader forever), is refused before it is opened. A refused file, and one
whose worker crashed, hung or ran out of memory (`jixiao.isolation`), becomes a `failed`
ExtractionResult with one error row.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from jixiao import __version__
from jixiao.pathnames import printable_path
from jixiao.result import DOC_ID_LENGTH, ExtractionResult, doc_id_of, file_format_of
from records import DocumentRecord, ErrorRecord


def source_path_of(path: Path, raw_root: Path) -> str:
    """The path as the curated tables name it: relative to the raw root, POSIX separators."""
    absolute = Path(os.path.abspath(path))
    root = Path(os.path.abspath(raw_root))
    relative = absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else path.name
    return printable_path(relative)


def path_refusal(path: Path, raw_root: Path) -> tuple[str, str] | None:
    """Why ``path`` must not be read, as (error type, message), or None when it may be.

    Symlinks are resolved without reading anything: one that leads outside the raw root is
    refused, not followed.
    """
    root = raw_root.resolve()
    try:
        target = path.resolve()
    except RuntimeError:  # Python 3.11's word for a symlink loop
        return "Unreadable", "cannot read the file: a symlink loop (the link leads back to itself)"
    if not target.is_relative_to(root):
        what = "a symlink" if _is_link_on_the_way(path, raw_root) else "the path"
        return (
            "OutsideRawRoot",
            f"refused: {what} leads outside the raw folder ({target}); "
            "copy the file into the raw folder instead",
        )
    try:
        mode = target.stat().st_mode
    except OSError as exc:
        return "Unreadable", f"cannot read the file: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "Unreadable", "cannot read the folder: its files could not be listed"
    if not stat.S_ISREG(mode):
        return "NotAFile", "refused: not a regular file (a pipe, device or socket cannot be read)"
    return None


def _is_link_on_the_way(path: Path, raw_root: Path) -> bool:
    current = Path(os.path.abspath(path))
    root = Path(os.path.abspath(raw_root))
    while current != root and current != current.parent:
        if current.is_symlink():
            return True
        current = current.parent
    return False


def failed_result(
    path: Path, raw_root: Path, stage: str, error_type: str, message: str, read_bytes: bool = True
) -> ExtractionResult:
    """A `failed` result with one error row, for a document nothing could be extracted from.

    ``doc_id`` is the hash of the file's bytes as usual; for a file that must not be read
    (``read_bytes=False``) it is the hash of its source path, so refusals do not collide.
    """
    source_path = source_path_of(path, raw_root)
    data = _bytes_or_none(path) if read_bytes else None
    sha256 = hashlib.sha256(data).hexdigest() if data is not None else ""
    doc_id = sha256[:DOC_ID_LENGTH] or doc_id_of(f"unread:{source_path}".encode())
    record = DocumentRecord(
        source_path=source_path,
        file_format=file_format_of(path),
        status="failed",
        error=message,
        extractor_version=__version__,
    )
    error = ErrorRecord(source_path, stage, error_type, message)
    return ExtractionResult(doc_id=doc_id, document=record, errors=[error], sha256=sha256)


def _bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
