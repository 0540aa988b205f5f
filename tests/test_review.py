"""Stewards and analysts after `jixiao extract`: the review list, and a published layer that
follows the curated data (or says it does not)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli.main import main

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = "ebian-2024-dept-self-eval.txt"


@pytest.fixture
def extracted(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n")  # truncated: no %%EOF
    home = tmp_path / "home"
    args = ["extract", str(raw), "--out", str(tmp_path / "curated"), "--dagster-home", str(home)]
    assert main([*args, "--workers", "1"]) == 0
    return tmp_path


def _sql(root: Path, query: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    capsys.readouterr()
    assert main(["sql", query, "--published", str(root / "published"), "--csv"]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_review_lists_a_failed_document_with_its_reason(
    extracted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    home = str(extracted / "home")
    assert main(["review", "--curated", str(extracted / "curated"), "--dagster-home", home]) == 0
    out = capsys.readouterr().out
    broken = [line for line in out.splitlines() if "broken.pdf" in line]
    assert any("failed" in line and "status" in line and "truncated" in line for line in broken)
    assert any("required_fields" in line for line in broken)


def test_extract_publishes_so_sql_answers_with_the_new_figure(
    extracted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = extracted / "raw" / EBIAN
    raw.write_text(raw.read_text("utf-8").replace("结转结余5.18万元", "结转结余8.25万元"), "utf-8")
    home = str(extracted / "home")
    curated = str(extracted / "curated")
    assert main(["extract", str(raw.parent), "--out", curated, "--dagster-home", home]) == 0
    out, err = _sql(
        extracted, "SELECT carryover_wan FROM doc_summary WHERE carryover_wan > 0", capsys
    )
    assert out.splitlines()[1:] == ["8.25"]
    assert err == ""


def test_sql_says_when_the_published_layer_is_older_than_the_curated_data(
    extracted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = extracted / "raw" / EBIAN
    raw.write_text(raw.read_text("utf-8").replace("结转结余5.18万元", "结转结余8.25万元"), "utf-8")
    home = str(extracted / "home")
    curated = str(extracted / "curated")
    args = ["extract", str(raw.parent), "--out", curated, "--dagster-home", home, "--no-publish"]
    assert main(args) == 0
    out, err = _sql(
        extracted, "SELECT carryover_wan FROM doc_summary WHERE carryover_wan > 0", capsys
    )
    assert out.splitlines()[1:] == ["5.18"]
    assert len(err.splitlines()) == 1
    assert "older than the curated data" in err
