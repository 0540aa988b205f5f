"""The DuckDB file of the published layer: one table per curated table plus convenience views.

The tables hold the contract's columns (from `jixiao.schema`) plus ``fiscal_year`` read back
from the published files' Hive directory names as INTEGER: the rows themselves, not views
over the files' paths, so the file answers wherever it is copied (DuckDB resolves a view's
relative path against the reader's working directory, and an absolute one breaks when the
folder moves). The convenience views are plain SQL over those tables, kept here as data so
`jixiao sql` users can read what they compute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa

from jixiao.schema import TABLES, TableSpec
from jixiao.store import CuratedStore

# Rows sort by doc_id, then by these columns (the document's own order).
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "sections": ("seq",),
    "amounts": ("seq",),
    "indicators": ("table_seq",),
    "findings": ("kind", "seq"),
}

PARTITION_COLUMN = "fiscal_year"
# The file holds only views: write it in the oldest storage format so any DuckDB >= 1.0
# (the analyst's CLI, DBeaver, R, …) can open it, not just the version that built it.
STORAGE_VERSION = "v1.0.0"

# When several documents describe one department and year (the same report as PDF, DOCX and
# TXT; a 部门决算 next to a self-evaluation), each figure is taken from the first document
# that states it, in this order of report types, then ok before partial, then doc_id.
REPORT_TYPE_PRIORITY: tuple[str, ...] = (
    "部门整体支出绩效自评报告",
    "部门整体支出重点评价报告",
    "绩效自评表",
    "部门决算",
    "项目支出绩效自评报告",
)

# The same report is often published as PDF, DOCX, TXT and a web page (an XLSX holds its
# tables only). Per department, fiscal year and
# report type one copy is "primary" (ok before partial, then this format order, then doc_id);
# summary views count primary copies only, so a report in three formats counts once.
FORMAT_PRIORITY: tuple[str, ...] = ("docx", "html", "txt", "pdf", "xlsx", "xls")

# doc_summary columns carried into v_department_year (first stated value wins).
DEPARTMENT_YEAR_FIGURES: tuple[str, ...] = (
    "budget_initial_wan",
    "budget_final_wan",
    "expenditure_wan",
    "income_wan",
    "basic_expenditure_wan",
    "project_expenditure_wan",
    "carryover_wan",
    "three_public_wan",
    "execution_rate",
    "self_score",
    "grade_raw",
    "grade",
)

# target_op -> the SQL condition under which the actual value MISSES the target. A bare
# target (no operator) is read as a minimum: "100%" in 年度指标值 means at least 100%.
# Numbers are compared only in the same unit (or when one side has none); a qualitative
# target met word for word (健全 / 健全, 2020年12月31日) is a hit; anything else is
# not_comparable, never a miss.
MISS_CONDITIONS: dict[str, str] = {
    ">=": "actual_value < target_value",
    ">": "actual_value <= target_value",
    "<=": "actual_value > target_value",
    "<": "actual_value >= target_value",
    "=": "actual_value <> target_value",
}
DEFAULT_TARGET_OP = ">="


def table_sql(spec: TableSpec, root: Path) -> str:
    """The table of ``spec``, loaded from its published files under ``root``."""
    pattern = _quote(f"{Path(root).absolute().as_posix()}/{spec.name}/*/*.parquet")
    columns = list(spec.column_names)
    if PARTITION_COLUMN not in columns:
        columns.append(PARTITION_COLUMN)
    select = ", ".join(_ident(c) for c in columns)
    order = ", ".join(_ident(c) for c in ("doc_id", *SORT_KEYS.get(spec.name, ())))
    return (
        f"CREATE OR REPLACE TABLE {_ident(spec.name)} AS SELECT {select} FROM read_parquet("
        f"{pattern}, hive_partitioning = true, hive_types = {{'{PARTITION_COLUMN}': INTEGER}})"
        f" ORDER BY {order}"
    )


# Identical bytes under several paths: one documents row per path, one per content here.
ONE_ROW_PER_DOC_ID = (
    "(SELECT * FROM documents QUALIFY row_number() OVER (PARTITION BY doc_id "
    "ORDER BY source_path) = 1)"
)


def department_year_sql() -> str:
    type_rank = " ".join(f"WHEN {_quote(t)} THEN {i}" for i, t in enumerate(REPORT_TYPE_PRIORITY))
    order = "type_rank, status_rank, doc_id"
    figures = ",\n    ".join(
        f"first({c} ORDER BY {order}) FILTER (WHERE {c} IS NOT NULL) AS {c}"
        for c in DEPARTMENT_YEAR_FIGURES
    )
    return f"""
