"""Extracted records, one dataclass per curated table (the `doc_id` column is added on write).

The model every layer shares: parsers produce these, the core writes them, so this package
imports nothing of the project. Field names are exactly the contract's column names (see `jixiao.schema`); the extension
fields come last and have defaults. Money is
`Decimal` in 万元 until the writer turns it into float64 rounded to 4 decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DocumentRecord:
    source_path: str
    file_format: str
    status: str
    error: str | None = None
    department: str | None = None
    region: str | None = None
    fiscal_year: int | None = None
    report_type: str | None = None
    page_count: int | None = None
    char_count: int | None = None
    extractor_version: str | None = None
    ocr_pages: str | None = None  # extension: "2,5-7"


@dataclass(frozen=True)
class DocSummaryRecord:
    budget_initial_wan: Decimal | None = None
    budget_final_wan: Decimal | None = None
    expenditure_wan: Decimal | None = None
    income_wan: Decimal | None = None
    basic_expenditure_wan: Decimal | None = None
    project_expenditure_wan: Decimal | None = None
    carryover_wan: Decimal | None = None
    three_public_wan: Decimal | None = None
    execution_rate: Decimal | None = None
    self_score: Decimal | None = None
    grade_raw: str | None = None
    grade: str | None = None


@dataclass(frozen=True)
class SectionRecord:
    seq: int
    canonical: str
    heading: str
    level: int
    char_start: int
    char_end: int
    page_start: int | None
    page_end: int | None
    text: str


@dataclass(frozen=True)
class AmountRecord:
    seq: int
    section: str | None
    metric: str | None
    subject: str | None
    value_wan: Decimal
    raw_value: str
    raw_unit: str
    sentence: str
    page: int | None
    char_start: int | None
    source: str  # prose or table
    ocr: bool = False  # extension: read by OCR from a scanned page


@dataclass(frozen=True)
class IndicatorRecord:
    table_seq: int
    scope: str  # department or project
    project_name: str | None
    level1: str | None
    level2: str | None
    level3: str | None
    target_raw: str | None
    actual_raw: str | None
    target_op: str | None
    target_value: float | None
    actual_value: float | None
    target_unit: str | None
    actual_unit: str | None
    weight: float | None
    score: float | None
    note: str | None
    page: int | None


@dataclass(frozen=True)
class ProjectRecord:
    project_name: str
    budget_initial_wan: Decimal | None = None
    budget_final_wan: Decimal | None = None
    executed_wan: Decimal | None = None
    execution_rate: Decimal | None = None
    score: Decimal | None = None


@dataclass(frozen=True)
class FindingRecord:
    kind: str  # 问题 or 建议
    seq: int
    text: str


@dataclass(frozen=True)
class ErrorRecord:
    source_path: str
    stage: str
    error_type: str
    message: str
