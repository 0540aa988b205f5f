"""Run the project's assets in-process against a project-local instance (for `jixiao extract`).

The CLI materialises exactly the asset the UI shows (`extract_document`), against the SQLite
instance under DAGSTER_HOME, so the runs, the metadata (diffs, previews) and the check results
of a CLI run are there in `jixiao ui`. Documents go in batches: one run per contiguous range
of partitions (`pipeline.batching`), each document recorded on its own partition.
"""

import contextlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dagster import AssetSelection, DagsterInstance, materialize

from jixiao.runner import RawFile
from pipeline.assets import (
    DOCUMENTS,
    EXTRACT_SELECTION,
    extract_document,
    raw_document,
    raw_observation,
)
from pipeline.batching import partition_ranges
from pipeline.dagster_internals import one_transaction, range_tags
from pipeline.published import published
from pipeline.resources import NO_HANDOFF, Handoff, JixiaoResource
from pipeline.review import documents_needing_review

# The CLI shows its own progress; Dagster's per-event console log would drown it.
OLD_INSTANCE_YAML = """\
# The embedded instance: SQLite storage under this directory (Dagster's default).
# For PostgreSQL and a cluster executor see deploy/dagster.yaml.
telemetry:
  enabled: false
"""

POOLED_INSTANCE_YAML = """\
# The embedded instance: SQLite storage under this directory, the event log with its
# connections kept open (pipeline/sqlite_storage.py). For PostgreSQL and a cluster executor
# see deploy/dagster.yaml.
telemetry:
  enabled: false
event_log_storage:
  module: pipeline.sqlite_storage
  class: PooledSqliteEventLogStorage
  config:
    base_dir: {base_dir}
"""

INSTANCE_YAML = """\
# The embedded instance: SQLite storage under this directory, the event log with its
# connections kept open (pipeline/dagster_internals.py). For PostgreSQL and a cluster
# executor see deploy/dagster.yaml.
telemetry:
  enabled: false
event_log_storage:
  module: pipeline.dagster_internals
  class: PooledSqliteEventLogStorage
  config:
    base_dir: {base_dir}
"""

# What older versions of jixiao wrote (any base_dir): replaced, a user's own file never is.
OLDER_INSTANCE_YAMLS = tuple(
    re.compile(re.escape(text).replace(re.escape("{base_dir}"), ".+"))
    for text in (OLD_INSTANCE_YAML, POOLED_INSTANCE_YAML)
)

# Dagster stores the planned materialisations it logs when a run is created (one per asset and
# partition: 800 for 100 documents) as one batch when this is set, and the pooled event log
# stores a batch in one transaction: run creation for 100 documents takes 0.8 s instead of 1.8.
# Only events Dagster sends as a batch are affected; every other event is stored as it comes.
EVENT_BATCH_SIZE = ("DAGSTER_EVENT_BATCH_SIZE", "10000")

# Failures reach the CLI's summary one line each; Dagster's stack traces stay in the instance.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


LEGACY_KEY = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class RunOutcome:
    key: str
    success: bool
    message: str | None = None
    interrupted: bool = False  # stopped by Ctrl-C or SIGTERM: its documents were not failures


INTERRUPTIONS = frozenset({"DagsterExecutionInterruptedError", "KeyboardInterrupt"})


