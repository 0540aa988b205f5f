"""What Dagster's event log costs per document: the stock SQLite storage against the pooled one.

    python -m bench.dagster_storage [--docs 10 100] [--repeat 2]

Only the bookkeeping is timed, not the extraction: one sample report is extracted once, and a
stand-in asset with the same specs and checks as `extract_document` records that document's
events (`pipeline.assets.document_events`: a materialisation per table and an evaluation per
check, each document's inside `one_transaction` as the real asset does) on every partition of
a range run, as many times as there are documents. Each storage gets its own Dagster home,
set up by one small run before anything is timed. The per-document figure is the slope
between the two sizes, so the cost of starting a run is not spread over the documents; the
main process's CPU time is printed beside the wall time (the machine may be shared).

Storages compared:
- stock: Dagster's own `SqliteEventLogStorage` (a home whose dagster.yaml names no storage);
- pooled: `pipeline.dagster_internals.PooledSqliteEventLogStorage`, what `jixiao extract`
  and `jixiao ui` use (the home `pipeline.local.open_instance` makes).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dagster import (
    AssetCheckEvaluation,
    AssetExecutionContext,
    AssetsDefinition,
    AssetSelection,
    BackfillPolicy,
    DagsterInstance,
    materialize,
    multi_asset,
)

from jixiao.processing import Outcome, process_file
from jixiao.runner import scan_raw
from jixiao.store import CuratedStore
from pipeline.assets import (
    CHECK_SPECS,
    CURATED_SPECS,
    DOCUMENTS,
    document_events,
    documents_partitions,
    raw_document,
)
from pipeline.dagster_internals import one_transaction, range_tags
from pipeline.local import EVENT_BATCH_SIZE, QUIET_RUN_CONFIG, _quiet, instance_at, open_instance

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "samples"
SAMPLE = SAMPLES / "ebian-2024-dept-self-eval.txt"
STOCK_YAML = "telemetry:\n  enabled: false\n"
STORAGES = ("stock", "pooled")


def extracted_once(work: Path) -> Outcome:
    raw = work / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    [file] = scan_raw(raw)
    return process_file(file, raw, CuratedStore(work / "curated"))


def recorder(outcome: Outcome) -> AssetsDefinition:
    """`extract_document`'s specs, checks and partitions, recording ``outcome`` on each of its
    partitions as the real asset records a document, with no extraction."""

    @multi_asset(
        name="extract_document",
        specs=CURATED_SPECS,
        check_specs=CHECK_SPECS,
        partitions_def=documents_partitions,
        backfill_policy=BackfillPolicy.single_run(),
        can_subset=True,
    )
    def record(context: AssetExecutionContext) -> Iterator[object]:
        for key in context.partition_keys:
            with one_transaction(context.instance):
                for event in document_events(outcome, key):
                    if isinstance(event, AssetCheckEvaluation):
                        context.log_event(event)
                    else:
                        yield event

    return record


def home_for(storage: str, home: Path) -> DagsterInstance:
    if storage == "pooled":
        return open_instance(home)
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text(STOCK_YAML)
    os.environ.setdefault(*EVENT_BATCH_SIZE)  # the same run creation for both storages
    return instance_at(home)


@dataclass(frozen=True)
class Timing:
    wall_s: float
    cpu_s: float


def record_run(
    instance: DagsterInstance, asset: AssetsDefinition, prefix: str, docs: int
) -> Timing:
    keys = [f"{prefix}-{i:05d}" for i in range(docs)]
    instance.add_dynamic_partitions(DOCUMENTS, keys)
    wall, cpu = time.perf_counter(), time.process_time()
    result = materialize(
        [raw_document, asset],
        selection=AssetSelection.assets(asset).without_checks(),
        instance=instance,
        run_config=QUIET_RUN_CONFIG,
        tags=range_tags(keys) if docs > 1 else {},
        partition_key=keys[0] if docs == 1 else None,
    )
    timing = Timing(time.perf_counter() - wall, time.process_time() - cpu)
    assert result.success
    return timing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dagster_storage")
    parser.add_argument("--docs", type=int, nargs=2, default=(10, 100), metavar=("SMALL", "BIG"))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    small, big = args.docs
    _quiet()
    with tempfile.TemporaryDirectory(prefix="jixiao-storage-") as tmp:
        work = Path(tmp)
        outcome = extracted_once(work)
        asset = recorder(outcome)
        events = sum(1 for _ in document_events(outcome, "x"))
        print(f"one document: {events} events; sizes {small} and {big} documents per run")
        instances = {s: home_for(s, work / f"home-{s}") for s in STORAGES}
        for storage, instance in instances.items():
            record_run(instance, asset, "setup", 1)
            print(f"{storage}: {type(instance.event_log_storage).__name__}")
        timings: dict[tuple[str, int], list[Timing]] = {}
        for round_ in range(args.repeat):
            for storage in STORAGES:  # alternated, so a load change hits both
                for docs in (small, big):
                    timing = record_run(instances[storage], asset, f"r{round_}-{docs}", docs)
                    timings.setdefault((storage, docs), []).append(timing)
        for instance in instances.values():
            instance.dispose()
    print()
    print("| storage | run of N docs: wall s (best) | per document: wall ms | CPU ms |")
    print("|---|---|---:|---:|")
    per_doc: dict[str, float] = {}
    for storage in STORAGES:
        lo = min(timings[(storage, small)], key=lambda t: t.wall_s)
        hi = min(timings[(storage, big)], key=lambda t: t.wall_s)
        wall_ms = (hi.wall_s - lo.wall_s) / (big - small) * 1000
        cpu_ms = (hi.cpu_s - lo.cpu_s) / (big - small) * 1000
        per_doc[storage] = wall_ms
        print(
            f"| {storage} | {small}: {lo.wall_s:.2f}, {big}: {hi.wall_s:.2f} "
            f"| {wall_ms:.1f} | {cpu_ms:.1f} |"
        )
    print(f"\nstock / pooled per document: {per_doc['stock'] / per_doc['pooled']:.1f} x")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
