"""What of Dagster's internals `pipeline/dagster_internals.py` relies on, pinned to the Dagster
versions pyproject.toml allows.

Nothing here is public API, so a Dagster release may change any of it without a deprecation.
Each test names the one thing that broke: a private module or name that moved, a method
whose parameters changed, a run tag Dagster no longer reads. When pyproject.toml widens its
Dagster range, `test_the_range_checked_here_is_the_one_pyproject_allows` fails until every
item below has been looked at again for the new versions and `CHECKED_RANGE` updated.
"""

import ast
import importlib
import inspect
import os
import re
import tomllib
from pathlib import Path

import dagster
import pytest
from dagster import AssetExecutionContext, StaticPartitionsDefinition, asset, materialize
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pipeline import dagster_internals
from pipeline.dagster_internals import PooledSqliteEventLogStorage, range_tags

ROOT = Path(__file__).resolve().parent.parent
CHECKED_RANGE = ">=1.13,<1.14"  # the Dagster versions every item below was checked against

# Every private name the module imports: (module, name).
PRIVATE_NAMES = [
    ("dagster._core.event_api", "PartitionKeyFilter"),
    ("dagster._core.storage.asset_check_execution_record", "AssetCheckExecutionRecordStatus"),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SQLITE_BUSY_TIMEOUT_SECONDS"),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage"),
    ("dagster._core.storage.tags", "ASSET_PARTITION_RANGE_END_TAG"),
    ("dagster._core.storage.tags", "ASSET_PARTITION_RANGE_START_TAG"),
    ("dagster._serdes", "ConfigurableClassData"),
]

STORAGE = "dagster._core.storage.event_log.sqlite.sqlite_event_log.SqliteEventLogStorage"
# Methods of the stock SQLite event log that PooledSqliteEventLogStorage overrides: Dagster
# calls them with exactly these parameters, so the override must take exactly these.
OVERRIDDEN = {
    "__init__": ["self", "base_dir", "inst_data"],
    "from_config_value": ["inst_data", "config_value"],
    "_connect": ["self", "shard"],
    "has_table": ["self", "table_name"],
    "_has_asset_key_col_on_connection": ["self", "conn", "column_name"],
    "store_event_batch": ["self", "events"],
    "wipe": ["self"],
    "dispose": ["self"],
}
# Methods the module calls: each must still take the parameters it passes.
CALLED = {
    "_initdb": ["engine"],
    "conn_string_for_shard": ["shard_name"],
    "store_event": ["event"],
    "get_asset_check_partition_info": ["keys", "partition_keys"],
    "get_asset_check_execution_history": ["check_key", "limit", "partition_filter"],
}
# Attributes the stock storage's __init__ sets that the module reads or replaces.
ATTRIBUTES = ["_db_lock", "_initialized_dbs"]
# Fields of the private records the module reads.
RECORD_FIELDS = [
    ("dagster._core.storage.asset_check_execution_record", "AssetCheckPartitionInfo",
     ["check_key", "partition_key", "latest_execution_status"]),
    ("dagster._core.storage.asset_check_execution_record", "AssetCheckExecutionRecord",
     ["run_id", "event"]),
]  # fmt: skip


def _private(module: str, name: str) -> object:
    return getattr(importlib.import_module(module), name)


def _storage_class() -> type:
    module, name = STORAGE.rsplit(".", 1)
    return _private(module, name)  # type: ignore[return-value]


def _dagster_pin() -> str:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in pyproject["project"]["dependencies"]:
        match = re.fullmatch(r"dagster\s*([<>=!~].*)", requirement)
        if match:
            return match.group(1).replace(" ", "")
    raise AssertionError("pyproject.toml names no dagster requirement")


def test_the_range_checked_here_is_the_one_pyproject_allows() -> None:
    assert SpecifierSet(_dagster_pin()) == SpecifierSet(CHECKED_RANGE), (
        f"pyproject.toml allows dagster{_dagster_pin()}, but pipeline/dagster_internals.py was "
        f"checked against dagster{CHECKED_RANGE}: check every private use again, then update "
        "CHECKED_RANGE"
    )


def test_the_installed_dagster_is_in_the_checked_range() -> None:
    assert Version(dagster.__version__) in SpecifierSet(CHECKED_RANGE), dagster.__version__


