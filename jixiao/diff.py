"""What changed between two extractions of one document, for the stewards who review them.

Rows are matched per table in passes, strictest key first: rows equal in every compared
column are unchanged; the rest are paired, in order of appearance, by the table's natural
keys (e.g. an amount by its section, metric and subject), and a pair whose values differ is
a change of exactly those columns. What stays unpaired was added or removed. Offsets and
sequence numbers are not compared: editing one figure shifts them for everything after it;
nor is an amount's sentence, which is its evidence (shown next to the change).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from jixiao.schema import TABLE_NAMES

Row = dict[str, Any]

# Columns never compared: identity and position, which move when anything before them moves.
IGNORED = frozenset({"doc_id", "seq", "char_start", "char_end"})


@dataclass(frozen=True)
class TableRule:
    keys: tuple[tuple[str, ...], ...]  # natural keys, strict to loose
    evidence: str | None = None  # column shown as the evidence of a change
    page: str | None = None  # column holding the page
    context: frozenset[str] = frozenset()  # shown as evidence, not compared


RULES: Mapping[str, TableRule] = {
    "documents": TableRule(keys=((),), evidence="source_path"),
    "doc_summary": TableRule(keys=((),)),
    "sections": TableRule(
        keys=(("canonical", "heading"), ("canonical",)), evidence="heading", page="page_start"
    ),
    "amounts": TableRule(
        keys=(
            ("source", "section", "metric", "subject", "sentence"),
            ("source", "section", "metric", "subject"),
        ),
        evidence="sentence",
        page="page",
        # Editing one figure rewrites the sentence of every other figure in it.
        context=frozenset({"sentence"}),
    ),
    "indicators": TableRule(
        keys=(("table_seq", "level1", "level2", "level3"), ("table_seq", "level1", "level2")),
        evidence="level3",
        page="page",
    ),
    "projects": TableRule(keys=(("project_name",),), evidence="project_name"),
    "findings": TableRule(keys=(("kind",),), evidence="text"),
    "extraction_errors": TableRule(keys=(("stage", "error_type"),), evidence="message"),
}


@dataclass(frozen=True)
class ValueChange:
    table: str
    column: str
    old: Any
    new: Any
    evidence: str | None
    page: int | None


@dataclass(frozen=True)
class TableDiff:
    table: str
    added: tuple[Row, ...] = ()
    removed: tuple[Row, ...] = ()
    changed_rows: int = 0
    changes: tuple[ValueChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changes)


@dataclass(frozen=True)
class DocumentDiff:
    is_new: bool
    tables: tuple[TableDiff, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.is_new and all(t.is_empty for t in self.tables)

    def counts(self) -> dict[str, int]:
        """Numeric metadata: totals and per-table counts (the UI plots them over time)."""
        out = {
            "rows_added": sum(len(t.added) for t in self.tables),
            "rows_removed": sum(len(t.removed) for t in self.tables),
            "rows_changed": sum(t.changed_rows for t in self.tables),
            "values_changed": sum(len(t.changes) for t in self.tables),
        }
        for t in self.tables:
            out[f"{t.table}_added"] = len(t.added)
            out[f"{t.table}_removed"] = len(t.removed)
            out[f"{t.table}_changed"] = t.changed_rows
        return out

    def to_markdown(self, max_rows: int = 200) -> str:
        return render_markdown(self, max_rows)


def diff_documents(old: Mapping[str, pa.Table] | None, new: Mapping[str, pa.Table]) -> DocumentDiff:
    """The diff of one document's new tables against its previous ones (None: first time)."""
    if old is None:
        added = tuple(TableDiff(name, added=tuple(new[name].to_pylist())) for name in TABLE_NAMES)
        return DocumentDiff(is_new=True, tables=added)
    return DocumentDiff(
        is_new=False,
        tables=tuple(
            diff_rows(name, old[name].to_pylist(), new[name].to_pylist()) for name in TABLE_NAMES
        ),
    )


