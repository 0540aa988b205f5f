"""The embedded instance's event log: Dagster's SQLite files, written through kept-open
connections, readable by Dagster's stock storage."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, AssetMaterialization, DagsterInstance, EventLogEntry

from jixiao.runner import partition_key
from jixiao.schema import TABLE_NAMES
from pipeline.dagster_internals import PooledSqliteEventLogStorage, one_transaction
from pipeline.local import (
    OLD_INSTANCE_YAML,
    POOLED_INSTANCE_YAML,
    instance_at,
    materialize_one,
    open_instance,
    sync_partitions,
)
from pipeline.resources import JixiaoResource

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EBIAN = "ebian-2024-dept-self-eval.txt"
NORMAL, FULL = 1, 2  # PRAGMA synchronous values


def _extract_one(tmp_path: Path) -> Path:
    raw, home = tmp_path / "raw", tmp_path / "home"
    raw.mkdir()
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    instance = open_instance(home)
    key = partition_key(EBIAN)
    sync_partitions(instance, add=[key], delete=[])
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(tmp_path / "curated"))
    assert materialize_one(instance, resource, key).success
    instance.dispose()
    return home


def _stock_reader(home: Path, tmp_path: Path) -> DagsterInstance:
    """An instance on the same SQLite files through Dagster's own storage classes, as the
    webserver of a stock set-up would open them."""
    stock = tmp_path / "stock"
    stock.mkdir()
    config = {"telemetry": {"enabled": False}, "storage": {"sqlite": {"base_dir": str(home)}}}
    (stock / "dagster.yaml").write_text(yaml.safe_dump(config))
    instance = instance_at(stock)
    assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
    return instance


def _latest(instance: DagsterInstance, name: str) -> EventLogEntry | None:
    return instance.get_latest_materialization_event(AssetKey(name))


def _synchronous(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA synchronous").fetchone()[0]


def test_the_project_instance_uses_the_pooled_event_log(tmp_path: Path) -> None:
    instance = open_instance(tmp_path / "home")
    assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
    instance.dispose()


def test_stock_dagster_storage_reads_what_the_pooled_one_wrote(tmp_path: Path) -> None:
    home = _extract_one(tmp_path)
    stock = _stock_reader(home, tmp_path)
    latest = _latest(stock, "amounts")
    assert latest is not None and latest.asset_materialization is not None
    assert latest.asset_materialization.partition == partition_key(EBIAN)
    stock.dispose()


def test_connections_sync_less_often_than_sqlites_default(tmp_path: Path) -> None:
    home = tmp_path / "home"
    instance = open_instance(home)
    storage = instance.event_log_storage
    assert isinstance(storage, PooledSqliteEventLogStorage)
    with storage.index_connection() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == NORMAL
    instance.dispose()
    # A connection of anyone else (the stock storage, the webserver) keeps SQLite's default.
    assert _synchronous(home / "history" / "runs" / "index.db") == FULL


@pytest.mark.parametrize(
    "older",
    [OLD_INSTANCE_YAML, POOLED_INSTANCE_YAML.format(base_dir='"/elsewhere/history/runs"')],
    ids=["stock storage", "pooled storage in pipeline.sqlite_storage"],
)
def test_a_home_made_by_an_older_jixiao_is_moved_to_the_pooled_event_log(
    tmp_path: Path, older: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text(older)
    instance = open_instance(home)
    assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
    instance.dispose()
    assert "pipeline.dagster_internals" in (home / "dagster.yaml").read_text()


def test_a_dagster_yaml_of_the_users_own_is_left_as_it_is(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    own = "# mine\ntelemetry:\n  enabled: false\n"
    (home / "dagster.yaml").write_text(own)
    instance = open_instance(home)
    assert not isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
    instance.dispose()
    assert (home / "dagster.yaml").read_text() == own


def test_events_stored_in_one_transaction_are_seen_together_when_it_ends(tmp_path: Path) -> None:
    instance = open_instance(tmp_path / "home")
    stock = _stock_reader(tmp_path / "home", tmp_path)
    with one_transaction(instance):
        instance.report_runless_asset_event(AssetMaterialization("amounts", partition="a"))
        instance.report_runless_asset_event(AssetMaterialization("findings", partition="a"))
        assert _latest(stock, "amounts") is None  # another connection sees nothing yet
    assert _latest(stock, "amounts") is not None
    assert _latest(stock, "findings") is not None
    stock.dispose()
    instance.dispose()


def test_a_transaction_that_raises_stores_none_of_its_events(tmp_path: Path) -> None:
    instance = open_instance(tmp_path / "home")
    with pytest.raises(RuntimeError), one_transaction(instance):
        instance.report_runless_asset_event(AssetMaterialization("amounts", partition="a"))
        raise RuntimeError("the document's events could not all be built")
    assert _latest(instance, "amounts") is None
    instance.report_runless_asset_event(AssetMaterialization("amounts", partition="b"))
    assert _latest(instance, "amounts") is not None  # the storage goes on
    instance.dispose()


def _materializations(instance: DagsterInstance, name: str) -> list[EventLogEntry]:
    records = instance.fetch_materializations(AssetKey(name), limit=100).records
    return [r.event_log_entry for r in records]


def _two_materializations(tmp_path: Path) -> list[EventLogEntry]:
    instance = open_instance(tmp_path / "written")
    for partition in ("a", "b"):
        instance.report_runless_asset_event(AssetMaterialization("amounts", partition=partition))
    entries = _materializations(instance, "amounts")
    instance.dispose()
    return entries


def test_a_batch_of_events_is_stored_whole(tmp_path: Path) -> None:
    entries = _two_materializations(tmp_path)
    instance = open_instance(tmp_path / "home")
    instance.event_log_storage.store_event_batch(entries)
    assert len(_materializations(instance, "amounts")) == 2
    instance.dispose()


def test_a_batch_that_fails_part_way_stores_none_of_its_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _two_materializations(tmp_path)
    instance = open_instance(tmp_path / "home")
    storage = instance.event_log_storage
    store_event = storage.store_event

    def fail_on_second(entry: EventLogEntry) -> None:
        if entry is second:
            raise OSError("disk full")
        store_event(entry)

    monkeypatch.setattr(storage, "store_event", fail_on_second)
    with pytest.raises(OSError):
        storage.store_event_batch([first, second])
    # Dagster then stores the events one by one: nothing of the batch may be there already.
    assert _materializations(instance, "amounts") == []
    instance.dispose()


def test_a_runs_planned_materialisations_are_stored_as_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DAGSTER_EVENT_BATCH_SIZE", raising=False)
    raw, home = tmp_path / "raw", tmp_path / "home"
    raw.mkdir()
    shutil.copy(SAMPLES / EBIAN, raw / EBIAN)
    instance = open_instance(home)
    storage = instance.event_log_storage
    batches: list[int] = []
    store_event_batch = storage.store_event_batch

    def count(events: list[EventLogEntry]) -> None:
        batches.append(len(events))
        store_event_batch(events)

    monkeypatch.setattr(storage, "store_event_batch", count)
    key = partition_key(EBIAN)
    sync_partitions(instance, add=[key], delete=[])
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(tmp_path / "curated"))
    assert materialize_one(instance, resource, key).success
    instance.dispose()
    assert batches and max(batches) >= len(TABLE_NAMES)  # a planned event per table at least
