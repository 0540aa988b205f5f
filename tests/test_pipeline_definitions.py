"""The one Definitions object loads and validates with Dagster's own command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dagster import AssetKey

from jixiao.schema import TABLE_NAMES
from pipeline.definitions import defs

PROJECT = Path(__file__).resolve().parent.parent


def test_definitions_validate_passes(tmp_path):
    dagster = Path(sys.executable).with_name("dagster")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    done = subprocess.run(
        [str(dagster), "definitions", "validate", "-m", "pipeline.definitions"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Validation successful" in done.stdout + done.stderr


def test_every_curated_table_is_an_asset_with_its_checks():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert set(TABLE_NAMES) <= keys
    assert "raw_document" in keys
    checks = {(k.asset_key, k.name) for k in graph.asset_check_keys}
    assert (AssetKey("documents"), "required_fields") in checks
    assert (AssetKey("indicators"), "scores_add_up") in checks


def test_sensor_schedule_and_job_are_defined():
    assert defs.resolve_sensor_def("raw_folder_sensor") is not None
    assert defs.resolve_schedule_def("daily_refresh").cron_schedule == "0 3 * * *"
    assert defs.resolve_job_def("extract_documents") is not None


def test_published_layer_is_rebuilt_daily_after_the_refresh():
    assert defs.resolve_schedule_def("daily_publish").cron_schedule == "0 5 * * *"
    job = defs.resolve_job_def("publish_job")
    assert {k.to_user_string() for k in job.asset_layer.selected_asset_keys} == {
        "published",
        "documents_needing_review",
    }


def test_a_successful_extraction_run_is_followed_by_a_publish():
    assert defs.resolve_sensor_def("publish_after_extract").job_name == "publish_job"


def _modules_loaded_by(code: str, packages: tuple[str, ...]) -> list[str]:
    probe = (
        f"import json, sys; {code}; "
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(packages)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_dagster_process_does_not_load_the_extraction_core():
    """Extraction runs in worker processes; the process running Dagster starts faster
    without jieba's dictionaries and the readers."""
    code = "import pipeline.definitions"
    assert _modules_loaded_by(code, ("jieba", "pdfplumber", "docx")) == []


def test_jixiao_extract_starts_without_the_extraction_core_or_pandas():
    """What `jixiao extract` imports before its run: the CLI with every subcommand, Dagster."""
    code = "import cli.main as cli; cli.build_parser(); import jixiao.isolation, pipeline.local"
    assert _modules_loaded_by(code, ("jieba", "pdfplumber", "docx", "pandas")) == []
