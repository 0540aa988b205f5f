"""`jixiao settings`: what a run over RAW_DIR would use, as a jixiao.toml saying where each
value came from."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cli.main import main
from jixiao.settings_sources import load_settings


@pytest.fixture
def raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data/raw in a project folder, data/jixiao.toml beside it."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data" / "raw"
    folder.mkdir(parents=True)
    (folder.parent / "jixiao.toml").write_text(
        '[read]\nmax_pages = 800\n\n[isolation]\nmemory_limit_bytes = "3 GiB"\n', encoding="utf-8"
    )
    return folder


def _lines(printed: str) -> dict[str, str]:
    return {line.split(" = ")[0]: line for line in printed.splitlines() if " = " in line}


def test_each_value_says_where_it_came_from(raw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", str(raw), "--set", "run.workers=2"]) == 0
    lines = _lines(capsys.readouterr().out)
    toml = (raw.parent / "jixiao.toml").resolve()
    assert lines["max_pages"] == f"max_pages = 800  # {toml}"
    assert lines["memory_limit_bytes"] == f'memory_limit_bytes = "3 GiB"  # {toml}'
    assert lines["workers"] == "workers = 2  # --set"
    assert lines["time_limit_s"] == "time_limit_s = 120.0  # default"
    assert lines["max_docx_uncompressed_bytes"] == (
        'max_docx_uncompressed_bytes = "200 MiB"  # default'
    )


def test_what_it_prints_is_a_jixiao_toml_giving_the_same_settings(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["settings", str(raw), "--set", "ocr.enabled=false"]) == 0
    printed = capsys.readouterr().out
    assert set(tomllib.loads(printed)) == {"read", "ocr", "isolation", "run"}
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "raw").mkdir(parents=True)
    (elsewhere / "jixiao.toml").write_text(printed, encoding="utf-8")
    assert load_settings(elsewhere / "raw", elsewhere) == load_settings(
        raw, tmp_path, ["ocr.enabled=false"]
    )


def test_a_bad_setting_is_one_line_and_exit_2(
    raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["settings", str(raw), "--set", "ocr.enable=false"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "jixiao: error: --set ocr.enable=false: unknown setting 'ocr.enable' "
        "(did you mean ocr.enabled?)"
    ]


def test_ui_refuses_a_bad_settings_file_before_starting_dagster(
    raw: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.local

    def serve_ui(*args: object) -> int:
        raise AssertionError("Dagster must not start with a bad setting")

    monkeypatch.setattr(pipeline.local, "serve_ui", serve_ui)
    toml = (raw.parent / "jixiao.toml").resolve()
    toml.write_text("[run]\nworkers = -1\n", encoding="utf-8")
    assert main(["ui", "--raw", str(raw)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"jixiao: error: {toml}: run.workers must be at least 0, not -1"
    ]
