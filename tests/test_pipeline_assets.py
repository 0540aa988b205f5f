"""The Dagster assets, materialised per document partition against temp dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from dagster import AssetCheckKey, AssetKey, DagsterInstance, materialize

from jixiao.runner import partition_key
from jixiao.schema import TABLES
from jixiao.store import CuratedStore, part_path
from pipeline.assets import (
    EXTRACT_SELECTION,
    documents_partitions,
    extract_document,
    raw_document,
)
from pipeline.dagster_internals import latest_check_statuses
from pipeline.resources import NO_HANDOFF, JixiaoResource
from tests.dagster_runs import materialize_document

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = "ebian-2024-dept-self-eval.txt"
JIAYUGUAN = "jiayuguan-2021-dept-self-eval.txt"


@pytest.fixture
def env(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    instance = DagsterInstance.ephemeral()
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(tmp_path / "curated"))
    yield raw, instance, resource
    instance.dispose()


def _metadata(result, table: str) -> dict:
    mat = next(
        m
        for m in result.asset_materializations_for_node("extract_document")
        if m.asset_key == AssetKey(table)
    )
    return {k: v.value for k, v in mat.metadata.items()}


def _checks(result) -> dict[str, bool]:
    return {e.check_name: e.passed for e in result.get_asset_check_evaluations()}


def test_one_partition_writes_all_eight_tables_with_metadata(env):
    raw, instance, resource = env
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    result = materialize_document(instance, resource, EBIAN)
    assert result.success
    materialized = {m.asset_key for m in result.asset_materializations_for_node("extract_document")}
    assert materialized == {AssetKey(spec.name) for spec in TABLES}
    documents = _metadata(result, "documents")
    assert documents["source_path"] == EBIAN
    assert documents["status"] == "ok"
    assert documents["diff"].startswith("**new**")
    assert "| source_path |" in documents["preview"]
    amounts = _metadata(result, "amounts")
    # 县医保局2024年财政拨款预算收入880.52万元 is the report's first money figure.
    assert "880.52" in amounts["preview"]
    doc_id = documents["doc_id"]
    store = CuratedStore(Path(resource.curated_root))
    for spec in TABLES:
        table = pq.read_table(part_path(store.root, spec.name, doc_id), partitioning=None)
        assert table.schema == spec.schema
        assert table.num_rows == _metadata(result, spec.name)["dagster/row_count"]


def test_changed_figure_gives_a_new_extraction_and_a_diff_naming_it(env):
    raw, instance, resource = env
    path = raw / EBIAN
    shutil.copy(SAMPLES / EBIAN, path)
    first = materialize_document(instance, resource, EBIAN)
    old_id = _metadata(first, "documents")["doc_id"]
    path.write_bytes(
        path.read_bytes().replace("基本支出372.34".encode(), "基本支出372.43".encode())
    )
    second = materialize_document(instance, resource, EBIAN)
    amounts = _metadata(second, "amounts")
    assert "| amounts | value_wan | 372.34 | 372.43 | 基本支出372.43万元" in amounts["diff"]
    assert amounts["diff/rows_changed"] == 1
    assert amounts["diff/rows_added"] == amounts["diff/rows_removed"] == 0
    documents = _metadata(second, "documents")
    assert documents["replaced_doc_id"] == old_id
    assert documents["doc_id"] != old_id
    store = CuratedStore(Path(resource.curated_root))
    assert store.stored_doc_ids() == {documents["doc_id"]}


def test_checks_pass_on_a_good_table_and_fail_on_a_doctored_one(env):
    raw, instance, resource = env
    # jiayuguan's budget table: 基本支出 555.08 + 项目支出 195.52 = 全年支出 750.6 (executed).
    shutil.copy(SAMPLES / JIAYUGUAN, raw / JIAYUGUAN)
    good = materialize_document(instance, resource, JIAYUGUAN)
    assert _checks(good)["budget_parts_add_up"] is True
    assert _checks(good)["execution_rate_consistent"] is True
    text = (raw / JIAYUGUAN).read_text(encoding="utf-8")
    doctored = text.replace("\t198.52\n\t198.52\n\t195.52\n", "\t198.52\n\t198.52\n\t196.52\n", 1)
    assert doctored != text
    (raw / JIAYUGUAN).write_text(doctored, encoding="utf-8")
    bad = materialize_document(instance, resource, JIAYUGUAN)
    assert bad.success  # a failed check is a finding, not a failed run
    assert _checks(bad)["budget_parts_add_up"] is False
    doc_id = _metadata(bad, "documents")["doc_id"]
    summary = pq.read_table(
        part_path(Path(resource.curated_root), "doc_summary", doc_id), partitioning=None
    )
    assert summary["project_expenditure_wan"].to_pylist() == [196.52]


def test_check_results_are_recorded_on_the_instance(env):
    raw, instance, resource = env
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    result = materialize_document(instance, resource, EBIAN)
    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e.severity.value
        for e in result.get_asset_check_evaluations()
    }
    assert evaluations[("documents", "required_fields")] == "ERROR"
    assert evaluations[("documents", "enough_extracted")] == "WARN"
    assert evaluations[("indicators", "scores_within_weight")] == "ERROR"


def test_a_check_whose_figures_are_not_stated_records_no_result(env):
    raw, instance, resource = env
    # ebian states its spending but not split into 基本支出 and 项目支出.
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    result = materialize_document(instance, resource, EBIAN)
    assert "budget_parts_add_up" not in _checks(result)


def test_a_failed_document_fails_an_error_check_on_its_partition(env):
    raw, instance, resource = env
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n")  # truncated: no %%EOF
    result = materialize_document(instance, resource, "broken.pdf")
    [evaluation] = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "extracted_completely"
    ]
    assert (evaluation.passed, evaluation.severity.value) == (False, "ERROR")
    assert evaluation.partition == partition_key("broken.pdf")
    assert evaluation.description.startswith("failed: ")


def test_a_run_leaves_no_check_skipped_and_logs_no_missing_outputs(env):
    raw, instance, resource = env
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    key = partition_key(EBIAN)
    instance.add_dynamic_partitions(documents_partitions.name, [key])
    result = materialize(
        [raw_document, extract_document],
        selection=EXTRACT_SELECTION,
        partition_key=key,
        instance=instance,
        resources={"jixiao": resource, "handoff": NO_HANDOFF},
        raise_on_error=False,
    )
    messages = [e.message or "" for e in instance.all_logs(result.run_id)]
    assert not [m for m in messages if "did not yield or return expected outputs" in m]
    check = AssetCheckKey(AssetKey("documents"), "required_fields")
    assert latest_check_statuses(instance, [check]) == {(check, key): "SUCCEEDED"}


def test_a_file_deleted_before_its_run_is_skipped_not_failed(env):
    _raw, instance, resource = env
    result = materialize_document(instance, resource, "gone.txt")
    assert result.success
    assert result.asset_materializations_for_node("extract_document") == []
