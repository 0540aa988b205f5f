"""The raw-folder sensor and the daily schedule."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dagster import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
    SkipReason,
    build_schedule_context,
    build_sensor_context,
    materialize,
)

from jixiao.runner import partition_key, sha256_of
from jixiao.store import CuratedStore
from pipeline.assets import documents_partitions, extract_document, raw_document
from pipeline.automation import daily_refresh, raw_folder_sensor
from pipeline.local import QUIET_RUN_CONFIG, open_instance, sync_partitions
from pipeline.resources import NO_HANDOFF, JixiaoResource

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = "ebian-2024-dept-self-eval.txt"
FENGNAN = "fengnan-2023-finance-key-eval.txt"
# Names as published: Chinese, with characters Dagster partition keys reject.
CHINESE = "峨边/2024年 部门整体支出[自评], 医保局 | 报告.txt"


@pytest.fixture
def env(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    instance = open_instance(tmp_path / "dagster_home")
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(tmp_path / "curated"))
    yield raw, instance, resource
    instance.dispose()


def _tick(instance, resource, cursor=None):
    context = build_sensor_context(instance=instance, cursor=cursor, resources={"jixiao": resource})
    return raw_folder_sensor(context)


def _materialize(instance, resource, source_path):
    result = materialize(
        [raw_document, extract_document],
        selection=[extract_document],
        partition_key=partition_key(source_path),
        instance=instance,
        resources={"jixiao": resource, "handoff": NO_HANDOFF},
        run_config=QUIET_RUN_CONFIG,
    )
    assert result.success


def _apply(instance, result) -> None:
    """What the daemon does with a sensor's partition requests."""
    for request in result.dynamic_partitions_requests:
        if isinstance(request, AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
        elif isinstance(request, DeleteDynamicPartitionsRequest):
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)


def test_new_file_gets_a_partition_and_a_run(env):
    raw, instance, resource = env
    target = raw / CHINESE
    target.parent.mkdir()
    shutil.copy(SAMPLES / EBIAN, target)
    result = _tick(instance, resource)
    key = partition_key("峨边/2024年 部门整体支出[自评], 医保局 | 报告.txt")
    # The file's name readable (the unsafe characters and the spaces around them as _, other
    # spaces kept, as typed in the UI's filter), the path's hash after ~.
    assert key.startswith("峨边_2024年 部门整体支出_自评_医保局_报告.txt~")
    assert not set("/,[]|") & set(key)
    [add] = result.dynamic_partitions_requests
    assert isinstance(add, AddDynamicPartitionsRequest)
    assert add.partition_keys == [key]
    [run] = result.run_requests
    assert run.partition_key == key
    assert run.run_key.startswith(f"{key}:{sha256_of(target)}:")
    assert json.loads(result.cursor)["files"][CHINESE][2] == sha256_of(target)
    [observation] = result.asset_events
    assert observation.partition == key
    assert observation.metadata["source_path"].value == CHINESE


def test_extracted_unchanged_file_requests_nothing(env):
    raw, instance, resource = env
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    first = _tick(instance, resource)
    _apply(instance, first)
    _materialize(instance, resource, EBIAN)
    second = _tick(instance, resource, first.cursor)
    assert second.run_requests == []
    assert second.dynamic_partitions_requests == []


def test_changed_file_requests_a_run_keyed_by_its_new_hash(env):
    raw, instance, resource = env
    path = raw / EBIAN
    shutil.copy(SAMPLES / EBIAN, path)
    first = _tick(instance, resource)
    _apply(instance, first)
    _materialize(instance, resource, EBIAN)
    path.write_bytes(path.read_bytes().replace("96分".encode(), "95分".encode()))
    second = _tick(instance, resource, first.cursor)
    [run] = second.run_requests
    assert run.run_key.startswith(f"{partition_key(EBIAN)}:{sha256_of(path)}:")
    assert run.run_key != first.run_requests[0].run_key


def test_a_file_whose_content_goes_back_to_an_earlier_version_is_extracted_again(env):
    raw, instance, resource = env
    path = raw / EBIAN
    shutil.copy(SAMPLES / EBIAN, path)
    original = path.read_bytes()
    first = _tick(instance, resource)
    _apply(instance, first)
    _materialize(instance, resource, EBIAN)
    path.write_bytes(original.replace("96分".encode(), "95分".encode()))
    second = _tick(instance, resource, first.cursor)
    _materialize(instance, resource, EBIAN)
    path.write_bytes(original)
    third = _tick(instance, resource, second.cursor)
    [run] = third.run_requests
    assert run.partition_key == partition_key(EBIAN)
    assert run.tags["jixiao/sha256"] == sha256_of(path)
    assert run.run_key not in {first.run_requests[0].run_key, second.run_requests[0].run_key}


