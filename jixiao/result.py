"""What an extraction gives for one document, apart from how it is made.

Kept apart from `jixiao.extraction` (the stages, which load the readers, the parsers and
jieba's dictionaries) so that the process running Dagster can build and read results, a
failed one for a worker that crashed for instance, without loading the extraction core.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath

from extractors.formats import FORMAT_OF_SUFFIX
from parsers.tables import TableFacts
from records import (
    AmountRecord,
    DocSummaryRecord,
    DocumentRecord,
    ErrorRecord,
    FindingRecord,
    IndicatorRecord,
    ProjectRecord,
    SectionRecord,
)

DOC_ID_LENGTH = 16  # hex characters of the SHA-256 of the file's bytes


@dataclass
class ExtractionResult:
    """Every curated record of one document, before it becomes tables."""

    doc_id: str
    document: DocumentRecord
    summary: DocSummaryRecord | None = None
    sections: list[SectionRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    table_facts: TableFacts | None = None
    sha256: str = ""  # of the bytes the records come from; "" when the file was not read


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DOC_ID_LENGTH]


def file_format_of(name: str | PurePath) -> str:
    """The contract's file_format: the format a readable extension names, else the extension."""
    suffix = PurePosixPath(str(name)).suffix.lower().lstrip(".")
    return FORMAT_OF_SUFFIX.get(suffix, suffix or "unknown")
