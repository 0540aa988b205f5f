"""Markdown previews of curated tables (the head of each table, for the steward's eye)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

PREVIEW_ROWS = 5
PREVIEW_CELL = 40
HIDDEN = frozenset({"doc_id"})


def table_markdown(table: pa.Table, rows: int = PREVIEW_ROWS) -> str:
    """The first ``rows`` rows as a Markdown table; long cells are cut."""
    columns = [c for c in table.column_names if c not in HIDDEN]
    if table.num_rows == 0:
        return "_no rows_"
    head = table.slice(0, rows).select(columns).to_pylist()
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(_cell(row[c]) for c in columns) + " |" for row in head),
    ]
    if table.num_rows > rows:
        lines.append(f"\n_{rows} of {table.num_rows} rows_")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).replace("\n", " ").replace("\t", " ").replace("|", "\\|")
    return text if len(text) <= PREVIEW_CELL else text[:PREVIEW_CELL] + "…"
