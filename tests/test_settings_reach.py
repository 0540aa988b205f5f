"""Every setting reaches the extraction the same way from `jixiao extract --set` and from the
Dagster resource, and changes what a document gives (a page limit, OCR off)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dagster import DagsterInstance
from PIL import Image, ImageDraw

import pipeline.assets
from cli.main import main
from jixiao.settings import SPECS, Settings, value_of
from jixiao.store import CuratedStore
from pipeline.local import QUIET_RUN_CONFIG
from pipeline.resources import JixiaoResource, resource_from_env
from tests.dagster_runs import materialize_document
from tests.pdf_streams import RawPage, cjk, raw_pdf

# Each setting, a value other than its default: as typed after --set, and as the resource's
# config holds it.
VALUES: dict[str, tuple[str, Any]] = {
    "read.max_pages": ("800", 800),
    "read.time_limit_s": ("60", 60.0),
    "read.max_docx_uncompressed_bytes": ("300 MiB", 300 * 1024**2),
    "read.max_docx_compression_ratio": ("150", 150.0),
    "read.max_sheet_xml_bytes": ("8388608", 8 * 1024**2),
    "read.max_sheet_cells": ("300_000", 300_000),
    "read.max_html_depth": ("3000", 3000),
    "read.pdf_all_pdfplumber": ("true", True),
    "ocr.enabled": ("false", False),
    "ocr.time_per_page_s": ("45", 45.0),
    "ocr.scale": ("3", 3.0),
    "ocr.min_score": ("0.7", 0.7),
    "ocr.cell_gap": ("2", 2.0),
    "ocr.min_table_rows": ("3", 3),
    "ocr.same_row": ("0.6", 0.6),
    "ocr.threads": ("2", 2),
    "ocr.angle_classifier": ("yes", True),
    "isolation.enabled": ("off", False),
    "isolation.memory_limit_bytes": ("3 GiB", 3 * 1024**3),
    "isolation.kill_grace_s": ("10", 10.0),
    "run.workers": ("3", 3),
}

PAGE_LIMIT = (
    "page limit: read the first 2 of 3 pages; raise read.max_pages (jixiao.toml or --set) "
    "to read them all"
)
OCR_OFF = (
    "no text layer on any of the 1 pages: a scanned PDF needs OCR "
    "(ocr.enabled is false; set it to true in jixiao.toml or --set)"
)


def test_the_table_covers_every_setting() -> None:
    assert set(VALUES) == set(SPECS)
    assert all(value_of(Settings(), key) != value for key, (_, value) in VALUES.items())


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    """The settings the asset hands to the batch (which then extracts nothing)."""
    seen: list[Settings] = []

    def process_batch(files: Any, raw_root: Path, store: Any, settings: Settings) -> Iterator[Any]:
        seen.append(settings)
        return iter(())

    monkeypatch.setattr(pipeline.assets, "process_batch", process_batch)
    return seen


def _extract(raw: Path, out: Path, *extra: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        home = str(out.parent / "home")
        code = main(
            ["extract", str(raw), "--out", str(out), "--dagster-home", home, "--no-publish", *extra]
        )
    return code, stderr.getvalue()


def _raw_with(tmp_path: Path, name: str, data: bytes) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / name).write_bytes(data)
    return raw


def _three_pages() -> bytes:
    lines = ["部门整体支出绩效自评报告", "一、部门基本情况", "二、绩效目标完成情况"]
    return raw_pdf([RawPage(f"BT /C 24 Tf 72 700 Td {cjk(line)} Tj ET") for line in lines])


def _scan_only() -> bytes:
    """One page that is a picture of marks, no text layer: only OCR could read it."""
    image = Image.new("L", (595, 842), 255)
    draw = ImageDraw.Draw(image)
    for row in range(6):  # character-sized blots with the gaps of print between them
        for i in range(12):
            draw.rectangle((100 + 16 * i, 100 + 30 * row, 110 + 16 * i, 114 + 30 * row), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=72.0)
    return buffer.getvalue()


def _document(out: Path) -> tuple[str, str]:
    documents = CuratedStore(out).read_table("documents")
    [row] = documents.to_pylist()
    return row["status"], row["error"]


# -- through the command line -----------------------------------------------------------------


def test_set_puts_every_setting_into_the_run(tmp_path: Path, captured: list[Settings]) -> None:
    raw = _raw_with(tmp_path, "a.txt", "一、部门概况\n".encode())
    assignments = [arg for key, (text, _) in VALUES.items() for arg in ("--set", f"{key}={text}")]
    _extract(raw, tmp_path / "out", *assignments)
    [settings] = captured
    assert {key: value_of(settings, key) for key in VALUES} == {
        key: value for key, (_, value) in VALUES.items()
    }


def test_workers_is_short_for_set_run_workers(tmp_path: Path, captured: list[Settings]) -> None:
    raw = _raw_with(tmp_path, "a.txt", "一、部门概况\n".encode())
    _extract(raw, tmp_path / "out", "--workers", "2")
    assert captured[0].run.workers == 2


def test_set_page_limit_refuses_the_third_page(tmp_path: Path) -> None:
    raw = _raw_with(tmp_path, "three.pdf", _three_pages())
    out = tmp_path / "out"
    assert (
        _extract(raw, out, "--set", "read.max_pages=2", "--set", "isolation.enabled=false")[0] == 0
    )
    assert _document(out) == ("partial", PAGE_LIMIT)


def test_the_raw_folders_file_turns_ocr_off(tmp_path: Path) -> None:
    raw = _raw_with(tmp_path, "scan.pdf", _scan_only())
    (raw.parent / "jixiao.toml").write_text("[ocr]\nenabled = false\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _extract(raw, out, "--set", "isolation.enabled=false")[0] == 0
    assert _document(out) == ("failed", OCR_OFF)


@pytest.mark.parametrize(
    ("extra", "toml", "message"),
    [
        (
            ["--set", "read.max_page=2"],
            None,
            "jixiao: error: --set read.max_page=2: unknown setting 'read.max_page' "
            "(did you mean read.max_pages?)",
        ),
        (
            ["--set", "run.workers=two"],
            None,
            "jixiao: error: --set run.workers=two: run.workers is a whole number, not 'two'",
        ),
        (
            [],
            "[ocr]\nenabled = 'sometimes'\n",
            "jixiao: error: {toml}: ocr.enabled is true or false, not 'sometimes'",
        ),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2_before_anything_is_read(
    tmp_path: Path, extra: list[str], toml: str | None, message: str
) -> None:
    raw = _raw_with(tmp_path, "three.pdf", _three_pages())
    path = (raw.parent / "jixiao.toml").resolve()
    if toml is not None:
        path.write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    code, stderr = _extract(raw, out, *extra)
    assert (code, stderr.strip().splitlines()) == (2, [message.format(toml=path)])
    assert not out.exists()


# -- through the Dagster resource -------------------------------------------------------------


def _materialize(resource: JixiaoResource, name: str, config: dict[str, Any] | None = None) -> Any:
    instance = DagsterInstance.ephemeral()
    try:
        run_config = dict(QUIET_RUN_CONFIG)
        if config is not None:
            run_config["resources"] = {"jixiao": {"config": config}}
        return materialize_document(instance, resource, name, run_config)
    finally:
        instance.dispose()


def _sections(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        section, name = key.split(".")
        sections.setdefault(section, {})[name] = value
    return sections


def test_the_resources_config_sets_every_setting(tmp_path: Path, captured: list[Settings]) -> None:
    raw = _raw_with(tmp_path, "a.txt", "一、部门概况\n".encode())
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(tmp_path / "out"))
    config = _sections({key: value for key, (_, value) in VALUES.items()})
    _materialize(resource, "a.txt", {"raw_root": str(raw), **config})
    [settings] = captured
    assert {key: value_of(settings, key) for key in VALUES} == {
        key: value for key, (_, value) in VALUES.items()
    }


def test_the_resource_has_the_settings_fields_and_defaults() -> None:
    resource = JixiaoResource()
    fields = {
        f"{section}.{name}": value
        for section in ("read", "ocr", "isolation", "run")
        for name, value in getattr(resource, section).model_dump().items()
    }
    assert fields == {key: value_of(Settings(), key) for key in SPECS}


def test_the_resources_page_limit_refuses_the_third_page(tmp_path: Path) -> None:
    raw = _raw_with(tmp_path, "three.pdf", _three_pages())
    out = tmp_path / "out"
    resource = JixiaoResource(
        raw_root=str(raw),
        curated_root=str(out),
        read={"max_pages": 2},
        isolation={"enabled": False},
    )
    _materialize(resource, "three.pdf")
    assert _document(out) == ("partial", PAGE_LIMIT)


def test_a_value_out_of_range_in_the_resource_fails_the_run_naming_the_setting(
    tmp_path: Path,
) -> None:
    raw = _raw_with(tmp_path, "three.pdf", _three_pages())
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(tmp_path / "out"))
    result = _materialize(resource, "three.pdf", {"read": {"max_pages": 0}})
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "read.max_pages must be at least 1, not 0" in str(failure.step_failure_data.error)


def test_the_ui_and_the_daemon_read_the_files_and_jixiao_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw.parent / "jixiao.toml").write_text("[read]\nmax_pages = 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JIXIAO_RAW_ROOT", str(raw))
    monkeypatch.setenv("JIXIAO_WORKERS", "2")
    settings = resource_from_env().settings
    assert (settings.read.max_pages, settings.run.workers) == (2, 2)