def open_instance(dagster_home: Path) -> DagsterInstance:
    """The SQLite instance under ``dagster_home`` (created on first use)."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists() or _written_by_older_jixiao(config.read_text()):
        # Same folders as Dagster's default SQLite layout: an older home keeps its history.
        base_dir = (dagster_home / "history" / "runs").resolve()
        config.write_text(INSTANCE_YAML.format(base_dir=json.dumps(str(base_dir))))
    os.environ.setdefault(*EVENT_BATCH_SIZE)
    return instance_at(dagster_home)


def _written_by_older_jixiao(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in OLDER_INSTANCE_YAMLS)


def instance_at(dagster_home: Path) -> DagsterInstance:
    """The instance the ``dagster.yaml`` in ``dagster_home`` describes, opened the way Dagster's
    public API opens one: from ``DAGSTER_HOME``, set only for the call."""
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(dagster_home.resolve())
    try:
        return DagsterInstance.get()
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous


def sync_partitions(
    instance: DagsterInstance,
    add: Iterable[str],
    delete: Iterable[str],
    files: Iterable[RawFile] = (),
) -> None:
    """Partitions for the keys about to be extracted, none for files that are gone; the path
    of each of ``files`` is recorded on its partition of the raw asset (keys are hashes)."""
    name = DOCUMENTS
    adding = set(add)
    known = set(instance.get_dynamic_partitions(name))
    new = sorted(adding - known)
    if new:
        instance.add_dynamic_partitions(name, new)
    with one_transaction(instance):
        for f in files:
            instance.report_runless_asset_event(raw_observation(f.key, f.source_path, f.size))
    # Keys of an older jixiao (a bare 12-hex hash of the path, or the path's hash after another
    # readable form of it): their files get partitions under the current keys when next
    # extracted; the old ones would only linger.
    hashes = {key.rpartition("~")[2] for key in adding}
    legacy = {
        key
        for key in known
        if LEGACY_KEY.fullmatch(key) or (key not in adding and key.rpartition("~")[2] in hashes)
    }
    for key in sorted((set(delete) & known) | legacy):
        instance.delete_dynamic_partition(name, key)


def materialize_partitions(
    instance: DagsterInstance,
    resource: JixiaoResource,
    keys: Sequence[str],
    handoff: Handoff = NO_HANDOFF,
) -> RunOutcome:
    """One run of `extract_document` over ``keys``, consecutive partitions of `documents`."""
    _quiet()
    single = len(keys) == 1
    result = materialize(
        [raw_document, extract_document],
        selection=EXTRACT_SELECTION,
        partition_key=keys[0] if single else None,
        instance=instance,
        resources={"jixiao": resource, "handoff": handoff},
        run_config=QUIET_RUN_CONFIG,
        raise_on_error=False,
        tags={"jixiao/launched_by": "cli", **({} if single else range_tags(keys))},
    )
    if result.success:
        return RunOutcome(keys[0], True)
    errors = [
        e.step_failure_data.error
        for e in result.get_step_failure_events()
        if e.step_failure_data.error is not None
    ]
    interrupted = any(_is_interruption(error) for error in errors)
    failures = [error.message.strip().splitlines()[0] for error in errors]
    message = failures[0] if failures else "the Dagster run failed"
    return RunOutcome(keys[0], False, message, interrupted=interrupted)


class ErrorInfo(Protocol):
    """What a step failure tells of its exception (Dagster's serialised error), as read here."""

    @property
    def cls_name(self) -> str | None: ...
    @property
    def cause(self) -> "ErrorInfo | None": ...
    @property
    def context(self) -> "ErrorInfo | None": ...


def _is_interruption(error: ErrorInfo | None) -> bool:
    while error is not None:
        if error.cls_name in INTERRUPTIONS:
            return True
        error = error.cause or error.context
    return False


def publish_and_review(instance: DagsterInstance, resource: JixiaoResource) -> RunOutcome:
    """One run of `published` and `documents_needing_review` (after an extraction), so the
    analysts' layer and the steward's list follow the curated data and the UI shows both."""
    _quiet()
    result = materialize(
        [raw_document, extract_document, published, documents_needing_review],
        selection=AssetSelection.assets(published, documents_needing_review),
        instance=instance,
        resources={"jixiao": resource, "handoff": NO_HANDOFF},
        run_config=QUIET_RUN_CONFIG,
        raise_on_error=False,
        tags={"jixiao/launched_by": "cli"},
    )
    if result.success:
        return RunOutcome("published", True)
    failures = [
        e.step_failure_data.error.message.strip().splitlines()[0]
        for e in result.get_step_failure_events()
        if e.step_failure_data.error is not None
    ]
    return RunOutcome("published", False, failures[0] if failures else "the Dagster run failed")


def materialize_one(instance: DagsterInstance, resource: JixiaoResource, key: str) -> RunOutcome:
    return materialize_partitions(instance, resource, [key])


def materialize_documents(
    instance: DagsterInstance,
    resource: JixiaoResource,
    keys: Sequence[str],
    handoff: Handoff = NO_HANDOFF,
) -> list[RunOutcome]:
    """``keys`` extracted in as few runs as the partitions' order allows (one per range)."""
    order = instance.get_dynamic_partitions(DOCUMENTS)
    outcomes: list[RunOutcome] = []
    for batch in partition_ranges(order, keys):
        outcomes.append(materialize_partitions(instance, resource, batch, handoff))
        if outcomes[-1].interrupted:
            break  # the other batches are left for the next run
    return outcomes


def _quiet() -> None:
    warnings.filterwarnings("ignore", module="dagster")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    logging.getLogger("dagster").setLevel(logging.CRITICAL)


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
    return run_process_group(command, env)


# After the signal is forwarded, how long `dagster dev` (webserver, daemon, code server) is
# given to stop before what is left of its process group is killed.
STOP_GRACE_S = 30.0


def run_process_group(command: list[str], env: dict[str, str]) -> int:
    """Run ``command`` in a process group of its own; SIGTERM or SIGINT to this process is
    forwarded to the whole group, and this returns once the group is gone (whatever is left
    after the grace period is killed), so stopping `jixiao ui` leaves nothing running."""
    child = subprocess.Popen(command, env=env, start_new_session=True)
    group = child.pid
    received: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        received.append(signum)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = child.wait()
        _stop_group(group)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if received else code


def _stop_group(group: int) -> None:
    """Wait for the rest of the group to exit (TERM first, KILL after the grace period)."""
    deadline = time.monotonic() + STOP_GRACE_S
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGTERM)
        while time.monotonic() < deadline:
            os.killpg(group, 0)  # raises ProcessLookupError once every member is gone
            time.sleep(0.2)
        os.killpg(group, signal.SIGKILL)
