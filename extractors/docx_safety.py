"""Checks a DOCX must pass before any of its XML is parsed (issue 6).

A DOCX is a zip of XML parts. Before parsing we refuse zip bombs (judged by the sizes
the zip's central directory declares; ``zipfile`` never inflates a member past its
declared size), XML that carries a DOCTYPE or entity declarations (billion laughs,
external entities), zips that are not Word documents and broken archives. Each refusal
is a ``ReadError`` with one line a person can act on.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import defusedxml.ElementTree as safe_et

from extractors.errors import ReadError
from extractors.settings import raise_setting

# The compression-ratio limit only applies to members at least this large: small XML
# parts (styles, settings) routinely compress 30-100x and are harmless.
RATIO_CHECK_MIN_BYTES = 1024 * 1024
# A Word body compresses further: a real report of 5,000 small tables is 12.8 MB of
# repetitive XML at about 150x. What it expands to is harmless well below the total limit;
# a bomb meant to exhaust memory expands far beyond this.
DOCX_RATIO_CHECK_MIN_BYTES = 64 * 1024 * 1024

DEFAULT_MAIN_PART = "word/document.xml"
OFFICE_DOCUMENT_REL = "/officeDocument"
PACKAGE_RELS = "_rels/.rels"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# What zipfile raises on damaged archives: bad headers, bad data, CRC mismatches, unknown
# versions or compression methods, encrypted members.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

# Main parts of other zip-based formats, to say what a wrongly named file probably is.
OTHER_FORMATS = {
    "xl/workbook.xml": "an Excel workbook (.xlsx)",
    "ppt/presentation.xml": "a PowerPoint file (.pptx)",
    "content.xml": "an OpenDocument file (.odt/.ods)",
}


@dataclass(frozen=True)
class MemberSize:
    name: str
    uncompressed: int
    compressed: int


def zip_bomb_reason(
    members: Iterable[MemberSize],
    max_uncompressed_bytes: int,
    max_compression_ratio: float,
    ratio_min_bytes: int = RATIO_CHECK_MIN_BYTES,
    kind: str = "DOCX",
) -> str | None:
    """Why these member sizes look like a zip bomb, or None when they are within limits."""
    total = 0
    for member in members:
        total += member.uncompressed
        ratio = member.uncompressed / max(member.compressed, 1)
        if member.uncompressed >= ratio_min_bytes and ratio > max_compression_ratio:
            return (
                f"zip bomb refused: {member.name} expands {ratio:.0f}x "
                f"({member.uncompressed:,} bytes; limit {max_compression_ratio:g}x, "
                f"{raise_setting('read.max_docx_compression_ratio')} if the file is trusted)"
            )
    if total > max_uncompressed_bytes:
        return (
            f"zip bomb refused: the {kind} expands to {total:,} bytes "
            f"(limit {max_uncompressed_bytes:,}; {raise_setting('read.max_docx_uncompressed_bytes')} "
            "if the file is trusted)"
        )
    return None


def open_zip(data: bytes, kind: str = "DOCX") -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise ReadError(
            "CorruptFile", f"corrupt {kind}: the zip archive is truncated or damaged ({exc})"
        ) from exc


def check_zip_limits(
    archive: zipfile.ZipFile,
    max_bytes: int,
    max_ratio: float,
    kind: str = "DOCX",
    ratio_min_bytes: int = RATIO_CHECK_MIN_BYTES,
) -> None:
    sizes = (MemberSize(i.filename, i.file_size, i.compress_size) for i in archive.infolist())
    reason = zip_bomb_reason(sizes, max_bytes, max_ratio, ratio_min_bytes, kind=kind)
    if reason is not None:
        raise ReadError("ZipBomb", reason)


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except ZIP_ERRORS as exc:
        raise ReadError("CorruptFile", f"corrupt DOCX: cannot unpack {name} ({exc})") from exc


class _RootReached(Exception):
    """The root element started: no DOCTYPE or entity declaration can follow."""


class _Unsafe(Exception):
    pass


def xml_hazard(data: bytes) -> str | None:
    """What makes this XML unsafe to parse (a DOCTYPE or entity declaration), or None.

    DTDs may only come before the root element, so expat reads the prolog and stops at
    the first start tag; the cost does not grow with the document.
    """
    parser = expat.ParserCreate()

    def on_doctype(name: str, *_: object) -> None:
        raise _Unsafe(f"a DOCTYPE ({name})")

    def on_entity(name: str, *_: object) -> None:
        raise _Unsafe(f"an entity declaration ({name})")

    def on_start(*_: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_entity
    parser.StartElementHandler = on_start
    try:
        parser.Parse(data, True)
    except _RootReached:
        return None
    except _Unsafe as exc:
        return str(exc)
    except expat.ExpatError:
        return None  # not well formed: the parser proper reports it as a corrupt file
    return None


def check_xml(data: bytes, name: str) -> None:
    hazard = xml_hazard(data)
    if hazard is not None:
        raise ReadError(
            "UnsafeXML",
            f"unsafe XML refused: {name} declares {hazard}; Word never writes these",
        )


def main_part_name(archive: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (word/document.xml)."""
    names = set(archive.namelist())
    target = None
    if PACKAGE_RELS in names:
        target = _office_document_target(read_member(archive, PACKAGE_RELS))
    if target is not None and target in names:
        return target
    if DEFAULT_MAIN_PART in names:
        return DEFAULT_MAIN_PART
    if target is not None:
        raise ReadError(
            "CorruptFile",
            f"corrupt DOCX: the main part {target} named in {PACKAGE_RELS} is missing",
        )
    raise not_word_error(names, f"the zip holds no {DEFAULT_MAIN_PART}")


def _office_document_target(rels: bytes) -> str | None:
    check_xml(rels, PACKAGE_RELS)
    try:
        root = safe_et.fromstring(rels, forbid_dtd=True)
    except (ParseError, ValueError) as exc:
        raise ReadError(
            "CorruptFile", f"corrupt DOCX: {PACKAGE_RELS} is not well-formed XML ({exc})"
        ) from exc
    for rel in root.iter(f"{RELS_NS}Relationship"):
        target: str | None = rel.get("Target")
        if rel.get("Type", "").endswith(OFFICE_DOCUMENT_REL) and target:
            return posixpath.normpath(target.lstrip("/"))
    return None


def not_word_error(names: Iterable[str], why: str) -> ReadError:
    present = set(names)
    guess = next((what for part, what in OTHER_FORMATS.items() if part in present), None)
    hint = f"; it looks like {guess} renamed .docx" if guess else ""
    return ReadError("WrongExtension", f"not a Word document: {why}{hint}")
