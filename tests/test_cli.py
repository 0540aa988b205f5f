"""The `jixiao` command line: extract, bad inputs, unchanged re-runs, diff, usage errors."""

from __future__ import annotations

import contextlib
import io
import shutil
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from dagster import AssetKey
from pdf_streams import pdf_file

import jixiao.batch
import jixiao.extraction
import jixiao.isolation
import jixiao.runner
import pipeline.local
from cli.main import main
from jixiao import __version__
from jixiao.runner import partition_key
from jixiao.schema import TABLES
from jixiao.store import CuratedStore

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = "ebian-2024-dept-self-eval.txt"


def _encrypted_pdf() -> bytes:
    """A one-page PDF under the standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    file_id = b"<" + b"33" * 16 + b">"
    return pdf_file(objects, b"/Encrypt 4 0 R /ID [" + file_id + b" " + file_id + b"] ")


def _xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")


BAD_INPUTS = {
    "empty.txt": "empty file: there is nothing to read",
    "fake.pdf": "not a PDF: the file is named .pdf but its bytes are not a PDF",
    "encrypted.pdf": "encrypted PDF: a password is required",
    "old.doc": "unsupported format .doc: jixiao reads .pdf, .docx, .txt, .xlsx, .xls and .html; "
    "open it in Word or WPS and save it as .docx",
    "sheet.xlsx": "corrupt XLSX: the workbook cannot be read (File contains no valid workbook part)",
    "scan.png": "unsupported format .png: jixiao reads .pdf, .docx, .txt, .xlsx, .xls and .html",
}


def _bad_raw(raw: Path) -> None:
    raw.mkdir()
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "fake.pdf").write_text("这不是PDF，只是一段文字。", encoding="utf-8")
    (raw / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (raw / "truncated.pdf").write_bytes(
        (SAMPLES / "ebian-2024-dept-self-eval.pdf").read_bytes()[:4000]
    )
    (raw / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    _xlsx(raw / "sheet.xlsx")
    (raw / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)


def _extract(raw: Path, out: Path, home: Path, *extra: str) -> int:
    return main(
        [
            "extract",
            str(raw),
            "--out",
            str(out),
            "--dagster-home",
            str(home),
            "--no-publish",
            *extra,
        ]
    )


def _parquet_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.parquet")}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """One extract over the good sample plus every kind of bad input."""
    tmp = tmp_path_factory.mktemp("bad")
    raw, out, home = tmp / "raw", tmp / "out", tmp / "home"
    _bad_raw(raw)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = _extract(raw, out, home)
    return raw, out, printed.getvalue(), code


# -- one run over the good sample and seven bad inputs --------------------------------


def test_bad_inputs_do_not_stop_the_run(bad_run):
    *_, code = bad_run
    assert code == 0


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_bad_input_is_a_failed_document_with_one_clear_error(bad_run, name):
    _, out, _, _ = bad_run
    store = CuratedStore(out)
    documents = {r["source_path"]: r for r in store.read_table("documents").to_pylist()}
    errors = [
        r for r in store.read_table("extraction_errors").to_pylist() if r["source_path"] == name
    ]
    assert documents[name]["status"] == "failed"
    assert documents[name]["error"] == BAD_INPUTS[name]
    assert [e["message"] for e in errors] == [BAD_INPUTS[name]]
    assert errors[0]["stage"] == "read"


def test_truncated_pdf_is_a_failed_document(bad_run):
    _, out, _, _ = bad_run
    store = CuratedStore(out)
    [document] = [
        r for r in store.read_table("documents").to_pylist() if r["source_path"] == "truncated.pdf"
    ]
    errors = [
        r
        for r in store.read_table("extraction_errors").to_pylist()
        if r["source_path"] == "truncated.pdf"
    ]
    assert document["status"] == "failed"
    assert len(errors) == 1
    assert errors[0]["message"] == document["error"]


def test_the_good_file_next_to_bad_ones_is_extracted(bad_run):
    _, out, _, _ = bad_run
    documents = {r["source_path"]: r for r in CuratedStore(out).read_table("documents").to_pylist()}
    assert documents[EBIAN]["status"] in {"ok", "partial"}
    amounts = CuratedStore(out).read_table("amounts")
    assert 880.52 in amounts["value_wan"].to_pylist()  # 财政拨款预算收入880.52万元


def test_every_dataset_has_exactly_the_contract_columns_and_types(bad_run):
    _, out, _, _ = bad_run

    for spec in TABLES:
        files = sorted((out / spec.name).rglob("*.parquet"))
        assert len(files) == 8, spec.name  # the good sample and seven bad inputs
        for path in files:
            assert pq.read_schema(path).remove_metadata() == spec.schema, path


def test_failures_are_printed_one_line_each(bad_run):
    _, _, printed, _ = bad_run
    assert "  empty.txt: empty file: there is nothing to read\n" in printed
    assert f"  old.doc: {BAD_INPUTS['old.doc']}\n" in printed
    assert "  encrypted.pdf: encrypted PDF: a password is required\n" in printed
    assert "amounts" in printed  # the rows-written table


def _printed_row(printed: str, first_cell: str) -> list[str]:
    """The cells of the printed table row that starts with ``first_cell``."""
    for line in printed.splitlines():
        if line[:1] not in {"│", "┃"}:  # a title or a rule
            continue
        cells = [c.strip() for c in line.replace("┃", "│").strip("│").split("│")]
        if cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} in the summary")


def test_the_summary_counts_the_rows_the_curated_files_hold(bad_run):
    _, out, printed, _ = bad_run
    for spec in TABLES:
        held = sum(pq.read_metadata(p).num_rows for p in (out / spec.name).rglob("*.parquet"))
        assert _printed_row(printed, spec.name) == [spec.name, str(held)]


def test_the_summary_counts_documents_by_status(bad_run):
    _, out, printed, _ = bad_run
    statuses = [
        pq.read_table(p, partitioning=None)["status"][0].as_py()
        for p in (out / "documents").rglob("*.parquet")
    ]
    header = _printed_row(printed, "extracted")
    counts = dict(zip(header, _printed_row(printed, str(len(statuses))), strict=False))
    assert counts["ok"] == str(statuses.count("ok"))
    assert counts["failed"] == str(statuses.count("failed"))


def test_second_run_parses_nothing_launches_nothing_and_changes_no_byte(tmp_path, monkeypatch):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    raw.mkdir()
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    assert _extract(raw, out, home) == 0
    before = _parquet_bytes(out)
    runs_before = pipeline.local.open_instance(home).get_runs_count()

    def forbidden(*args, **kwargs):
        raise AssertionError("an unchanged file must not be read, hashed or materialised")

    monkeypatch.setattr(jixiao.extraction, "extract_file", forbidden)
    monkeypatch.setattr(jixiao.batch, "process_batch", forbidden)
    monkeypatch.setattr(jixiao.runner, "sha256_of", forbidden)
    monkeypatch.setattr(pipeline.local, "materialize_documents", forbidden)
    assert _extract(raw, out, home) == 0
    assert _parquet_bytes(out) == before
    assert pipeline.local.open_instance(home).get_runs_count() == runs_before == 1


def test_force_re_extracts_to_the_same_bytes(tmp_path):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    raw.mkdir()
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    assert _extract(raw, out, home) == 0
    before = _parquet_bytes(out)
    assert _extract(raw, out, home, "--force") == 0
    assert _parquet_bytes(out) == before
    assert pipeline.local.open_instance(home).get_runs_count() == 2


def test_deleted_file_rows_go_on_the_next_run(tmp_path):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    raw.mkdir()
    for name in (EBIAN, "fengnan-2023-finance-key-eval.txt"):
        shutil.copy(SAMPLES / name, raw / name)
    assert _extract(raw, out, home) == 0
    (raw / EBIAN).unlink()
    assert _extract(raw, out, home) == 0
    sources = CuratedStore(out).read_table("documents")["source_path"].to_pylist()
    assert sources == ["fengnan-2023-finance-key-eval.txt"]
    assert len(list((out / "amounts").iterdir())) == 1


def test_diff_of_two_outputs_names_the_changed_value(tmp_path, capsys):
    raw, home = tmp_path / "raw", tmp_path / "home"
    raw.mkdir()
    path = raw / EBIAN
    shutil.copy(SAMPLES / EBIAN, path)
    assert _extract(raw, tmp_path / "old", home) == 0
    path.write_bytes(
        path.read_bytes().replace("基本支出372.34".encode(), "基本支出372.43".encode())
    )
    assert _extract(raw, tmp_path / "new", home) == 0
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("1 documents changed, 0 new, 0 removed")
    assert f"## {EBIAN}" in printed
    assert "| amounts | value_wan | 372.34 | 372.43 |" in printed


def test_missing_raw_directory_is_a_usage_error(tmp_path, capsys):
    code = main(["extract", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert err == f"jixiao: error: raw directory not found: {tmp_path / 'nope'}\n"


def test_missing_out_option_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(tmp_path)])
    assert exit_info.value.code == 2


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"jixiao {__version__}\n"


def test_two_workers_extract_every_document(tmp_path):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    raw.mkdir()
    names = [EBIAN, "fengnan-2023-finance-key-eval.txt"]
    for name in names:
        shutil.copy(SAMPLES / name, raw / name)
    assert _extract(raw, out, home, "--workers", "2") == 0
    assert sorted(CuratedStore(out).read_table("documents")["source_path"].to_pylist()) == names
    instance = pipeline.local.open_instance(home)
    # New documents go in one run; each is recorded on its own partition.
    assert instance.get_runs_count() == 1
    keys = {partition_key(name) for name in names}
    assert instance.get_materialized_partitions(AssetKey("documents")) == keys
    observed = {
        r.partition_key: r.asset_observation.metadata["source_path"].value
        for r in instance.fetch_observations(AssetKey("raw_document"), limit=10).records
    }
    assert observed == {partition_key(name): name for name in names}


@pytest.mark.parametrize("where", [".", "curated", "a/b"])
def test_an_output_directory_inside_the_raw_folder_is_a_usage_error(tmp_path, capsys, where):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    assert _extract(raw, raw / where, tmp_path / "home") == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("jixiao: error: --out ") and "inside the raw folder" in line
    assert sorted(p.name for p in raw.iterdir()) == [EBIAN]


def test_missing_curated_directory_is_a_usage_error_for_diff(tmp_path, capsys):
    assert main(["diff", str(tmp_path / "old"), str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err
        == f"jixiao: error: curated directory not found: {tmp_path / 'old'}\n"
    )


def test_the_summary_names_new_changed_and_removed_files(tmp_path):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    raw.mkdir()
    fengnan = "fengnan-2023-finance-key-eval.txt"
    for name in (EBIAN, fengnan):
        shutil.copy(SAMPLES / name, raw / name)
    assert _extract(raw, out, home) == 0
    edited = raw / EBIAN
    edited.write_text(
        edited.read_text("utf-8").replace("结转结余5.18万元", "结转结余6.18万元"), "utf-8"
    )
    (raw / fengnan).unlink()
    shutil.copy(SAMPLES / "mianzhu-2020-final-accounts.txt", raw / "绵竹 2020 决算.txt")
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n")  # truncated: no %%EOF
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert _extract(raw, out, home) == 0
    lines = [" ".join(line.split()) for line in printed.getvalue().splitlines()]
    assert "changed ebian-2024-dept-self-eval.txt" in lines
    assert "new 绵竹 2020 决算.txt" in lines
    assert "new broken.pdf" in lines
    assert f"removed {fengnan}" in lines
    assert "broken.pdf: corrupt PDF: the file is truncated (no %%EOF at its end)" in lines
