"""Benchmark corpora built from the sample reports: many valid files, no two with the same bytes.

The store skips a file whose content hash it has seen, so a corpus of plain copies would measure
nothing after the first file. Each copy is changed where a reader does not look for report
content: a trailing line for TXT, the identifier core property for DOCX, a comment after the
final ``%%EOF`` for PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pypdfium2 as pdfium

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "samples"
KINDS = ("txt", "docx", "pdf")

# A byte-order mark names the encoding the trailing line must be written in; no mark: UTF-8.
TXT_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
CORE_PROPERTIES = "docProps/core.xml"
IDENTIFIER = re.compile(rb"<dc:identifier(?:/>|>[^<]*</dc:identifier>)")
CORE_END = b"</cp:coreProperties>"


def vary_txt(data: bytes, copy: int) -> bytes:
    """The text with one trailing line naming the copy, in the file's own encoding."""
    encoding = next((enc for bom, enc in TXT_BOMS if data.startswith(bom)), "utf-8")
    return data + f"\n# bench copy {copy}\n".encode(encoding)


def vary_docx(data: bytes, copy: int) -> bytes:
    """The package with ``dc:identifier`` naming the copy; every other part unchanged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == CORE_PROPERTIES:
                part = _set_identifier(part, copy)
            target.writestr(info, part, compress_type=info.compress_type)
    return out.getvalue()


def _set_identifier(core: bytes, copy: int) -> bytes:
    identifier = f"<dc:identifier>jixiao-bench-{copy}</dc:identifier>".encode()
    return IDENTIFIER.sub(b"", core).replace(CORE_END, identifier + CORE_END, 1)


def vary_pdf(data: bytes, copy: int) -> bytes:
    """The file with a PDF comment line after its last ``%%EOF`` (readers ignore comments)."""
    tail = b"" if data.endswith(b"\n") else b"\n"
    return data + tail + f"%jixiao-bench copy {copy}\n".encode("ascii")


VARIANTS: dict[str, Callable[[bytes, int], bytes]] = {
    "txt": vary_txt,
    "docx": vary_docx,
    "pdf": vary_pdf,
}


def samples_of(kind: str, samples: Path = SAMPLES) -> list[Path]:
    return sorted(samples.glob(f"*.{kind}"))


def build_corpus(kind: str, count: int, out_dir: Path, samples: Path = SAMPLES) -> list[Path]:
    """``count`` distinct files of one kind under ``out_dir``, cycling through the samples."""
    sources = samples_of(kind, samples)
    if not sources:
        raise ValueError(f"no .{kind} samples under {samples}")
    contents = [(p.stem, p.read_bytes()) for p in sources]
    vary = VARIANTS[kind]
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for copy in range(count):
        stem, data = contents[copy % len(contents)]
        path = out_dir / f"{copy:05d}-{stem}.{kind}"
        path.write_bytes(vary(data, copy))
        written.append(path)
    return written


def concat_pdf(sources: Sequence[Path], pages: int, out: Path) -> Path:
    """One PDF of exactly ``pages`` pages, the sources' pages repeated in turn."""
    target = pdfium.PdfDocument.new()
    try:
        turn = 0
        while len(target) < pages:
            source = pdfium.PdfDocument(sources[turn % len(sources)])
            try:
                take = min(len(source), pages - len(target))
                target.import_pages(source, list(range(take)))
            finally:
                source.close()
            turn += 1
        out.parent.mkdir(parents=True, exist_ok=True)
        target.save(out)
    finally:
        target.close()
    return out


def page_count(path: Path) -> int:
    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()
