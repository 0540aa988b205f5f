"""`jixiao sql`, `jixiao schema` and `jixiao publish` (through the real `jixiao` parser)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_publish import KNOWN_ROWS, write_curated

from cli.main import main
from jixiao.publish import DUCKDB_FILE, REPORT_FILE, publish
from jixiao.schema import AMOUNTS

JIAYUGUAN_SQL = (
    "SELECT department, fiscal_year, execution_rate, grade FROM v_department_year"
    " WHERE fiscal_year = 2021"
)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    return publish(write_curated(root / "curated", KNOWN_ROWS), root / "published").out


def test_schema_amounts_lists_every_column_with_its_meaning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "amounts"]) == 0
    out = capsys.readouterr().out
    for column in AMOUNTS.columns:
        assert column.name in out
    assert "normalised value in 万元" in out
    assert "indicators" not in out  # only the table asked for


def test_schema_markdown_is_one_row_per_column(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "amounts", "--markdown"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert rows[0] == "| column | type | meaning |"
    assert [r.split(" | ")[0].removeprefix("| ") for r in rows[1:]] == list(AMOUNTS.column_names)


def test_schema_of_an_unknown_table_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "budgets"])
    assert exit_info.value.code == 2
    assert "amounts" in capsys.readouterr().err  # the valid choices are listed


def test_sql_prints_the_answer_as_a_table(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", JIAYUGUAN_SQL, "--published", str(published)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "嘉峪关市医疗保障局" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")] == [
        "嘉峪关市医疗保障局",
        "2021",
        "0.996",
        "良",
    ]
    assert "1 rows" in out


def test_sql_csv_goes_to_stdout(published: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", JIAYUGUAN_SQL, "--published", str(published), "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [
        ["department", "fiscal_year", "execution_rate", "grade"],
        ["嘉峪关市医疗保障局", "2021", "0.996", "良"],
    ]


def test_sql_csv_flattens_list_columns(published: Path, tmp_path: Path) -> None:
    target = tmp_path / "years.csv"
    sql = "SELECT n_documents, doc_ids FROM v_department_year WHERE fiscal_year = 2024"
    assert main(["sql", sql, "--published", str(published), "--csv", str(target)]) == 0
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert rows[1][0] == "2"
    assert "b2b2b2b2b2b2b2b2" in rows[1][1] and "c3c3c3c3c3c3c3c3" in rows[1][1]


def test_sql_csv_file_starts_with_a_bom_for_excel(published: Path, tmp_path: Path) -> None:
    target = tmp_path / "answer.csv"
    assert main(["sql", JIAYUGUAN_SQL, "--published", str(published), "--csv", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + b'"department"')
    assert "嘉峪关市医疗保障局" in data.decode("utf-8-sig")


def test_sql_exports_parquet(published: Path, tmp_path: Path) -> None:
    target = tmp_path / "answer.parquet"
    assert (
        main(["sql", JIAYUGUAN_SQL, "--published", str(published), "--parquet", str(target)]) == 0
    )
    assert pq.read_table(target).to_pylist() == [
        {
            "department": "嘉峪关市医疗保障局",
            "fiscal_year": 2021,
            "execution_rate": 0.996,
            "grade": "良",
        }
    ]


def test_sql_error_is_one_line_and_exit_code_1(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "SELECT * FROM budgets", "--published", str(published)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "budgets" in err


def test_sql_without_a_published_layer_says_what_to_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "SELECT 1", "--published", str(tmp_path / "none")]) == 2
    assert "jixiao publish" in capsys.readouterr().err


def test_sql_cannot_change_the_published_layer(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "DROP VIEW documents", "--published", str(published)]) == 1
    assert main(["sql", "SELECT count(*) FROM documents", "--published", str(published)]) == 0
    assert f"{len(KNOWN_ROWS)}" in capsys.readouterr().out


def test_sql_still_works_on_a_copy_of_the_published_folder(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "laptop" / "published"
    shutil.copytree(published.resolve(), copy)
    sql = "SELECT count(*) AS n FROM documents"
    build = published.resolve()
    moved = build.with_name(build.name + "-moved")
    build.rename(moved)  # the paths inside jixiao.duckdb now point nowhere
    try:
        assert main(["sql", sql, "--published", str(copy), "--csv"]) == 0
    finally:
        moved.rename(build)
    assert capsys.readouterr().out.splitlines() == ['"n"', str(len(KNOWN_ROWS))]


def test_publish_builds_views_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curated = write_curated(tmp_path / "curated", KNOWN_ROWS)
    out = tmp_path / "published"
    assert main(["publish", "--curated", str(curated), "--out", str(out)]) == 0
    assert (out / DUCKDB_FILE).is_file() and (out / REPORT_FILE).is_file()
    printed = capsys.readouterr().out
    assert "fiscal years: 2020, 2021, 2023, 2024, unknown" in printed


def test_publish_without_curated_data_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["publish", "--curated", str(tmp_path / "none"), "--out", str(tmp_path)]) == 2
    assert "jixiao extract" in capsys.readouterr().err


def test_schema_covers_the_published_views(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--markdown"]) == 0
    out = capsys.readouterr().out
    for view in ("v_department_year", "v_primary_documents", "v_indicator_outcomes"):
        assert f"### {view}" in out
    assert "| execution_rate_source | VARCHAR |" in out
    assert "| outcome | VARCHAR |" in out