CREATE OR REPLACE VIEW v_department_year AS
WITH ranked AS (
  SELECT d.doc_id, d.department, d.region, d.fiscal_year, s.* EXCLUDE (doc_id, fiscal_year),
    CASE d.report_type {type_rank} ELSE {len(REPORT_TYPE_PRIORITY)} END AS type_rank,
    CASE d.status WHEN 'ok' THEN 0 ELSE 1 END AS status_rank
  FROM {ONE_ROW_PER_DOC_ID} d LEFT JOIN doc_summary s ON s.doc_id = d.doc_id
  WHERE d.department IS NOT NULL AND d.status <> 'failed'
), merged AS (
  SELECT department, fiscal_year,
    first(region ORDER BY {order}) FILTER (WHERE region IS NOT NULL) AS region,
    {figures},
    count(*) AS n_documents,
    list(doc_id ORDER BY {order}) AS doc_ids
  FROM ranked GROUP BY department, fiscal_year
)
SELECT department, region, fiscal_year,
  budget_initial_wan, budget_final_wan, expenditure_wan,
  coalesce(execution_rate,
    round(expenditure_wan / nullif(coalesce(budget_final_wan, budget_initial_wan), 0), 4)
  ) AS execution_rate,
  CASE WHEN execution_rate IS NOT NULL THEN 'stated'
       WHEN expenditure_wan IS NOT NULL
        AND coalesce(budget_final_wan, budget_initial_wan) <> 0 THEN 'computed'
  END AS execution_rate_source,
  self_score, grade, grade_raw,
  income_wan, basic_expenditure_wan, project_expenditure_wan, carryover_wan, three_public_wan,
  n_documents, doc_ids
FROM merged
ORDER BY department, fiscal_year
"""


def primary_documents_sql() -> str:
    formats = " ".join(f"WHEN {_quote(f)} THEN {i}" for i, f in enumerate(FORMAT_PRIORITY))
    return f"""
CREATE OR REPLACE VIEW v_primary_documents AS
SELECT * EXCLUDE (copy_rank) FROM (
  SELECT d.*, row_number() OVER (
    PARTITION BY coalesce(department, doc_id), fiscal_year, report_type
    ORDER BY CASE status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END,
      CASE file_format {formats} ELSE {len(FORMAT_PRIORITY)} END, doc_id
  ) AS copy_rank
  FROM {ONE_ROW_PER_DOC_ID} d
) WHERE copy_rank = 1
"""


# Headline figures compared between copies of one report: a copy stating another value for
# any of them is a disagreement (one of the copies was misread, or they are not copies).
COPY_FIGURES: tuple[str, ...] = (
    "budget_final_wan",
    "expenditure_wan",
    "execution_rate",
    "self_score",
    "three_public_wan",
)


def document_copies_sql() -> str:
    """Every document with its copy group (department, fiscal year, report type), whether it
    is the group's primary copy (the rule of v_primary_documents), how many copies the group
    has, and which headline figures the copies disagree on."""
    disagree = ", ".join(
        f"CASE WHEN count(DISTINCT s.{c}) > 1 THEN {_quote(c)} END" for c in COPY_FIGURES
    )
    return f"""
