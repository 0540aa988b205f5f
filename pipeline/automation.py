"""The raw-folder sensor, the daily schedule and the job they launch.

The sensor keeps the `documents` partitions in step with the raw folder: new files get a
partition and are extracted, changed files are extracted again, and files that are gone lose
their partition and their rows. A stale file is requested when its content differs from what
the previous tick saw (the cursor), so a file whose content goes back to an earlier version is
extracted again; run keys carry the cursor's tick, which only grows, so Dagster never skips a
request as one it has seen. Documents to extract go in as few runs as possible: one per contiguous range of
partitions (`pipeline.batching`); a single document gets a plain one-partition run.
The cursor also caches each file's hash by (size, mtime) so a tick does not re-read every file.
The daily schedule re-runs whatever is stale against the manifest (changed bytes, or rows
written by another extractor version): a safety net for missed sensor ticks.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from dagster import (
    AddDynamicPartitionsRequest,
    AssetObservation,
    AssetSelection,
    DefaultSensorStatus,
    DeleteDynamicPartitionsRequest,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    define_asset_job,
    schedule,
    sensor,
)

from jixiao.runner import RawFile, plan, sha256_of
from pipeline.assets import DOCUMENTS, documents_partitions, extract_document, raw_observation
from pipeline.batching import partition_ranges
from pipeline.dagster_internals import range_tags
from pipeline.resources import JixiaoResource

extract_job = define_asset_job(
    "extract_documents",
    selection=AssetSelection.assets(extract_document).without_checks(),
    description="Extract the selected documents into the curated tables.",
)

HashCache = dict[str, tuple[int, int, str]]  # source_path -> (size, mtime_ns, sha256)


@dataclass(frozen=True)
class Cursor:
    """What the previous tick saw: its number (grows by one per tick) and every file's hash."""

    tick: int = 0
    hashes: HashCache = field(default_factory=dict)


@dataclass(frozen=True)
class FolderChanges:
    add_keys: list[str]
    delete_keys: list[str]
    run_requests: list[RunRequest]
    deleted_paths: list[str]
    hashes: HashCache
    observations: list[AssetObservation]


def read_cursor(cursor: str | None) -> Cursor:
    if not cursor:
        return Cursor()
    body = json.loads(cursor)
    if "tick" not in body:  # the cursor of an older jixiao: the hashes alone
        body = {"tick": 0, "files": body}
    files = {path: (v[0], v[1], v[2]) for path, v in body["files"].items()}
    return Cursor(int(body["tick"]), files)


def write_cursor(cursor: Cursor) -> str:
    files = {p: list(cursor.hashes[p]) for p in sorted(cursor.hashes)}
    return json.dumps({"tick": cursor.tick, "files": files}, ensure_ascii=False)


def content_hash(f: RawFile, cache: HashCache) -> str:
    cached = cache.get(f.source_path)
    if cached and cached[0] == f.size and cached[1] == f.mtime_ns:
        return cached[2]
    return sha256_of(f.path)


def folder_changes(
    jixiao: JixiaoResource, known_keys: Sequence[str], previous: Cursor, tick: int
) -> FolderChanges:
    """Compare the raw folder with the partitions (``known_keys``, in their order) and the
    manifest; remove gone files' rows. A stale file is requested unless ``previous`` saw it
    with the same content (its run was requested then); run keys end with ``tick``."""
    cache = previous.hashes
    store = jixiao.store
    files = jixiao.raw_files()
    result = plan(files, store.load_manifest())
    store.touch(result.touched)
    store.forget(list(result.deleted))
    hashes: HashCache = {}
    for f in files:
        digest = result.hashes.get(f.source_path) or content_hash(f, cache)
        hashes[f.source_path] = (f.size, f.mtime_ns, digest)
    keys = {f.key for f in files}
    add_keys = sorted(keys - set(known_keys))
    delete_keys = sorted(set(known_keys) - keys)
    # The partitions' order once the requests are applied: new keys are appended.
    order = [k for k in known_keys if k in keys] + add_keys
    wanted = [f for f in result.stale if _seen(cache, f.source_path) != hashes[f.source_path][2]]
    contents = {f.key: hashes[f.source_path][2] for f in wanted}
    batches = partition_ranges(order, contents)
    return FolderChanges(
        add_keys=add_keys,
        delete_keys=delete_keys,
        run_requests=[run_request(batch, contents, tick) for batch in batches],
        deleted_paths=list(result.deleted),
        hashes=hashes,
        observations=[
            raw_observation(f.key, f.source_path, f.size, hashes[f.source_path][2]) for f in wanted
        ],
    )


def _seen(cache: HashCache, source_path: str) -> str | None:
    """The content hash the previous tick saw at ``source_path``."""
    cached = cache.get(source_path)
    return cached[2] if cached else None


def run_request(keys: Sequence[str], contents: dict[str, str], tick: int) -> RunRequest:
    """One run over consecutive partitions ``keys``; ``contents`` maps a key to its sha256."""
    if len(keys) == 1:
        [key] = keys
        return RunRequest(
            partition_key=key,
            run_key=f"{key}:{contents[key]}:{tick}",
            tags={"jixiao/sha256": contents[key]},
        )
    digest = hashlib.sha256("".join(f"{k}:{contents[k]}\n" for k in keys).encode()).hexdigest()
    return RunRequest(
        run_key=f"{keys[0]}..{keys[-1]}:{digest}:{tick}",
        tags={**range_tags(keys), "jixiao/documents": str(len(keys))},
    )


@sensor(
    job=extract_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.STOPPED,
    description="Watches the raw folder: adds, re-extracts and removes document partitions.",
)
def raw_folder_sensor(context: SensorEvaluationContext, jixiao: JixiaoResource) -> SensorResult:
    known = context.instance.get_dynamic_partitions(DOCUMENTS)
    previous = read_cursor(context.cursor)
    tick = previous.tick + 1
    changes = folder_changes(jixiao, known, previous, tick)
    if changes.deleted_paths:
        context.log.info(f"removed the rows of deleted files: {changes.deleted_paths}")
    requests: list[AddDynamicPartitionsRequest | DeleteDynamicPartitionsRequest] = []
    if changes.add_keys:
        requests.append(documents_partitions.build_add_request(changes.add_keys))
    if changes.delete_keys:
        requests.append(documents_partitions.build_delete_request(changes.delete_keys))
    return SensorResult(
        run_requests=changes.run_requests,
        dynamic_partitions_requests=requests,
        cursor=write_cursor(Cursor(tick, changes.hashes)),
        asset_events=changes.observations,
        skip_reason=None
        if changes.run_requests or requests
        else SkipReason("raw folder unchanged since the last extraction"),
    )


@schedule(
    cron_schedule="0 3 * * *",
    job=extract_job,
    execution_timezone="UTC",
    description="Daily: re-extract every document that is stale against the manifest.",
)
def daily_refresh(
    context: ScheduleEvaluationContext, jixiao: JixiaoResource
) -> list[RunRequest] | SkipReason:
    instance = context.instance
    known = instance.get_dynamic_partitions(DOCUMENTS)
    changes = folder_changes(jixiao, known, Cursor(), tick=0)
    if changes.add_keys:
        instance.add_dynamic_partitions(DOCUMENTS, changes.add_keys)
    if changes.delete_keys:
        for key in changes.delete_keys:
            instance.delete_dynamic_partition(DOCUMENTS, key)
    for observation in changes.observations:
        instance.report_runless_asset_event(observation)
    if not changes.run_requests:
        return SkipReason("nothing is stale")
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return [r.with_replaced_attrs(run_key=f"{r.run_key}:{day}") for r in changes.run_requests]
