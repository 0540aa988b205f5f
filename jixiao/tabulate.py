"""Turn an ExtractionResult into one pyarrow table per curated dataset, validated.

This is the edge where Decimal money becomes float64 rounded to 4 decimals and text is
NFKC-normalised (except `*_raw` columns, which keep the source text exactly).
"""

from __future__ import annotations

import unicodedata
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any

import pyarrow as pa

from jixiao.result import ExtractionResult
from jixiao.schema import TABLES, TableSpec

MONEY_DECIMALS = 4


def to_tables(result: ExtractionResult) -> dict[str, pa.Table]:
    rows: dict[str, list[Any]] = {
        "documents": [result.document],
        "doc_summary": [result.summary] if result.summary is not None else [],
        "sections": result.sections,
        "amounts": result.amounts,
        "indicators": result.indicators,
        "projects": result.projects,
        "findings": result.findings,
        "extraction_errors": result.errors,
    }
    return {spec.name: build_table(spec, result.doc_id, rows[spec.name]) for spec in TABLES}


def build_table(spec: TableSpec, doc_id: str, records: list[Any]) -> pa.Table:
    known = set(spec.column_names)
    rows: list[dict[str, Any]] = []
    for record in records:
        values = _values(record)
        values["doc_id"] = doc_id
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"{spec.name}: fields not in the contract: {sorted(unknown)}")
        rows.append(values)
    columns = {
        name: [_cell(name, values.get(name)) for values in rows] for name in spec.column_names
    }
    return pa.table(columns, schema=spec.schema)


def _values(record: Any) -> dict[str, Any]:
    """A record's fields by name. Records hold scalars only, so a shallow read gives what
    `dataclasses.asdict` gives without its recursive deep copy of every value."""
    if is_dataclass(record) and not isinstance(record, type):
        return {f.name: getattr(record, f.name) for f in fields(record)}
    return dict(record)


def _cell(name: str, value: Any) -> Any:
    if isinstance(value, Decimal):
        return round(float(value), MONEY_DECIMALS)
    if isinstance(value, float) and name.endswith("_wan"):
        return round(value, MONEY_DECIMALS)
    if isinstance(value, str) and not name.endswith("_raw") and name not in RAW_TEXT_COLUMNS:
        return unicodedata.normalize("NFKC", value)
    return value


# Columns that carry source text verbatim besides the *_raw ones: offsets point into the
# extracted text, so normalising these would break `text[char_start:char_end]`.
RAW_TEXT_COLUMNS = frozenset({"raw_value", "raw_unit", "source_path"})