CREATE OR REPLACE VIEW v_document_copies AS
WITH grouped AS (
  SELECT d.doc_id, d.source_path, d.file_format, d.status, d.department, d.fiscal_year,
    d.report_type, p.doc_id IS NOT NULL AS is_primary,
    coalesce(d.department, d.doc_id) AS group_department
  FROM {ONE_ROW_PER_DOC_ID} d LEFT JOIN v_primary_documents p ON p.doc_id = d.doc_id
), groups AS (
  SELECT g.group_department, g.fiscal_year, g.report_type, count(*) AS n_copies,
    list_sort(list_distinct([{disagree}])) AS disagreements  -- list_distinct drops NULLs
  FROM grouped g LEFT JOIN doc_summary s ON s.doc_id = g.doc_id
  GROUP BY g.group_department, g.fiscal_year, g.report_type
)
SELECT g.doc_id, g.source_path, g.file_format, g.status, g.department, g.fiscal_year,
  g.report_type, g.is_primary, x.n_copies, x.disagreements
FROM grouped g JOIN groups x ON x.group_department = g.group_department
  AND x.fiscal_year IS NOT DISTINCT FROM g.fiscal_year
  AND x.report_type IS NOT DISTINCT FROM g.report_type
ORDER BY g.department, g.fiscal_year, g.report_type, NOT g.is_primary, g.doc_id
"""


def indicator_outcomes_sql() -> str:
    op = f"coalesce(target_op, {_quote(DEFAULT_TARGET_OP)})"
    misses = " ".join(f"WHEN {_quote(k)} THEN {v}" for k, v in MISS_CONDITIONS.items())
    known = ", ".join(_quote(k) for k in MISS_CONDITIONS)
    return f"""
CREATE OR REPLACE VIEW v_indicator_outcomes AS
SELECT i.*, d.department, d.source_path, p.doc_id IS NOT NULL AS is_primary,
  CASE
    WHEN (target_value IS NULL OR actual_value IS NULL)
      AND trim(target_raw) <> '' AND trim(target_raw) = trim(actual_raw) THEN 'hit'
    WHEN target_value IS NULL OR actual_value IS NULL THEN 'not_comparable'
    WHEN target_unit IS NOT NULL AND actual_unit IS NOT NULL AND target_unit <> actual_unit
      THEN 'not_comparable'
    WHEN {op} NOT IN ({known}) THEN 'not_comparable'
    WHEN CASE {op} {misses} END THEN 'miss'
    ELSE 'hit'
  END AS outcome,
  actual_value - target_value AS gap
FROM indicators i LEFT JOIN {ONE_ROW_PER_DOC_ID} d ON d.doc_id = i.doc_id
  LEFT JOIN v_primary_documents p ON p.doc_id = i.doc_id
"""


INDICATOR_MISSES_SQL = """
CREATE OR REPLACE VIEW v_indicator_misses AS
SELECT doc_id, department, fiscal_year, source_path, scope, project_name,
  level1, level2, level3, target_raw, actual_raw, target_op, target_value, actual_value,
  target_unit, actual_unit, gap, weight, score, note, page
FROM v_indicator_outcomes WHERE outcome = 'miss' AND is_primary
ORDER BY department, fiscal_year, doc_id
"""

# One row per department, year, metric and subject (NULL subject = the department itself),
# over primary copies. value_wan is the figure stated most often (ties: the larger); amounts
# without a metric are left out.
AMOUNTS_BY_METRIC_SQL = """
CREATE OR REPLACE VIEW v_amounts_by_metric AS
WITH a AS (
  SELECT d.department, a.fiscal_year, a.metric, a.subject, a.doc_id, a.value_wan,
    count(*) OVER (PARTITION BY d.department, a.fiscal_year, a.metric, a.subject, a.value_wan)
      AS freq
  FROM amounts a JOIN v_primary_documents d ON d.doc_id = a.doc_id
  WHERE a.metric IS NOT NULL
)
SELECT department, fiscal_year, metric, subject,
  first(value_wan ORDER BY freq DESC, value_wan DESC) AS value_wan,
  min(value_wan) AS min_wan, max(value_wan) AS max_wan,
  count(DISTINCT value_wan) AS n_distinct_values,
  count(*) AS n_mentions, count(DISTINCT doc_id) AS n_documents
