"""A document not fully extracted (failed or partial) is not green in the UI: its partition's
materialisation fails, its rows and metadata stay on record, and the published layer still
follows the run that found it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from dagster import (
    AssetKey,
    DagsterInstance,
    Definitions,
    SensorResult,
    build_sensor_context,
)

from jixiao.runner import partition_key
from jixiao.store import CuratedStore
from pipeline.assets import documents_partitions, extract_document, raw_document
from pipeline.automation import extract_job
from pipeline.local import QUIET_RUN_CONFIG
from pipeline.published import publish_after_extract
from pipeline.resources import NO_HANDOFF, JixiaoResource
from pipeline.review import review_items
from tests.dagster_runs import materialize_document

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
# 13 pages; read with a limit of 2 pages it is partial (the first pages are kept).
JIAYUGUAN_PDF = "jiayuguan-2021-dept-self-eval.pdf"
EBIAN = "ebian-2024-dept-self-eval.txt"


@pytest.fixture
def env(tmp_path: Path):  # type: ignore[no-untyped-def]
    raw = tmp_path / "raw"
    raw.mkdir()
    instance = DagsterInstance.ephemeral()
    resource = JixiaoResource(
        raw_root=str(raw), curated_root=str(tmp_path / "curated"), read={"max_pages": 2}
    )
    yield raw, instance, resource
    instance.dispose()


def _run_job(instance: DagsterInstance, resource: JixiaoResource, source_path: str, **tags: str):  # type: ignore[no-untyped-def]
    """A run of the job the raw-folder sensor and the daily refresh launch."""
    key = partition_key(source_path)
    instance.add_dynamic_partitions(documents_partitions.name, [key])
    defs = Definitions(
        assets=[raw_document, extract_document],
        jobs=[extract_job],
        resources={"jixiao": resource, "handoff": NO_HANDOFF},
    )
    return defs.resolve_job_def(extract_job.name).execute_in_process(
        instance=instance,
        partition_key=key,
        run_config=QUIET_RUN_CONFIG,
        raise_on_error=False,
        tags=tags,
    )


def test_a_partial_document_fails_its_partition_and_keeps_its_rows_and_diff(env) -> None:  # type: ignore[no-untyped-def]
    raw, instance, resource = env
    shutil.copy(SAMPLES / JIAYUGUAN_PDF, raw / JIAYUGUAN_PDF)
    result = materialize_document(instance, resource, JIAYUGUAN_PDF)
    key = partition_key(JIAYUGUAN_PDF)
    assert not result.success
    [failure] = result.get_step_failure_events()
    description = failure.step_failure_data.user_failure_data.description
    assert description == (
        f"{JIAYUGUAN_PDF}: partial: page limit: read the first 2 of 13 pages; "
        "raise read.max_pages (jixiao.toml or --set) to read them all"
    )
    assert result.asset_materializations_for_node("extract_document") == []
    assert instance.get_materialized_partitions(AssetKey("documents")) == set()
    # What was found is on record on every table's partition, the diff included.
    observed = {
        o.asset_key.to_user_string(): o
        for o in result.asset_observations_for_node("extract_document")
    }
    assert set(observed) >= {"documents", "doc_summary", "amounts", "extraction_errors"}
    documents = observed["documents"]
    assert documents.partition == key
    assert documents.metadata["status"].value == "partial"
    assert documents.metadata["diff"].value.startswith("**new**")
    [completely] = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "extracted_completely"
    ]
    assert (completely.passed, completely.severity.value) == (False, "ERROR")
    # The rows are written all the same: a partial document's first pages are data.
    store = CuratedStore(Path(resource.curated_root))
    [row] = store.read_table("documents").to_pylist()
    assert (row["status"], row["department"]) == ("partial", "嘉峪关市医疗保障局")
    reasons = [(i.source_path, i.status, i.reason) for i in review_items(instance, store)]
    assert (JIAYUGUAN_PDF, "partial", "status") in reasons


def test_an_ok_document_beside_it_is_materialised(env) -> None:  # type: ignore[no-untyped-def]
    raw, instance, resource = env
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    result = materialize_document(instance, resource, EBIAN)
    assert result.success
    assert instance.get_materialized_partitions(AssetKey("documents")) == {partition_key(EBIAN)}


def _tick(instance: DagsterInstance, cursor: str | None) -> SensorResult:
    result = publish_after_extract(build_sensor_context(instance=instance, cursor=cursor))
    assert isinstance(result, SensorResult)
    return result


def test_the_publish_sensor_follows_extraction_runs_that_failed_on_a_document(env) -> None:  # type: ignore[no-untyped-def]
    raw, instance, resource = env
    first = _tick(instance, None)  # turned on: watches from now on
    assert first.run_requests == [] and first.cursor
    shutil.copy(SAMPLES / JIAYUGUAN_PDF, raw / JIAYUGUAN_PDF)
    failed = _run_job(instance, resource, JIAYUGUAN_PDF)
    assert not failed.success
    second = _tick(instance, first.cursor)
    assert [r.run_key for r in second.run_requests] == [f"publish-after:{failed.run_id}"]
    # Nothing finished since: nothing to publish.
    assert _tick(instance, second.cursor).run_requests == []


def test_the_publish_sensor_leaves_jixiao_extract_runs_to_the_cli(env) -> None:  # type: ignore[no-untyped-def]
    raw, instance, resource = env
    first = _tick(instance, None)
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    assert _run_job(instance, resource, EBIAN, **{"jixiao/launched_by": "cli"}).success
    assert _tick(instance, first.cursor).run_requests == []
