"""The curated data contract (shared spec `curated-data.md`, v1), defined once.

Every writer validates against these pyarrow schemas; `jixiao schema` prints them with the
meaning of each column. Money is 万元 as float64 rounded to 4 decimals; rates are fractions.

Each table's columns are the contract's, in the contract's order; jixiao's own extension
columns (documents.ocr_pages, amounts.ocr: issue 6, rows from OCR pages are marked) come
after them, so a reader of the contract's columns finds them where the contract says.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    meaning: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


S, I8, I32, I64, F64 = pa.string(), pa.int8(), pa.int32(), pa.int64(), pa.float64()
BOOL = pa.bool_()
DOC_ID = Column("doc_id", S, "first 16 hex chars of the SHA-256 of the raw file's bytes")

DOCUMENTS = TableSpec(
    "documents",
    "one row per ingested file (failures included)",
    (
        DOC_ID,
        Column("source_path", S, "path relative to the raw root"),
        Column(
            "file_format",
            S,
            "pdf, docx, txt, xlsx, xls, html; for a failed file of any other kind, its extension",
        ),
        Column("status", S, "ok, partial (some stages failed), failed (nothing extracted)"),
        Column("error", S, "null when ok; otherwise a one-line human message"),
        Column("department", S, "e.g. 峨边彝族自治县医疗保障局"),
        Column("region", S, "e.g. 峨边彝族自治县, 嘉峪关市, 唐山市丰南区"),
        Column("fiscal_year", I32, "the year the report evaluates (not the publication year)"),
        Column("report_type", S, "部门整体支出绩效自评报告, 部门决算, …, other"),
        Column("page_count", I32, "pages (PDF), null otherwise"),
        Column("char_count", I64, "characters of extracted text"),
        Column("extractor_version", S, "package version that produced the rows"),
        # extension (not in contract v1)
        Column(
            "ocr_pages",
            S,
            "PDF pages read by OCR as ranges, e.g. 2,5-7; null when none (extension)",
        ),
    ),
)

DOC_SUMMARY = TableSpec(
    "doc_summary",
    "one row per ok/partial document: the headline figures (table beats prose)",
    (
        DOC_ID,
        Column("budget_initial_wan", F64, "年初预算数 (department-wide, the evaluated year)"),
        Column("budget_final_wan", F64, "全年预算数 / 调整后预算"),
        Column("expenditure_wan", F64, "全年执行数 / 实际支出 / 支出决算 (department-wide)"),
        Column("income_wan", F64, "财政拨款(本年)收入 / 收入合计"),
        Column("basic_expenditure_wan", F64, "基本支出"),
        Column("project_expenditure_wan", F64, "项目支出"),
        Column("carryover_wan", F64, "结转结余 (end of year)"),
        Column("three_public_wan", F64, "“三公”经费 actual spending"),
        Column("execution_rate", F64, "预算执行率 as a fraction, as stated (not recomputed)"),
        Column("self_score", F64, "the department-wide total score, 0–100"),
        Column("grade_raw", S, "as written: 优, 优秀, 良好, …"),
        Column("grade", S, "normalised: 优, 良, 中, 差"),
    ),
)

SECTIONS = TableSpec(
    "sections",
    "the report cut at its headings",
    (
        DOC_ID,
        Column("seq", I32, "order in the document, from 0"),
        Column("canonical", S, "部门概况, 收支情况, 绩效分析, 问题与建议, 其他"),
        Column("heading", S, "the heading line as written"),
        Column("level", I8, "1 for 一、/第一部分, 2 for （一）, 3 for 1."),
        Column("char_start", I64, "offset into the document's extracted text"),
        Column("char_end", I64, "offset into the document's extracted text"),
        Column("page_start", I32, "PDF page (1-based), null otherwise"),
        Column("page_end", I32, "PDF page (1-based), null otherwise"),
        Column("text", S, "the section's text"),
    ),
)

AMOUNTS = TableSpec(
    "amounts",
    "every money figure found, with its evidence",
    (
        DOC_ID,
        Column("seq", I32, "order of appearance"),
        Column("section", S, "canonical section it sits in"),
        Column("metric", S, "canonical metric name or null when unknown"),
        Column("subject", S, "what it belongs to when not the department: a project, a fund"),
        Column("value_wan", F64, "normalised value in 万元"),
        Column("raw_value", S, "digits as written, e.g. 2,118.33"),
        Column("raw_unit", S, "元, 万元, 亿元, 千元"),
        Column("sentence", S, "the sentence or table row it came from"),
        Column("page", I32, "PDF page, null otherwise"),
        Column("char_start", I64, "offset into the document's text (null for table cells)"),
        Column("source", S, "prose or table"),
        # extension (not in contract v1)
        Column("ocr", BOOL, "true when the figure was read by OCR from a scanned page (extension)"),
    ),
)

INDICATORS = TableSpec(
    "indicators",
    "every row of every 绩效指标 table",
    (
        DOC_ID,
        Column("table_seq", I32, "which indicator table in the document, from 0"),
        Column("scope", S, "department or project"),
        Column("project_name", S, "the project the table belongs to, null for department-wide"),
        Column("level1", S, "一级指标 (merged cells filled down)"),
        Column("level2", S, "二级指标 (merged cells filled down)"),
        Column("level3", S, "三级指标"),
        Column("target_raw", S, "年度指标值 as written"),
        Column("actual_raw", S, "实际完成值 as written"),
        Column("target_op", S, ">=, <=, >, <, = or null"),
        Column("target_value", F64, "the number in the target cell (95% -> 95.0)"),
        Column("actual_value", F64, "the number in the actual cell"),
        Column("target_unit", S, "%, 万元, 人, 个, 次, …"),
        Column("actual_unit", S, "%, 万元, 人, 个, 次, …"),
        Column("weight", F64, "分值"),
        Column("score", F64, "得分"),
        Column("note", S, "偏差原因 / 改进措施"),
        Column("page", I32, "PDF page of the row"),
    ),
)

PROJECTS = TableSpec(
    "projects",
    "one row per project the report evaluates",
    (
        DOC_ID,
        Column("project_name", S, "the project's name"),
        Column("budget_initial_wan", F64, "年初预算 / 预算数"),
        Column("budget_final_wan", F64, "调整后预算 / 全年预算数"),
        Column("executed_wan", F64, "执行数"),
        Column("execution_rate", F64, "fraction"),
        Column("score", F64, "the project's evaluation score, when given"),
    ),
)

FINDINGS = TableSpec(
    "findings",
    "存在问题 and 改进建议, one row per item",
    (
        DOC_ID,
        Column("kind", S, "问题 or 建议"),
        Column("seq", I32, "order within its kind"),
        Column("text", S, "the item, numbering stripped"),
    ),
)

EXTRACTION_ERRORS = TableSpec(
    "extraction_errors",
    "what went wrong, per document and stage",
    (
        DOC_ID,
        Column("source_path", S, "path relative to the raw root"),
        Column("stage", S, "read, segment, tables, amounts, …"),
        Column("error_type", S, "e.g. EncryptedPDF, CorruptFile, UnsupportedFormat, NoTextLayer"),
        Column("message", S, "one line a person can act on"),
    ),
)

TABLES: tuple[TableSpec, ...] = (
    DOCUMENTS,
    DOC_SUMMARY,
    SECTIONS,
    AMOUNTS,
    INDICATORS,
    PROJECTS,
    FINDINGS,
    EXTRACTION_ERRORS,
)
TABLES_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in TABLES)
