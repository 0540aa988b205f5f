"""Every use of Dagster beyond its public API, in this one module.

Dagster's public API (what the `dagster` package exports, and the `DagsterInstance` methods it
marks public) has no way to do three things jixiao needs:

- **Record events cheaply on SQLite.** The stock `SqliteEventLogStorage` builds a new SQLAlchemy
  engine for every statement batch (so SQLAlchemy's statement cache is always cold), asks
  SQLite for its schema before writes, and syncs the disk on every commit; an extraction
  records a dozen to twenty events per document, and with the stock storage that bookkeeping
  costs several times the extraction itself (`python -m bench.dagster_storage` measures both).
  `PooledSqliteEventLogStorage` subclasses it and overrides how connections are made.
- **Run a range of partitions.** `materialize` and `RunRequest` take one partition key; a run
  over a range is asked for with two run tags that only Dagster's internals name.
- **Read asset check results per partition.** The instance has no public query for them.

`tests/test_dagster_internals.py` imports every private name used here and checks the
signature of every private method overridden or called, against the Dagster versions
`pyproject.toml` allows: an upgrade that changes one fails there, by name, instead of
silently here.

The pooled event log changes only how connections are made, and remembers the schema instead
of asking SQLite for it before every event (Dagster looks up whether a table or a column exists
on each write; tables and columns are only ever added, so a "yes" is kept): one engine per
database file, reused, and ``synchronous=NORMAL`` on every connection: Dagster already puts its
SQLite files in WAL mode, where NORMAL means a power cut may lose the last events but never
corrupts a file. `one_transaction` groups the writes of a block (the asset logs each document's
events in one) into one transaction per database file, so a document costs two commits rather
than two or three per event. Dagster's own code and schema are unchanged, and the webserver and
the stock storage read the same files. The embedded instance of `jixiao extract` and `jixiao ui`
uses it; a deployment uses PostgreSQL (deploy/dagster.yaml).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from dagster import AssetCheckKey, DagsterInstance, EventLogEntry
from dagster._core.event_api import PartitionKeyFilter
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

PRAGMAS = ("PRAGMA synchronous=NORMAL",)


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with one reused engine per shard (run database or index)."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: dict[str, Engine] = {}
        self._engines_pid = os.getpid()
        self._tables_seen: set[str] = set()
        self._asset_key_columns_seen: set[str] = set()
        self._held: dict[str, Connection] = {}  # shard -> connection of the open group
        self._holder: int | None = None  # the thread whose group is open
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def one_transaction(self) -> Iterator[None]:
        """What this thread stores in the block goes to each database file in one transaction,
        committed when the block ends and rolled back if it raises.

        Other threads meanwhile write through connections of their own (SQLite makes their
        writes wait for the commit).
        """
        if self._holder == threading.get_ident():
            yield  # already inside a group of this thread's
            return
        self._holder = threading.get_ident()
        try:
            yield
        except BaseException:
            self._end_group(commit=False)
            raise
        self._end_group(commit=True)

    def _end_group(self, commit: bool) -> None:
        held, self._held, self._holder = self._held, {}, None
        try:
            for conn in held.values():
                if commit:
                    conn.commit()
                else:
                    conn.rollback()
        finally:
            for conn in held.values():
                conn.close()

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """A batch in one transaction: all of it is stored or none (Dagster then stores the
        events one by one, so a failed batch leaves no duplicates)."""
        with self.one_transaction():
            for entry in events:
                self.store_event(entry)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        if self._holder == threading.get_ident():
            yield self._group_connection(shard)
            return
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _group_connection(self, shard: str) -> Connection:
        conn = self._held.get(shard)
        if conn is None:
            with self._db_lock:
                conn = self._engine(shard).connect()
            conn.begin()
            self._held[shard] = conn
        return conn

    def _engine(self, shard: str) -> Engine:
        if self._engines_pid != os.getpid():
            # A forked child must not share the parent's open SQLite connections.
            self._engines = {}
            self._engines_pid = os.getpid()
        engine = self._engines.get(shard)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            event.listen(engine, "connect", _set_pragmas)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
        return engine

    def has_table(self, table_name: str) -> bool:
        if table_name in self._tables_seen:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables_seen.add(table_name)
        return found

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        if column_name in self._asset_key_columns_seen:
            return True
        found = super()._has_asset_key_col_on_connection(conn, column_name)
        if found:
            self._asset_key_columns_seen.add(column_name)
        return found

    def wipe(self) -> None:
        self._dispose_engines()  # the run files are deleted: no connection may outlive them
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()

    def _dispose_engines(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines = {}


def one_transaction(instance: DagsterInstance) -> AbstractContextManager[None]:
    """The instance's event writes in the block grouped into one transaction per database
    file, where its storage can do that (the embedded SQLite one); otherwise a no-op."""
    storage = instance.event_log_storage
    if isinstance(storage, PooledSqliteEventLogStorage):
        return storage.one_transaction()
    return nullcontext()


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


# -- runs over a range of partitions ------------------------------------------------------


def range_tags(keys: Sequence[str]) -> dict[str, str]:
    """The run tags that make one run cover the partitions ``keys[0]`` to ``keys[-1]``."""
    return {ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[-1]}


# -- asset check results per partition -----------------------------------------------------


@dataclass(frozen=True)
class FailedCheck:
    check_key: AssetCheckKey
    partition: str
    run_id: str  # the run that recorded the failure
    description: str | None


def latest_check_statuses(
    instance: DagsterInstance,
    check_keys: Iterable[AssetCheckKey],
    partitions: Iterable[str] | None = None,
) -> dict[tuple[AssetCheckKey, str], str]:
    """(check, partition) -> the status of the check's latest result on that partition:
    PLANNED, SUCCEEDED or FAILED; pairs the check never ran on are left out."""
    infos = instance.event_log_storage.get_asset_check_partition_info(
        list(check_keys), partition_keys=None if partitions is None else list(partitions)
    )
    return {
        (info.check_key, info.partition_key): info.latest_execution_status.value
        for info in infos
        if info.partition_key is not None
    }


def latest_failed_checks(
    instance: DagsterInstance, check_keys: Iterable[AssetCheckKey], partitions: Iterable[str]
) -> list[FailedCheck]:
    """Each (check, partition) whose latest result is a failure, with that result's run and
    description."""
    statuses = latest_check_statuses(instance, check_keys, partitions)
    failed = []
    for (check_key, partition), status in statuses.items():
        if status != AssetCheckExecutionRecordStatus.FAILED.value:
            continue
        [record] = instance.event_log_storage.get_asset_check_execution_history(
            check_key, limit=1, partition_filter=PartitionKeyFilter(key=partition)
        )
        evaluation = record.event.asset_check_evaluation if record.event else None
        description = evaluation.description if evaluation else None
        failed.append(FailedCheck(check_key, partition, record.run_id, description))
    return failed
