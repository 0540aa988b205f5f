"""Dagster's SQLite event log, with its connections kept open.

The stock `SqliteEventLogStorage` builds a new SQLAlchemy engine for every statement batch
(so SQLAlchemy's statement cache is always cold), asks SQLite for its schema before writes,
and syncs the disk on every commit. An extraction writes about twenty-five events per
document (a materialisation per table, an evaluation per check, the planned materialisations),
so with the stock storage the bookkeeping cost several times the extraction itself: 280 ms
per document against about 50 ms with this class (100 documents of 25 events in one run).

This class changes only how connections are made, and remembers the schema instead of asking
SQLite for it before every event (Dagster looks up whether a table or a column exists on
each write; tables and columns are only ever added, so a "yes" is kept): one engine per
database file, reused, and ``synchronous=NORMAL`` on every connection: Dagster already puts
its SQLite files in WAL mode, where NORMAL means a power cut may lose the last events but
never corrupts a file. `one_transaction` groups the writes of a block (the asset logs each
document's events in one) into one transaction per database file, so a document costs two
commits rather than two or three per event. Dagster's own code and schema are unchanged, and
the webserver and the stock storage read the same files. The embedded instance of
`jixiao extract` and `jixiao ui` uses it; a deployment uses PostgreSQL (deploy/dagster.yaml).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from dagster import DagsterInstance
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
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
    def from_config_value(  # type: ignore[override]
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