@pytest.mark.parametrize(("module", "name"), PRIVATE_NAMES, ids=[n for _, n in PRIVATE_NAMES])
def test_private_name_still_importable(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name), f"{module}.{name} is gone"


def test_the_list_above_is_every_private_name_the_module_imports() -> None:
    tree = ast.parse(Path(dagster_internals.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dagster._")
        for alias in node.names
    }
    assert imported == set(PRIVATE_NAMES)


@pytest.mark.parametrize("method", OVERRIDDEN, ids=list(OVERRIDDEN))
def test_overridden_method_keeps_its_parameters(method: str) -> None:
    stock = list(inspect.signature(getattr(_storage_class(), method)).parameters)
    ours = list(inspect.signature(getattr(PooledSqliteEventLogStorage, method)).parameters)
    assert stock == OVERRIDDEN[method], f"{STORAGE}.{method} now takes {stock}"
    assert ours == stock


@pytest.mark.parametrize("method", CALLED, ids=list(CALLED))
def test_called_method_still_takes_what_is_passed(method: str) -> None:
    found = inspect.signature(getattr(_storage_class(), method)).parameters
    missing = [p for p in CALLED[method] if p not in found]
    assert not missing, f"{STORAGE}.{method} no longer takes {missing}: it takes {list(found)}"


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_stock_storage_still_sets_attribute(attribute: str, tmp_path: Path) -> None:
    storage = _storage_class()(str(tmp_path))
    try:
        assert hasattr(storage, attribute), f"{STORAGE} no longer sets {attribute}"
    finally:
        storage.dispose()


@pytest.mark.parametrize(
    ("module", "name", "fields"), RECORD_FIELDS, ids=[n for _, n, _ in RECORD_FIELDS]
)
def test_private_record_still_has_fields(module: str, name: str, fields: list[str]) -> None:
    annotations: dict[str, object] = {}
    for klass in reversed(_private(module, name).__mro__):  # type: ignore[attr-defined]
        annotations.update(getattr(klass, "__annotations__", {}))
    missing = [f for f in fields if f not in annotations]
    assert not missing, f"{module}.{name} has no {missing} any more"


def test_check_statuses_keep_their_values() -> None:
    status = _private(
        "dagster._core.storage.asset_check_execution_record", "AssetCheckExecutionRecordStatus"
    )
    assert {s.value for s in status} >= {"PLANNED", "SUCCEEDED", "FAILED"}  # type: ignore[attr-defined]


def test_partition_filter_takes_a_key() -> None:
    partition_filter = _private("dagster._core.event_api", "PartitionKeyFilter")
    assert partition_filter(key="a").key == "a"  # type: ignore[operator]


def test_dagster_connects_to_every_database_file_through_the_pooled_engines(
    tmp_path: Path,
) -> None:
    storage = PooledSqliteEventLogStorage(str(tmp_path))
    try:
        with storage.index_connection() as conn:
            conn.exec_driver_sql("SELECT 1")
        assert storage._engines, "Dagster no longer connects through _connect"
    finally:
        storage.dispose()


def test_the_range_tags_still_make_one_run_cover_a_range_of_partitions() -> None:
    seen: list[str] = []

    @asset(partitions_def=StaticPartitionsDefinition(["a", "b", "c", "d"]))
    def letters(context: AssetExecutionContext) -> None:
        seen.extend(context.partition_keys)

    result = materialize([letters], tags=range_tags(["b", "c"]))
    assert result.success
    assert seen == ["b", "c"]


def _project_sources() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith((".", "__")) and d not in SKIPPED]
        found += [Path(folder) / f for f in files if f.endswith(".py")]
    return found


SKIPPED = {"data", "node_modules", "build", "dist"}


def test_no_other_module_imports_dagster_internals_directly() -> None:
    allowed = {Path(dagster_internals.__file__).resolve(), Path(__file__).resolve()}
    private_import = re.compile(r"^\s*(from|import)\s+dagster\._", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for path in _project_sources()
        if path.resolve() not in allowed and private_import.search(path.read_text("utf-8"))
    ]
    assert offenders == [], "import Dagster's internals only in pipeline/dagster_internals.py"
