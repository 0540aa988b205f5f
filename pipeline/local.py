"""Run the project's assets in-process against a project-local instance (for `jixiao extract`).

The CLI materialises exactly the assets the UI shows (`extract_document`, one run per
document partition), against the SQLite instance under DAGSTER_HOME, so the runs, the
metadata (diffs, previews) and the check results of a CLI run are there in `jixiao ui`.
"""

import logging
import multiprocessing
import os
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dagster import DagsterInstance, materialize
from dagster._core.instance.ref import InstanceRef

from jixiao.runner import RawFile
from pipeline.assets import (
    DOCUMENTS,
    extract_document,
    raw_document,
    raw_observation,
)
from pipeline.resources import JixiaoResource

# The CLI shows its own progress; Dagster's per-event console log would drown it.
INSTANCE_YAML = """\
# The embedded instance: SQLite storage under this directory (Dagster's default).
# For PostgreSQL and a cluster executor see deploy/dagster.yaml.
telemetry:
  enabled: false
"""

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


@dataclass(frozen=True)
class RunOutcome:
    key: str
    success: bool
    message: str | None = None


def open_instance(dagster_home: Path) -> DagsterInstance:
    """The SQLite instance under ``dagster_home`` (created on first use)."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text(INSTANCE_YAML)
    return DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home)))


def sync_partitions(
    instance: DagsterInstance,
    add: Iterable[str],
    delete: Iterable[str],
    files: Iterable[RawFile] = (),
) -> None:
    """Partitions for the keys about to be extracted, none for files that are gone; the path
    of each of ``files`` is recorded on its partition of the raw asset (keys are hashes)."""
    name = DOCUMENTS
    known = set(instance.get_dynamic_partitions(name))
    new = sorted(set(add) - known)
    if new:
        instance.add_dynamic_partitions(name, new)
    for f in files:
        instance.report_runless_asset_event(raw_observation(f.key, f.source_path, f.size))
    for key in sorted(set(delete) & known):
        instance.delete_dynamic_partition(name, key)


def materialize_one(instance: DagsterInstance, resource: JixiaoResource, key: str) -> RunOutcome:
    _quiet()
    result = materialize(
        [raw_document, extract_document],
        selection=[extract_document],
        partition_key=key,
        instance=instance,
        resources={"jixiao": resource},
        run_config=QUIET_RUN_CONFIG,
        raise_on_error=False,
        tags={"jixiao/launched_by": "cli"},
    )
    if result.success:
        return RunOutcome(key, True)
    failures = [
        e.step_failure_data.error.message.strip().splitlines()[0]
        for e in result.get_step_failure_events()
        if e.step_failure_data.error is not None
    ]
    return RunOutcome(key, False, failures[0] if failures else "the Dagster run failed")


def materialize_documents(
    dagster_home: Path,
    resource: JixiaoResource,
    keys: Sequence[str],
    workers: int = 1,
    on_done: Callable[[RunOutcome], None] | None = None,
) -> list[RunOutcome]:
    """One run per partition key; with ``workers`` > 1, runs go to that many processes."""
    outcomes: list[RunOutcome] = []
    if workers <= 1 or len(keys) <= 1:
        instance = open_instance(dagster_home)
        for key in keys:
            outcome = materialize_one(instance, resource, key)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
        return outcomes
    # Spawned, not forked: a fork of a process holding Dagster's SQLite handles and threads
    # crashes its children.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # A ConfigurableResource does not survive pickling: send its fields.
        fields = resource.model_dump()
        futures = [pool.submit(_worker, str(dagster_home), fields, key) for key in keys]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes


@lru_cache(maxsize=1)
def _worker_instance(dagster_home: str) -> DagsterInstance:
    return open_instance(Path(dagster_home))


def _worker(dagster_home: str, fields: dict[str, Any], key: str) -> RunOutcome:
    return materialize_one(_worker_instance(dagster_home), JixiaoResource(**fields), key)


def _quiet() -> None:
    warnings.filterwarnings("ignore", module="dagster")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    logging.getLogger("dagster").setLevel(logging.ERROR)


def serve_ui(dagster_home: Path, raw_root: Path, curated_root: Path, host: str, port: int) -> int:
    """`dagster dev` on the project's definitions and instance (webserver + daemon)."""
    open_instance(dagster_home).dispose()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home.resolve()),
        "JIXIAO_RAW_ROOT": str(raw_root.resolve()),
        "JIXIAO_CURATED_ROOT": str(curated_root.resolve()),
    }
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "dev", "-m", "pipeline.definitions", "-h", host, "-p", str(port)]
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