def diff_rows(table: str, old: Sequence[Row], new: Sequence[Row]) -> TableDiff:
    rule = RULES[table]
    first = new[0] if new else old[0] if old else {}
    columns = [c for c in first if c not in IGNORED and c not in rule.context]
    left = list(old)
    right = list(new)
    pairs: list[tuple[Row, Row]] = []
    for key in (tuple(columns), *rule.keys):
        matched, left, right = _pair(left, right, key)
        pairs.extend(matched)
    changes: list[ValueChange] = []
    changed_rows = 0
    for before, after in pairs:
        row_changes = [
            ValueChange(
                table,
                column,
                before.get(column),
                after.get(column),
                _evidence(rule, before, after),
                after.get(rule.page) if rule.page else None,
            )
            for column in columns
            if before.get(column) != after.get(column)
        ]
        changed_rows += bool(row_changes)
        changes.extend(row_changes)
    return TableDiff(table, tuple(right), tuple(left), changed_rows, tuple(changes))


def _pair(
    old: list[Row], new: list[Row], key: tuple[str, ...]
) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """Pair rows with equal key values, in order of appearance; return the leftovers too."""
    waiting: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, row in enumerate(old):
        waiting[_key(row, key)].append(i)
    pairs: list[tuple[Row, Row]] = []
    used: set[int] = set()
    rest_new: list[Row] = []
    for row in new:
        queue = waiting.get(_key(row, key))
        if queue:
            i = queue.pop(0)
            used.add(i)
            pairs.append((old[i], row))
        else:
            rest_new.append(row)
    rest_old = [row for i, row in enumerate(old) if i not in used]
    return pairs, rest_old, rest_new


def _key(row: Row, key: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row.get(c) for c in key)


def _evidence(rule: TableRule, before: Row, after: Row) -> str | None:
    if rule.evidence is None:
        return None
    value = after.get(rule.evidence) or before.get(rule.evidence)
    return None if value is None else str(value)


# -- rendering ------------------------------------------------------------------------

CELL_WIDTH = 80


def render_markdown(diff: DocumentDiff, max_rows: int = 200) -> str:
    if diff.is_new:
        counts = ", ".join(f"{t.table} {len(t.added)}" for t in diff.tables)
        return f"**new**: first extraction of this document ({counts} rows)."
    if diff.is_empty:
        return "no change against the previous extraction."
    lines = [
        "| table | added | removed | changed |",
        "|---|---:|---:|---:|",
        *(
            f"| {t.table} | {len(t.added)} | {len(t.removed)} | {t.changed_rows} |"
            for t in diff.tables
            if not t.is_empty
        ),
    ]
    changes = [c for t in diff.tables for c in t.changes]
    if changes:
        lines += [
            "",
            "| table | column | old | new | evidence | page |",
            "|---|---|---|---|---|---|",
        ]
        for c in changes[:max_rows]:
            old, new = _excerpts(c.old, c.new)
            lines.append(
                f"| {c.table} | {c.column} | {old} | {new} | {_cell(c.evidence)} | "
                f"{'' if c.page is None else c.page} |"
            )
        if len(changes) > max_rows:
            lines.append(f"\n… and {len(changes) - max_rows} more changed values.")
    for t in diff.tables:
        for verb, rows in (("added", t.added), ("removed", t.removed)):
            for row in rows[:max_rows]:
                lines.append(f"- {t.table} {verb}: {_cell(_describe(t.table, row))}")
    return "\n".join(lines)


def _describe(table: str, row: Row) -> str:
    rule = RULES[table]
    parts = [str(row[c]) for c in dict.fromkeys(c for k in rule.keys for c in k) if row.get(c)]
    if rule.evidence and row.get(rule.evidence) and str(row[rule.evidence]) not in parts:
        parts.append(str(row[rule.evidence]))
    return " / ".join(parts) or str({k: v for k, v in row.items() if k not in IGNORED})


def _excerpts(old: Any, new: Any) -> tuple[str, str]:
    """Long texts are cut to a window around their first difference."""
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > CELL_WIDTH:
        start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), 0)
        start = max(0, min(start, len(old), len(new)) - CELL_WIDTH // 4)
        return _cell(_window(old, start)), _cell(_window(new, start))
    return _cell(old), _cell(new)


def _window(text: str, start: int) -> str:
    piece = text[start : start + CELL_WIDTH]
    return ("…" if start else "") + piece + ("…" if start + CELL_WIDTH < len(text) else "")


def _cell(value: Any) -> str:
    if value is None:
        return "∅"
    text = str(value).replace("\n", " ").replace("\t", " ").replace("|", "\\|")
    return text if len(text) <= CELL_WIDTH * 2 else text[: CELL_WIDTH * 2] + "…"