def test_a_stale_file_already_requested_is_not_requested_again_by_the_next_tick(env):
    raw, instance, resource = env
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    first = _tick(instance, resource)
    _apply(instance, first)
    second = _tick(instance, resource, first.cursor)
    assert len(first.run_requests) == 1
    assert second.run_requests == []


def test_deleted_file_loses_its_partition_and_rows(env):
    raw, instance, resource = env
    for name in (EBIAN, FENGNAN):
        shutil.copy(SAMPLES / name, raw / name)
    first = _tick(instance, resource)
    _apply(instance, first)
    for name in (EBIAN, FENGNAN):
        _materialize(instance, resource, name)
    (raw / EBIAN).unlink()
    second = _tick(instance, resource, first.cursor)
    [delete] = second.dynamic_partitions_requests
    assert isinstance(delete, DeleteDynamicPartitionsRequest)
    assert delete.partition_keys == [partition_key(EBIAN)]
    documents = CuratedStore(Path(resource.curated_root)).read_table("documents")
    assert documents["source_path"].to_pylist() == [FENGNAN]


def test_daily_schedule_requests_only_stale_partitions(env):
    raw, instance, resource = env
    for name in (EBIAN, FENGNAN):
        shutil.copy(SAMPLES / name, raw / name)
    instance.add_dynamic_partitions(
        documents_partitions.name, [partition_key(EBIAN), partition_key(FENGNAN)]
    )
    _materialize(instance, resource, EBIAN)
    # Closed after use: the context opens an instance of its own, which would otherwise stay
    # Dagster's current one after this test and be collected under a later test's run.
    with build_schedule_context(
        instance=instance,
        resources={"jixiao": resource},
        scheduled_execution_time=datetime(2026, 11, 24, 3, tzinfo=UTC),
    ) as context:
        requests = daily_refresh(context)
    assert [r.partition_key for r in requests] == [partition_key(FENGNAN)]
    assert requests[0].run_key.endswith(":2026-11-24")


def test_daily_schedule_skips_when_nothing_is_stale(env):
    raw, instance, resource = env
    shutil.copy(SAMPLES / FENGNAN, raw / FENGNAN)
    instance.add_dynamic_partitions(documents_partitions.name, [partition_key(FENGNAN)])
    _materialize(instance, resource, FENGNAN)
    with build_schedule_context(instance=instance, resources={"jixiao": resource}) as context:
        assert isinstance(daily_refresh(context), SkipReason)


def test_new_files_of_one_tick_go_in_one_run_over_their_partitions(env):
    raw, instance, resource = env
    for name in (EBIAN, FENGNAN):
        shutil.copy(SAMPLES / name, raw / name)
    result = _tick(instance, resource)
    [add] = result.dynamic_partitions_requests
    [run] = result.run_requests
    assert run.partition_key is None
    assert run.partition_key_range is not None
    assert [run.partition_key_range.start, run.partition_key_range.end] == add.partition_keys
    assert run.tags["jixiao/documents"] == "2"


def test_a_run_over_a_range_records_each_document_on_its_own_partition(env):
    raw, instance, resource = env
    for name in (EBIAN, FENGNAN):
        shutil.copy(SAMPLES / name, raw / name)
    tick = _tick(instance, resource)
    _apply(instance, tick)
    [run] = tick.run_requests
    result = materialize(
        [raw_document, extract_document],
        selection=[extract_document],
        instance=instance,
        resources={"jixiao": resource, "handoff": NO_HANDOFF},
        run_config=QUIET_RUN_CONFIG,
        tags=run.tags,
    )
    assert result.success
    recorded = {
        m.partition: m.metadata["source_path"].value
        for m in result.asset_materializations_for_node("extract_document")
        if m.asset_key.to_user_string() == "documents"
    }
    assert recorded == {partition_key(EBIAN): EBIAN, partition_key(FENGNAN): FENGNAN}
    checked = {e.partition for e in result.get_asset_check_evaluations()}
    assert checked == set(recorded)


def test_keys_of_an_older_jixiao_give_way_to_the_current_ones(env):
    _raw, instance, _resource = env
    current = partition_key("嘉峪关 2021 自评报告.pdf")
    digest = current.rpartition("~")[2]
    older = [f"嘉峪关_2021_自评报告.pdf~{digest}", "3f2a9c1b0d4e"]  # spaces as _; a bare hash
    other = partition_key("峨边 2024.txt")
    instance.add_dynamic_partitions(documents_partitions.name, [*older, other])
    sync_partitions(instance, add=[current], delete=[])
    assert set(instance.get_dynamic_partitions(documents_partitions.name)) == {current, other}
