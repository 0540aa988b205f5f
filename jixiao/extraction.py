"""The extraction core: one raw file in, every curated record out. No Dagster here.

`extract_bytes` takes the file's bytes, read once by its caller (`jixiao.processing`): the
hash (doc_id, sha256), the format sniffing and the reader work on that one buffer, and the
reader's `Document` goes through the parsing stages into one `ExtractionResult`.

`extract_file` never raises for a bad document: each stage that fails adds an
`ErrorRecord` and the document becomes `partial` (or `failed` when nothing could be
read). A `SuspiciousAmount` row (stage `amounts`) is a warning about a figure that was
kept (a written minus sign, a value above 10^8 万元): nothing was lost, so it neither
makes the document partial nor fills `documents.error`; it comes after the other rows. An
`Inconsistent` row (stage `summary`) is such a warning too: the text states another headline
figure than the table, whose figure was kept. Stages run in order: read -> metadata -> segment -> tables -> amounts -> summary
-> findings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields, replace
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from extractors.dispatch import read_document
from extractors.errors import ReadError
from extractors.model import Document
from extractors.settings import ReadSettings
from jixiao import __version__
from jixiao.pathnames import printable_path
from jixiao.result import DOC_ID_LENGTH, ExtractionResult, file_format_of
from normalizers.script import simplified_document
from parsers.amounts import find_amounts, suspicious_amounts
from parsers.findings import find_findings
from parsers.metadata import DocumentMetadata, read_metadata
from parsers.prose_facts import with_prose_facts
from parsers.sections import segment
from parsers.summary import (
    as_budget_amounts,
    is_budget_document,
    is_one_project_report,
    summarise_checked,
)
from parsers.tables import TableFacts, read_tables
from records import (
    AmountRecord,
    DocSummaryRecord,
    DocumentRecord,
    ErrorRecord,
    FindingRecord,
    ProjectRecord,
    SectionRecord,
)

T = TypeVar("T")

SUSPICIOUS_AMOUNT = "SuspiciousAmount"  # a warning row: does not change the status
# A warning row too: the text states another headline figure than the table (kept).
INCONSISTENT = "Inconsistent"


class _Stages:
    """Runs named stages, turning any exception into an error record."""

    def __init__(self, source_path: str) -> None:
        self.source_path = source_path
        self.errors: list[ErrorRecord] = []

    def run(self, stage: str, fn: Callable[[], T], fallback: T) -> T:
        try:
            return fn()
        except ReadError as exc:
            self.errors.append(ErrorRecord(self.source_path, stage, exc.error_type, exc.message))
        except Exception as exc:  # a parser bug must not lose the document
            message = f"{stage} failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
            self.errors.append(ErrorRecord(self.source_path, stage, type(exc).__name__, message))
        return fallback


def extract_file(
    path: Path, raw_root: Path, settings: ReadSettings | None = None
) -> ExtractionResult:
    """Extract every curated record from one raw file, read once (`extract_bytes`)."""
    source_path = printable_path(
        path.relative_to(raw_root).as_posix() if path.is_relative_to(raw_root) else path.name
    )
    return extract_bytes(path.read_bytes(), source_path, settings)


def extract_bytes(
    data: bytes, source_path: str, settings: ReadSettings | None = None
) -> ExtractionResult:
    """Every curated record of the file at ``source_path`` whose bytes are ``data``: its hash
    (doc_id, sha256), the sniffing of its format and the reader all work on these bytes."""
    settings = settings or ReadSettings()
    sha256 = hashlib.sha256(data).hexdigest()
    doc_id = sha256[:DOC_ID_LENGTH]
    file_format = file_format_of(source_path)
    stages = _Stages(source_path)

    doc = stages.run("read", lambda: read_document(data, source_path, settings), None)
    if doc is None:
        first = stages.errors[0] if stages.errors else None
        record = DocumentRecord(
            source_path=source_path,
            file_format=file_format,
            status="failed",
            error=first.message if first else "nothing could be read",
            extractor_version=__version__,
        )
        return ExtractionResult(doc_id=doc_id, document=record, errors=stages.errors, sha256=sha256)
    return _parse(doc, doc_id, stages, sha256)


def extract_document(doc: Document, doc_id: str) -> ExtractionResult:
    """Run every parsing stage on an already-read document (used by tests and the CLI)."""
    return _parse(doc, doc_id, _Stages(doc.source_path))


def _parse(doc: Document, doc_id: str, stages: _Stages, sha256: str = "") -> ExtractionResult:
    doc = stages.run("read", lambda: simplified_document(doc), doc)
    meta = stages.run("metadata", lambda: read_metadata(doc), DocumentMetadata())
    sections: list[SectionRecord] = stages.run("segment", lambda: segment(doc), [])
    facts = stages.run(
        "tables", lambda: read_tables(doc, meta.fiscal_year, sections=sections), TableFacts()
    )
    prose_amounts: list[AmountRecord] = stages.run(
        "amounts", lambda: find_amounts(doc, sections), []
    )
    budget = is_budget_document(meta.report_type, facts.document_kind)
    if budget:  # a budget's figures are planned ones, whatever verb the text uses
        prose_amounts = as_budget_amounts(prose_amounts)
    amounts = _mark_ocr(_renumber(prose_amounts + facts.amounts), doc.ocr_pages)
    suspicious: list[str] = stages.run("amounts", lambda: suspicious_amounts(amounts), [])
    no_summary: tuple[DocSummaryRecord, list[str]] = (DocSummaryRecord(), [])
    summary, inconsistent = stages.run(
        "summary",
        lambda: summarise_checked(
            doc,
            sections,
            prose_amounts,
            facts.summary,
            meta.fiscal_year,
            budget=budget,
            report_type=meta.report_type,
            list_total=facts.list_total,
        ),
        no_summary,
    )
    facts = stages.run(
        "prose",
        lambda: with_prose_facts(
            doc,
            sections,
            prose_amounts,
            facts,
            summary,
            one_project=is_one_project_report(doc, meta.report_type),
        ),
        facts,
    )
    findings: list[FindingRecord] = stages.run("findings", lambda: find_findings(sections), [])
    summary, summary_warnings = _without_negative_money(summary, "doc_summary")
    projects: list[ProjectRecord] = []
    for project in facts.projects:
        kept, warned = _without_negative_money(project, f"project {project.project_name}")
        projects.append(kept)
        summary_warnings += warned
    suspicious += summary_warnings

    # A reader's warning (page limit reached, pages without text) means some content was
    # not extracted: the document is partial, and the warning is its error row.
    read_warnings = [ErrorRecord(doc.source_path, "read", "ReadWarning", w) for w in doc.warnings]
    errors = read_warnings + stages.errors
    status = "partial" if errors else "ok"
    first_error = errors[0].message if errors else None
    errors += [ErrorRecord(doc.source_path, "amounts", SUSPICIOUS_AMOUNT, w) for w in suspicious]
    errors += [ErrorRecord(doc.source_path, "summary", INCONSISTENT, w) for w in inconsistent]
    record = DocumentRecord(
        source_path=doc.source_path,
        file_format=doc.file_format,
        status=status,
        error=first_error,
        department=meta.department,
        region=meta.region,
        fiscal_year=meta.fiscal_year,
        report_type=meta.report_type,
        page_count=doc.page_count,
        char_count=len(doc.text),
        extractor_version=__version__,
        ocr_pages=page_ranges(doc.ocr_pages),
    )
    return ExtractionResult(
        doc_id=doc_id,
        document=record,
        summary=summary,
        sections=sections,
        amounts=amounts,
        indicators=facts.indicators,
        projects=projects,
        findings=findings,
        errors=errors,
        table_facts=facts,
        sha256=sha256,
    )


Money = TypeVar("Money", DocSummaryRecord, ProjectRecord)


def _without_negative_money(record: Money, what: str) -> tuple[Money, list[str]]:
    """Headline and project money is never negative (the contract); a signed table cell is
    left out of the figure and named for review instead of being published as a budget."""
    negative = {
        f.name: value
        for f in fields(record)
        if f.name.endswith("_wan")
        and isinstance(value := getattr(record, f.name), Decimal)
        and value < 0
    }
    if not negative:
        return record, []
    warnings = [
        f"{what}: {name} stated as {value} 万元, left out" for name, value in negative.items()
    ]
    cleared: dict[str, Decimal | None] = dict.fromkeys(negative)
    return replace(record, **cleared), warnings  # type: ignore[arg-type]


def _mark_ocr(amounts: list[AmountRecord], ocr_pages: tuple[int, ...]) -> list[AmountRecord]:
    """Amounts on a page read by OCR get ``ocr=True`` (prose and table figures alike)."""
    if not ocr_pages:
        return amounts
    return [replace(a, ocr=a.page in ocr_pages) for a in amounts]


def page_ranges(pages: tuple[int, ...]) -> str | None:
    """Page numbers as ranges for documents.ocr_pages: (2, 5, 6, 7) -> "2,5-7"; () -> None."""
    runs: list[tuple[int, int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs) or None


def _renumber(amounts: list[AmountRecord]) -> list[AmountRecord]:
    """Number amounts from 0: prose figures in text order, then table cells in table order."""
    return [replace(a, seq=i) for i, a in enumerate(amounts)]
