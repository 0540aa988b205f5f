"""The published layer: per-year compaction, the DuckDB views and the atomic swap.

The rows below are figures read off the sample reports (the parsers are still being built,
so the tests construct the curated rows they assert on):
- jiayuguan 2021, 整体支出绩效自评表 row 全年支出: 年初预算 729.97, 全年预算 753.60,
  实际支出 750.6, 执行率 99.6%; prose: "基本支出绩效自评得分98分，自评等级为良好".
- ebian 2024 (TXT and DOCX of one report): "绩效评价得分：96分，评价结果：优";
  基本支出 372.34, 项目支出 508.18, 结转结余 5.18.
- fengnan 2023: "年初预算安排10710.15万元，年末支出9968.66万元，预算执行率93.08%".
- mianzhu 2020, 项目绩效目标完成情况表 (优抚对象医疗补助): 项目完成成本 ≥45万元 / 21.74万元;
  残疾军人每人每年补助标准 ≤6000元 / 2899元; 二乙伤残军人 ≥75名 / 75人.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.extraction import extract_file
from jixiao.publish import (
    CATEGORICAL_COLUMNS,
    DUCKDB_FILE,
    NULL_PARTITION,
    publish,
    read_curated_table,
    read_published,
)
from jixiao.schema import TABLES, TABLES_BY_NAME
from jixiao.store import part_path, write_parquet_atomic
from jixiao.tabulate import build_table, to_tables

SAMPLES = Path(__file__).parent / "fixtures" / "samples"

JIAYUGUAN = "a1a1a1a1a1a1a1a1"
EBIAN_TXT = "b2b2b2b2b2b2b2b2"
EBIAN_DOCX = "c3c3c3c3c3c3c3c3"
FENGNAN = "d4d4d4d4d4d4d4d4"
MIANZHU = "e5e5e5e5e5e5e5e5"
BROKEN_PDF = "f6f6f6f6f6f6f6f6"

Rows = dict[str, list[dict[str, Any]]]


def _doc(
    path: str,
    fmt: str,
    dept: str | None,
    region: str | None,
    year: int | None,
    kind: str | None,
    status: str = "ok",
) -> dict[str, Any]:
    return {
        "source_path": path,
        "file_format": fmt,
        "status": status,
        "department": dept,
        "region": region,
        "fiscal_year": year,
        "report_type": kind,
        "char_count": 1000,
        "extractor_version": "0.1.0",
    }


def _indicator(
    level1: str,
    level2: str,
    level3: str,
    target: tuple[str, str, float, str],
    actual: tuple[str, float, str],
) -> dict[str, Any]:
    target_raw, op, target_value, target_unit = target
    actual_raw, actual_value, actual_unit = actual
    return {
        "table_seq": 0,
        "scope": "project",
        "project_name": "优抚对象医疗补助",
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target_raw": target_raw,
        "actual_raw": actual_raw,
        "target_op": op,
        "target_value": target_value,
        "actual_value": actual_value,
        "target_unit": target_unit,
        "actual_unit": actual_unit,
    }


def _amount(seq: int, metric: str, value: str, sentence: str) -> dict[str, Any]:
    return {
        "seq": seq,
        "section": "收支情况",
        "metric": metric,
        "value_wan": Decimal(value),
        "raw_value": value,
        "raw_unit": "万元",
        "sentence": sentence,
        "source": "prose",
    }


EBIAN_SPENDING = "基本支出372.34万元，项目支出508.18万元，其中项目4个"
FENGNAN_SENTENCE = "该部门2023年年初预算安排10710.15万元，年末支出9968.66万元，预算执行率93.08%。"

KNOWN_ROWS: dict[str, Rows] = {
    JIAYUGUAN: {
        "documents": [
            _doc(
                "jiayuguan-2021-dept-self-eval.txt",
                "txt",
                "嘉峪关市医疗保障局",
                "嘉峪关市",
                2021,
                "部门整体支出绩效自评报告",
            )
        ],
        "doc_summary": [
            {
                "budget_initial_wan": Decimal("729.97"),
                "budget_final_wan": Decimal("753.60"),
                "expenditure_wan": Decimal("750.6"),
                "execution_rate": Decimal("0.996"),
                "self_score": Decimal("98"),
                "grade_raw": "良好",
                "grade": "良",
            }
        ],
        "sections": [
            {
                "seq": i,
                "canonical": c,
                "heading": h,
                "level": 1,
                "char_start": i * 10,
                "char_end": i * 10 + 10,
                "text": h,
            }
            for i, (c, h) in enumerate(
                [("部门概况", "一、部门基本情况"), ("绩效分析", "二、绩效分析")]
            )
        ],
        "indicators": [
            _indicator(
                "产出指标",
                "数量指标",
                "结转结余变动率",
                ("≧5%", ">=", 5.0, "%"),
                ("5.5%", 5.5, "%"),
            ),
            {
                "table_seq": 0,
                "scope": "department",
                "level1": "部门管理",
                "level2": "财务管理",
                "level3": "财务管理制度健全性",
                "target_raw": "健全",
                "actual_raw": "健全",
            },
        ],
    },
    EBIAN_TXT: {
        "documents": [
            _doc(
                "ebian-2024-dept-self-eval.txt",
                "txt",
                "峨边彝族自治县医疗保障局",
                "峨边彝族自治县",
                2024,
                "部门整体支出绩效自评报告",
            )
        ],
        "doc_summary": [
            {
                "basic_expenditure_wan": Decimal("372.34"),
                "project_expenditure_wan": Decimal("508.18"),
                "carryover_wan": Decimal("5.18"),
                "self_score": Decimal("96"),
                "grade_raw": "优",
                "grade": "优",
            }
        ],
        "findings": [{"kind": "问题", "seq": 0, "text": "绩效目标设置不够细化"}],
        "amounts": [_amount(0, "基本支出", "372.34", EBIAN_SPENDING)],
    },
    EBIAN_DOCX: {
        "documents": [
            _doc(
                "ebian-2024-dept-self-eval.docx",
                "docx",
                "峨边彝族自治县医疗保障局",
                "峨边彝族自治县",
                2024,
                "部门整体支出绩效自评报告",
            )
        ],
        "doc_summary": [{"self_score": Decimal("96"), "grade_raw": "优", "grade": "优"}],
        "amounts": [_amount(0, "基本支出", "372.34", EBIAN_SPENDING)],
    },
    FENGNAN: {
        "documents": [
            _doc(
                "fengnan-2023-finance-key-eval.txt",
                "txt",
                "唐山市丰南区医疗保障局",
                "唐山市丰南区",
                2023,
                "部门整体支出重点评价报告",
            )
        ],
        "doc_summary": [
            {
                "budget_initial_wan": Decimal("10710.15"),
                "expenditure_wan": Decimal("9968.66"),
                "self_score": Decimal("92.47"),
            }
        ],
        "amounts": [
            _amount(
                0, "执行数", "9968.66", "本年支出9968.66万元，完成年初预算10710.15万元的93.08%"
            ),
            _amount(1, "执行数", "2118.33", "2023年度决算收、支均为2,118.33万元"),
            _amount(2, "执行数", "9968.66", FENGNAN_SENTENCE),
            _amount(3, "年初预算数", "10710.15", FENGNAN_SENTENCE),
        ],
    },
    MIANZHU: {
        "documents": [
            _doc(
                "mianzhu-2020-final-accounts.txt",
                "txt",
                "绵竹市医疗保障局",
                "绵竹市",
                2020,
                "部门决算",
            )
        ],
        "indicators": [
            _indicator(
                "项目完成指标",
                "成本指标",
                "项目完成成本",
                ("≥45万元", ">=", 45.0, "万元"),
                ("21.74万元", 21.74, "万元"),
            ),
            _indicator(
                "项目完成指标",
                "质量指标",
                "残疾军人每人每年补助标准",
                ("≤6000元", "<=", 6000.0, "元"),
                ("2899元", 2899.0, "元"),
            ),
            _indicator(
                "项目完成指标",
                "数量指标",
                "我市二乙伤残军人（1-6级伤残军人）",
                ("≥75名", ">=", 75.0, "名"),
                ("75人", 75.0, "人"),
            ),
        ],
        "projects": [
            {
                "project_name": "优抚对象医疗补助",
                "budget_final_wan": Decimal("21.74"),
                "executed_wan": Decimal("21.74"),
                "execution_rate": Decimal("1"),
            }
        ],
    },
    BROKEN_PDF: {
        "documents": [_doc("broken.pdf", "pdf", None, None, None, None, status="failed")],
        "extraction_errors": [
            {
                "source_path": "broken.pdf",
                "stage": "read",
                "error_type": "CorruptFile",
                "message": "not a PDF file",
            }
        ],
    },
}


def write_curated(root: Path, documents: dict[str, Rows]) -> Path:
    """Write the per-document curated layout (every table, empty ones included)."""
    for doc_id, rows in documents.items():
        for spec in TABLES:
            table = build_table(spec, doc_id, rows.get(spec.name, []))
            write_parquet_atomic(table, part_path(root, spec.name, doc_id))
    return root


@pytest.fixture
def published(tmp_path: Path) -> Path:
    curated = write_curated(tmp_path / "curated", KNOWN_ROWS)
    return publish(curated, tmp_path / "published").out


def query(out: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(out / DUCKDB_FILE), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# -- the views answer analysts' questions -----------------------------------------------------


def test_department_year_gives_the_stated_execution_rate_and_grade(published: Path) -> None:
    rows = query(
        published,
        "SELECT budget_final_wan, expenditure_wan, execution_rate, execution_rate_source,"
        " self_score, grade FROM v_department_year"
        " WHERE department = '嘉峪关市医疗保障局' AND fiscal_year = 2021",
    )
    assert rows == [(753.6, 750.6, 0.996, "stated", 98.0, "良")]


def test_one_report_in_two_formats_is_one_department_year(published: Path) -> None:
    rows = query(
        published,
        "SELECT n_documents, self_score, grade, basic_expenditure_wan FROM v_department_year"
        " WHERE department = '峨边彝族自治县医疗保障局'",
    )
    assert rows == [(2, 96.0, "优", 372.34)]


def test_execution_rate_is_computed_when_the_summary_does_not_state_it(published: Path) -> None:
    rows = query(
        published,
        "SELECT execution_rate, execution_rate_source FROM v_department_year"
        " WHERE department = '唐山市丰南区医疗保障局' AND fiscal_year = 2023",
    )
    # 9968.66 / 10710.15 = 0.93077…, the 93.08% the report states.
    assert rows == [(0.9308, "computed")]


def test_department_year_leaves_out_documents_without_a_department(published: Path) -> None:
    rows = query(published, "SELECT count(*) FROM v_department_year WHERE department IS NULL")
    assert rows == [(0,)]


def test_cost_below_its_minimum_target_is_a_miss(published: Path) -> None:
    rows = query(
        published,
        "SELECT department, fiscal_year, level3, round(gap, 2) FROM v_indicator_misses",
    )
    assert rows == [("绵竹市医疗保障局", 2020, "项目完成成本", -23.26)]


def test_value_under_its_maximum_target_is_a_hit(published: Path) -> None:
    rows = query(
        published,
        "SELECT outcome FROM v_indicator_outcomes WHERE level3 = '残疾军人每人每年补助标准'",
    )
    assert rows == [("hit",)]


def test_target_and_actual_in_different_units_are_not_compared(published: Path) -> None:
    rows = query(
        published,
        "SELECT outcome FROM v_indicator_outcomes WHERE target_unit = '名'",
    )
    assert rows == [("not_comparable",)]


def test_qualitative_target_met_word_for_word_is_a_hit(published: Path) -> None:
    rows = query(
        published,
        "SELECT outcome FROM v_indicator_outcomes WHERE level3 = '财务管理制度健全性'",
    )
    assert rows == [("hit",)]


def test_amounts_by_metric_takes_the_figure_stated_most_often(published: Path) -> None:
    rows = query(
        published,
        "SELECT value_wan, min_wan, max_wan, n_mentions, n_distinct_values"
        " FROM v_amounts_by_metric WHERE metric = '执行数' AND fiscal_year = 2023",
    )
    assert rows == [(9968.66, 2118.33, 9968.66, 3, 2)]


def test_docx_is_the_primary_copy_of_a_report_published_in_several_formats(
    published: Path,
) -> None:
    rows = query(
        published,
        "SELECT source_path FROM v_primary_documents WHERE department = '峨边彝族自治县医疗保障局'",
    )
    assert rows == [("ebian-2024-dept-self-eval.docx",)]


def test_amounts_by_metric_counts_a_report_in_two_formats_once(published: Path) -> None:
    rows = query(
        published,
        "SELECT value_wan, n_mentions, n_documents FROM v_amounts_by_metric"
        " WHERE metric = '基本支出' AND fiscal_year = 2024",
    )
    assert rows == [(372.34, 1, 1)]


def test_table_views_read_fiscal_year_as_an_integer(published: Path) -> None:
    rows = query(
        published,
        "SELECT DISTINCT typeof(fiscal_year) FROM amounts UNION ALL "
        "SELECT DISTINCT typeof(fiscal_year) FROM documents",
    )
    assert set(rows) == {("INTEGER",)}


def test_document_of_unknown_year_reads_back_with_a_null_fiscal_year(published: Path) -> None:
    rows = query(
        published,
        "SELECT fiscal_year, error_type FROM extraction_errors WHERE doc_id = 'f6f6f6f6f6f6f6f6'",
    )
    assert rows == [(None, "CorruptFile")]


def test_a_copy_of_the_published_folder_answers_in_plain_duckdb_once_the_source_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    curated = write_curated(tmp_path / "build" / "curated", KNOWN_ROWS)
    out = publish(curated, tmp_path / "build" / "published").out
    laptop = tmp_path / "laptop" / "published"
    shutil.copytree(out, laptop)  # what `cp -r data/published` copies: the live build
    alone = tmp_path / "mail" / DUCKDB_FILE
    alone.parent.mkdir()
    shutil.copy(out / DUCKDB_FILE, alone)  # the file alone, e.g. sent by mail
    shutil.rmtree(tmp_path / "build")
    monkeypatch.chdir(tmp_path)  # neither the copy's folder nor the source's
    for database in (laptop / DUCKDB_FILE, alone):
        con = duckdb.connect(str(database), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM documents").fetchall() == [(len(KNOWN_ROWS),)]
            rate = con.execute(
                "SELECT expenditure_wan, execution_rate FROM v_department_year"
                " WHERE department = '嘉峪关市医疗保障局' AND fiscal_year = 2021"
            ).fetchall()
        finally:
            con.close()
        assert rate == [(750.6, 0.996)]


def test_views_work_from_any_working_directory(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "curated")
    assert query(published, "SELECT count(*) FROM documents") == [(len(KNOWN_ROWS),)]


# -- the files -------------------------------------------------------------------------


def _as_rows(table: pa.Table) -> list[tuple[Any, ...]]:
    decoded = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    rows = pa.table(decoded, names=table.column_names).to_pylist()
    return sorted((tuple(r.values()) for r in rows), key=repr)


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_compaction_gives_the_same_rows_as_the_per_document_files(
    published: Path, tmp_path: Path, table: str
) -> None:
    spec = TABLES_BY_NAME[table]
    per_document = read_curated_table(tmp_path / "curated", spec)
    compacted = read_published(published, table).select(list(spec.column_names))
    assert _as_rows(compacted.cast(_decoded(compacted.schema, spec.schema))) == _as_rows(
        per_document
    )


def _decoded(actual: pa.Schema, contract: pa.Schema) -> pa.Schema:
    return pa.schema([contract.field(name) for name in actual.names])


def test_rows_go_to_the_fiscal_year_of_their_document(published: Path) -> None:
    years = {p.parent.name for p in (published / "amounts").glob("*/*.parquet")}
    assert "fiscal_year=2023" in years
    assert (published / "extraction_errors" / f"fiscal_year={NULL_PARTITION}").is_dir()
    fengnan = pq.read_table(published / "amounts" / "fiscal_year=2023" / "part-0.parquet")
    assert set(fengnan.column("doc_id").to_pylist()) == {FENGNAN}


def test_files_are_zstd_with_statistics_and_sorted_by_doc_id(published: Path) -> None:
    meta = pq.ParquetFile(published / "indicators" / "fiscal_year=2020" / "part-0.parquet").metadata
    group = meta.row_group(0)
    doc_id = group.column(0)
    assert doc_id.path_in_schema == "doc_id"
    assert doc_id.compression == "ZSTD"
    assert doc_id.statistics is not None and doc_id.statistics.has_min_max
    assert [c.column_index for c in group.sorting_columns] == [0, 1]  # doc_id, table_seq


def test_categorical_columns_are_dictionary_encoded(published: Path) -> None:
    table = read_published(published, "documents")
    for name in ("status", "file_format", "report_type"):
        assert name in CATEGORICAL_COLUMNS
        assert pa.types.is_dictionary(table.schema.field(name).type), name
    assert pa.types.is_string(table.schema.field("department").type)


def test_money_is_float64_and_fiscal_year_int32(published: Path) -> None:
    table = read_published(published, "doc_summary")
    assert table.schema.field("expenditure_wan").type == pa.float64()
    assert table.schema.field("fiscal_year").type == pa.int32()


# -- rebuilding ------------------------------------------------------------------------


def test_republishing_swaps_the_link_and_a_reader_of_the_old_build_keeps_its_rows(
    tmp_path: Path,
) -> None:
    curated = write_curated(tmp_path / "curated", {JIAYUGUAN: KNOWN_ROWS[JIAYUGUAN]})
    first = publish(curated, tmp_path / "published")
    reader = duckdb.connect(str(first.out / DUCKDB_FILE), read_only=True)
    write_curated(curated, {FENGNAN: KNOWN_ROWS[FENGNAN]})
    second = publish(curated, tmp_path / "published")
    try:
        assert reader.execute("SELECT count(*) FROM documents").fetchall() == [(1,)]
    finally:
        reader.close()
    assert second.out.is_symlink()
    assert second.out.resolve() == second.build_dir.resolve() != first.build_dir.resolve()
    assert query(second.out, "SELECT count(*) FROM documents") == [(2,)]


def test_old_builds_are_pruned_to_the_live_one_and_its_predecessor(tmp_path: Path) -> None:
    curated = write_curated(tmp_path / "curated", {EBIAN_TXT: KNOWN_ROWS[EBIAN_TXT]})
    results = [publish(curated, tmp_path / "published") for _ in range(4)]
    builds = sorted(p for p in results[-1].build_dir.parent.iterdir() if p.is_dir())
    assert builds == sorted([results[-2].build_dir, results[-1].build_dir])


def test_a_failed_build_leaves_the_previous_one_live(tmp_path: Path) -> None:
    curated = write_curated(tmp_path / "curated", {EBIAN_TXT: KNOWN_ROWS[EBIAN_TXT]})
    first = publish(curated, tmp_path / "published")

    def failing_report(build: Path) -> str:
        raise RuntimeError("report failed")

    with pytest.raises(RuntimeError):
        publish(curated, tmp_path / "published", report=failing_report)
    assert first.out.resolve() == first.build_dir.resolve()
    assert [p for p in first.build_dir.parent.iterdir() if p.is_dir()] == [first.build_dir]


def test_a_plain_directory_in_the_way_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    curated = write_curated(tmp_path / "curated", {EBIAN_TXT: KNOWN_ROWS[EBIAN_TXT]})
    (tmp_path / "published").mkdir()
    (tmp_path / "published" / "notes.txt").write_text("mine", "utf-8")
    result = publish(curated, tmp_path / "published")
    assert result.out.is_symlink()
    moved = [p for p in tmp_path.iterdir() if p.name.startswith(".published.replaced")]
    assert [(p / "notes.txt").read_text("utf-8") for p in moved] == ["mine"]


def test_an_empty_curated_root_publishes_empty_views(tmp_path: Path) -> None:
    result = publish(tmp_path / "nothing", tmp_path / "published")
    assert query(result.out, "SELECT count(*) FROM v_department_year") == [(0,)]
    assert query(result.out, "SELECT count(*) FROM indicators") == [(0,)]


def test_real_sample_extractions_publish(tmp_path: Path) -> None:
    """Whatever the parsers find today, every sample reaches the published documents view."""
    curated = tmp_path / "curated"
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    for path in samples:
        result = extract_file(path, SAMPLES)
        for name, table in to_tables(result).items():
            write_parquet_atomic(table, part_path(curated, name, result.doc_id))
    out = publish(curated, tmp_path / "published").out
    paths = query(out, "SELECT source_path FROM documents ORDER BY source_path")
    assert [p for (p,) in paths] == [p.name for p in samples]
    for view in ("v_department_year", "v_indicator_misses", "v_amounts_by_metric"):
        query(out, f"SELECT * FROM {view}")
    assert os.path.islink(out)


# -- properties --------------------------------------------------------------------------

_years = st.one_of(st.none(), st.integers(min_value=2018, max_value=2025))
_values = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False)
_documents = st.dictionaries(
    keys=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    values=st.tuples(_years, st.lists(_values, max_size=4)),
    max_size=6,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents=_documents)
def test_compaction_of_any_documents_keeps_every_row_in_its_year(
    tmp_path_factory: pytest.TempPathFactory, documents: dict[str, tuple[int | None, list[Decimal]]]
) -> None:
    root = tmp_path_factory.mktemp("property")
    rows: dict[str, Rows] = {
        doc_id: {
            "documents": [_doc(f"{doc_id}.txt", "txt", "某医疗保障局", None, year, "other")],
            "amounts": [_amount(i, "执行数", str(v), f"支出{v}万元") for i, v in enumerate(values)],
        }
        for doc_id, (year, values) in documents.items()
    }
    out = publish(write_curated(root / "curated", rows), root / "published").out
    expected = sorted(
        (doc_id, i, float(v), year)
        for doc_id, (year, values) in documents.items()
        for i, v in enumerate(values)
    )
    got = query(out, "SELECT doc_id, seq, value_wan, fiscal_year FROM amounts")
    assert sorted(got) == expected
    years_on_disk = {p.parent.name for p in (out / "amounts").glob("*/*.parquet")}
    wanted = {year for year, values in documents.values() if values}
    assert years_on_disk == (
        {f"fiscal_year={NULL_PARTITION if y is None else y}" for y in wanted}
        or {f"fiscal_year={NULL_PARTITION}"}
    )


def test_concurrent_publishes_leave_one_consistent_live_build(tmp_path: Path) -> None:
    curated = write_curated(tmp_path / "curated", KNOWN_ROWS)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: publish(curated, tmp_path / "published"), range(3)))
    out = results[0].out
    assert out.resolve() in {r.build_dir.resolve() for r in results}
    assert query(out, "SELECT count(*) FROM documents") == [(len(KNOWN_ROWS),)]
    assert len([p for p in results[0].build_dir.parent.iterdir() if p.is_dir()]) == 2


def test_copies_of_one_report_are_grouped_with_the_docx_primary(published: Path) -> None:
    rows = query(
        published,
        "SELECT doc_id, is_primary, n_copies, disagreements FROM v_document_copies "
        f"WHERE doc_id IN ('{EBIAN_TXT}', '{EBIAN_DOCX}') ORDER BY doc_id",
    )
    # ebian as TXT and DOCX, both scoring 96: DOCX comes first in FORMAT_PRIORITY.
    assert rows == [(EBIAN_TXT, False, 2, []), (EBIAN_DOCX, True, 2, [])]


def test_copies_stating_different_headline_figures_are_a_disagreement(tmp_path: Path) -> None:
    rows = {**KNOWN_ROWS[EBIAN_DOCX], "doc_summary": [{"self_score": Decimal("69")}]}
    curated = write_curated(
        tmp_path / "curated", {EBIAN_TXT: KNOWN_ROWS[EBIAN_TXT], EBIAN_DOCX: rows}
    )
    out = publish(curated, tmp_path / "published").out
    found = query(out, "SELECT DISTINCT disagreements FROM v_document_copies")
    assert found == [(["self_score"],)]


def _store_of_one_sample(tmp_path: Path):
    import shutil

    from jixiao.processing import process_file
    from jixiao.runner import plan, scan_raw
    from jixiao.store import CuratedStore

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES / "ebian-2024-dept-self-eval.txt", raw / "ebian.txt")
    store = CuratedStore(tmp_path / "curated")
    for f in plan(scan_raw(raw), store.load_manifest()).stale:
        process_file(f, raw, store)
    return store


def test_publish_leaves_out_partitions_of_a_commit_not_yet_recorded(tmp_path):
    store = _store_of_one_sample(tmp_path)
    [doc_id] = store.committed_doc_ids()
    amounts = pq.read_table(part_path(store.root, "amounts", doc_id), partitioning=None)
    unrecorded = amounts.set_column(0, "doc_id", pa.array(["0" * 16] * amounts.num_rows))
    write_parquet_atomic(unrecorded, part_path(store.root, "amounts", "0" * 16))
    publish(store.root, tmp_path / "published")
    published = read_published(tmp_path / "published", "amounts")
    assert set(published["doc_id"].to_pylist()) == {doc_id}


def test_publish_waits_for_a_commit_under_way_and_sees_its_result(tmp_path):
    import threading

    store = _store_of_one_sample(tmp_path)
    [source_path] = store.load_manifest()
    [doc_id] = store.committed_doc_ids()
    with store.locked():  # a commit under way: it removes the document
        publishing = threading.Thread(target=publish, args=(store.root, tmp_path / "published"))
        publishing.start()
        publishing.join(1.0)
        store.remove_document(doc_id)
        store._manifest.record({}, [source_path])
    publishing.join()
    assert read_published(tmp_path / "published", "documents").num_rows == 0