FROM a GROUP BY department, fiscal_year, metric, subject
ORDER BY department, fiscal_year, metric, subject NULLS FIRST
"""

VIEW_DESCRIPTIONS: dict[str, str] = {
    "v_department_year": "one row per department and fiscal year: each figure from the first "
    "document stating it (REPORT_TYPE_PRIORITY, ok before partial), with how many documents",
    "v_primary_documents": "documents, one copy per department, fiscal year and report type "
    "(ok before partial, then FORMAT_PRIORITY, then doc_id)",
    "v_document_copies": "every document with its copy group (department, fiscal year, report "
    "type), whether it is the primary copy, the group's number of copies, and the headline "
    "figures (COPY_FIGURES) the copies disagree on",
    "v_indicator_outcomes": "indicators with their department, source_path, whether their "
    "document is the primary copy, and outcome (hit, miss, not_comparable) and gap",
    "v_indicator_misses": "indicators of primary copies whose actual value missed the target",
    "v_amounts_by_metric": "per department, year, metric and subject the figure stated most "
    "often over primary copies, with its range and how many mentions and documents",
}


def describe_views() -> dict[str, list[tuple[str, str]]]:
    """Each convenience view's columns and DuckDB types (over empty tables)."""
    con = duckdb.connect()
    try:
        for spec in TABLES:
            empty = spec.schema.empty_table()
            if PARTITION_COLUMN not in empty.column_names:
                empty = empty.append_column(PARTITION_COLUMN, pa.array([], pa.int32()))
            con.register(f"_{spec.name}", empty)
            con.execute(f"CREATE TABLE {_ident(spec.name)} AS SELECT * FROM _{spec.name}")
        for statement in all_view_sql(Path("."))[len(TABLES) :]:
            con.execute(statement)
        return {
            view: [(str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE {view}").fetchall()]
            for view in CONVENIENCE_VIEWS
        }
    finally:
        con.close()


CONVENIENCE_VIEWS: tuple[str, ...] = (
    "v_department_year",
    "v_primary_documents",
    "v_document_copies",
    "v_indicator_outcomes",
    "v_indicator_misses",
    "v_amounts_by_metric",
)


def all_view_sql(root: Path, tables: Iterable[TableSpec] = TABLES) -> list[str]:
    return [
        *(table_sql(spec, root) for spec in tables),
        department_year_sql(),
        primary_documents_sql(),
        document_copies_sql(),
        indicator_outcomes_sql(),
        INDICATOR_MISSES_SQL,
        AMOUNTS_BY_METRIC_SQL,
    ]


# One row: which curated folder the build was made from, and what that folder held then, so
# `jixiao sql` can say when the curated data has moved on since.
BUILD_TABLE = "_jixiao_build"


def curated_fingerprint(curated: Path) -> str:
    """What the curated folder holds: each source path with its doc_id and extractor version."""
    manifest = CuratedStore(Path(curated)).load_manifest()
    digest = hashlib.sha256()
    for path in sorted(manifest):
        entry = manifest[path]
        digest.update(f"{path}\t{entry.doc_id}\t{entry.extractor_version}\n".encode())
    return digest.hexdigest()[:16]


def create_views(database: Path, root: Path, curated: Path | None = None) -> None:
    """Write a DuckDB file holding the published files under ``root`` as tables, the views
    over them (and, given the ``curated`` folder they came from, a note of what it held)."""
    con = duckdb.connect(str(database), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        for statement in all_view_sql(root):
            con.execute(statement)
        if curated is not None:
            con.execute(
                f"CREATE OR REPLACE TABLE {BUILD_TABLE} AS SELECT ? AS curated_root, "
                "? AS curated_fingerprint, (now() AT TIME ZONE 'UTC') AS built_at",
                [str(Path(curated).absolute()), curated_fingerprint(curated)],
            )
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
