"""Assets: one raw file per `documents` partition -> the eight curated tables of it.

A thin wrapper over `jixiao.batch.process_batch`: the asset finds the files behind its
partition keys (in the scan its launcher hands over, `Handoff`, or in one scan of its own),
extracts them, writes their partitions of the curated store, and records,
per document partition, row counts, a preview, the diff against the previous extraction and
the checks.

One run may cover many partitions (a single-run backfill policy: a range of partitions in
one run). Dagster's bookkeeping per run costs far more than extracting a report, so the CLI,
the sensor and UI backfills batch documents; the outputs are optional and never yielded,
and each document's materialisations and check evaluations are logged as events of its own
partition, so every partition carries its own metadata and diff, exactly as a one-partition
run would.
"""

import warnings
from collections.abc import Iterator
from typing import Any

from dagster import (
    AssetCheckEvaluation,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    AssetObservation,
    AssetSelection,
    AssetSpec,
    BackfillPolicy,
    DynamicPartitionsDefinition,
    Failure,
    MetadataValue,
    ResourceParam,
    TableColumn,
    TableSchema,
    multi_asset,
)

from jixiao.batch import process_batch, worker_count
from jixiao.checks import CHECKS, ERROR, RULES_BY_NAME
from jixiao.diff import DocumentDiff, TableDiff, render_markdown
from jixiao.preview import table_markdown
from jixiao.processing import Outcome
from jixiao.runner import FileGone
from jixiao.schema import TABLES, TableSpec
from jixiao.store import StoreWriteError
from parsers.checks import CheckResult
from pipeline.dagster_internals import one_transaction
from pipeline.resources import Handoff, JixiaoResource

GROUP = "curated"

DOCUMENTS = "documents"  # the dynamic partitions' name
documents_partitions = DynamicPartitionsDefinition(name=DOCUMENTS)

raw_document = AssetSpec(
    key="raw_document",
    description="A report under the raw root (PDF, DOCX or TXT); the partition key is a "
    "short hash of its path relative to the raw root.",
    partitions_def=documents_partitions,
    group_name="raw",
    kinds={"file"},
)


def raw_observation(
    key: str, source_path: str, size: int, sha256: str | None = None
) -> AssetObservation:
    """The raw file behind a partition key, recorded on that partition (keys are hashes)."""
    metadata: dict[str, Any] = {
        "source_path": MetadataValue.text(source_path),
        "size_bytes": MetadataValue.int(size),
    }
    if sha256:
        metadata["sha256"] = MetadataValue.text(sha256)
    return AssetObservation(asset_key=raw_document.key, partition=key, metadata=metadata)


def column_schema(spec: TableSpec) -> TableSchema:
    return TableSchema(
        columns=[TableColumn(c.name, str(c.type), description=c.meaning) for c in spec.columns]
    )


CURATED_SPECS = [
    AssetSpec(
        key=spec.name,
        description=spec.description,
        deps=[raw_document],
        partitions_def=documents_partitions,
        group_name=GROUP,
        kinds={"parquet"},
        metadata={"dagster/column_schema": column_schema(spec)},
        skippable=True,  # materialised by events per partition, never by an output
    )
    for spec in TABLES
]

with warnings.catch_warnings():
    # Partitioned checks are a preview in Dagster 1.13; they are what makes the UI count a
    # check's results per document instead of showing the latest document's only.
    warnings.filterwarnings("ignore", message=".*partitions_def on an AssetCheckSpec")
    CHECK_SPECS = [
        AssetCheckSpec(
            rule.name,
            asset=rule.table,
            description=f"{rule.description} ({rule.severity})",
            partitions_def=documents_partitions,
        )
        for rule in CHECKS
    ]


@multi_asset(
    name="extract_document",
    specs=CURATED_SPECS,
    check_specs=CHECK_SPECS,
    partitions_def=documents_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    # Subsettable so the check outputs are optional too: results are logged per partition.
    # Every run writes all eight tables of its documents, whatever subset was selected.
    can_subset=True,
    description="Extract raw reports into their partitions of the eight curated tables.",
)
def extract_document(
    context: AssetExecutionContext, jixiao: JixiaoResource, handoff: ResourceParam[Handoff]
) -> Iterator[AssetMaterialization | AssetObservation | AssetCheckEvaluation]:
    keys = context.partition_keys
    if handoff.files is not None:  # the launcher's scan: the folder is not listed again
        files = {key: handoff.files[key] for key in keys if key in handoff.files}
    else:
        files = jixiao.raw_files_by_key(keys)
    failed: dict[str, str] = {}
    for key in keys:
        if key not in files:  # deleted or renamed since the run was asked for: not a failure
            context.log.info(f"partition {key}: no such file under {jixiao.raw_path} any more")
    # Documents not fully extracted (failed or partial): their rows are written, but their
    # partitions' materialisations fail, which the UI shows red, as `jixiao review` lists
    # them; the run fails once every other document of it is recorded.
    incomplete: dict[str, str] = {}
    settings = jixiao.settings
    context.log.info(f"extracting {len(files)} documents with {worker_count(settings)} workers")
    batch = process_batch(
        [files[key] for key in keys if key in files],
        jixiao.raw_path,
        handoff.store or jixiao.store,
        settings,
    )
    for raw, done in batch:
        key = raw.key
        if isinstance(done, FileGone):
            context.log.info(f"partition {key}: {raw.source_path} was deleted during the run")
        elif isinstance(done, StoreWriteError):
            handoff.document_done(raw, done)
            batch.close()  # the documents under way end before the run does; no more start
            raise Failure(description=str(done))  # every next document would fail alike
        elif isinstance(done, BaseException):
            failed[key] = f"{raw.source_path}: {_one_line(done)}"
            context.log.error(f"partition {key}: {failed[key]}")
        else:
            with one_transaction(context.instance):
                # Yielded, not logged: logged events are stored only at the next yield, and a
                # run that fails at its end would drop them.
                yield from document_events(done, key)
            if done.result.document.status != "ok":
                document = done.result.document
                incomplete[key] = f"{raw.source_path}: {document.status}: {document.error}"
        handoff.document_done(raw, done)
    if failed or incomplete:
        failed = {**failed, **incomplete}
        first = next(iter(failed.values()))
        raise Failure(
            description=first
            if len(failed) == 1
            else f"{len(failed)} documents not fully extracted: {first}",
            metadata={"failed_partitions": MetadataValue.json(failed)},
        )


# What the CLI, the sensor and the schedule run: the eight tables without their checks as
# outputs. The checks' results are logged per partition by the asset itself; selected checks
# would be expected as outputs, and every run would log that they were not yielded.
EXTRACT_SELECTION = AssetSelection.assets(extract_document).without_checks()


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def document_events(
    outcome: Outcome, key: str
) -> Iterator[AssetMaterialization | AssetObservation | AssetCheckEvaluation]:
    """What one document's extraction records on its partition: a materialisation per table
    (an observation per table when the document is failed or partial), then an evaluation per
    applicable check."""
    if outcome.result.document.status == "ok":
        yield from materializations(outcome, key)
    else:
        # Not materialised (its partition shows as failed); what was found is on record.
        for m in materializations(outcome, key):
            yield AssetObservation(asset_key=m.asset_key, partition=key, metadata=m.metadata)
    yield from check_evaluations(outcome.checks, key)


def materializations(outcome: Outcome, key: str) -> Iterator[AssetMaterialization]:
    doc = outcome.result.document
    common: dict[str, Any] = {
        "source_path": MetadataValue.text(outcome.source_path),
        "doc_id": MetadataValue.text(outcome.result.doc_id),
        "status": MetadataValue.text(doc.status),
    }
    by_table = {t.table: t for t in outcome.diff.tables}
    for spec in TABLES:
        table = outcome.tables[spec.name]
        metadata: dict[str, Any] = {
            **common,
            "dagster/row_count": MetadataValue.int(table.num_rows),
            "preview": MetadataValue.md(table_markdown(table)),
            **_table_diff_metadata(outcome.diff, by_table[spec.name]),
        }
        if spec.name == "documents":
            metadata.update(_document_metadata(outcome))
        yield AssetMaterialization(
            asset_key=AssetKey(spec.name),
            partition=key,
            metadata=metadata,
            tags={"dagster/data_version": outcome.result.doc_id},
        )


def _table_diff_metadata(diff: DocumentDiff, table: TableDiff) -> dict[str, Any]:
    one = DocumentDiff(is_new=diff.is_new, tables=(table,))
    return {
        "diff": MetadataValue.md(render_markdown(one)),
        "diff/new": MetadataValue.bool(diff.is_new),
        "diff/rows_added": MetadataValue.int(len(table.added)),
        "diff/rows_removed": MetadataValue.int(len(table.removed)),
        "diff/rows_changed": MetadataValue.int(table.changed_rows),
    }


def _document_metadata(outcome: Outcome) -> dict[str, Any]:
    """On `documents`, the whole document's diff, its totals and the error, if any."""
    doc = outcome.result.document
    counts = outcome.diff.counts()
    metadata: dict[str, Any] = {
        "diff": MetadataValue.md(outcome.diff.to_markdown()),
        "diff/rows_added": MetadataValue.int(counts["rows_added"]),
        "diff/rows_removed": MetadataValue.int(counts["rows_removed"]),
        "diff/rows_changed": MetadataValue.int(counts["rows_changed"]),
        "diff/values_changed": MetadataValue.int(counts["values_changed"]),
        "rows_per_table": MetadataValue.json(
            {name: t.num_rows for name, t in outcome.tables.items()}
        ),
    }
    if doc.error:
        metadata["error"] = MetadataValue.text(doc.error)
    if outcome.replaced_doc_id:
        metadata["replaced_doc_id"] = MetadataValue.text(outcome.replaced_doc_id)
    return metadata


def check_evaluations(
    outcomes: tuple[CheckResult, ...], key: str
) -> Iterator[AssetCheckEvaluation]:
    for o in outcomes:
        if not o.applicable:
            continue  # neither passed nor failed: the check shows as not evaluated
        rule = RULES_BY_NAME[o.name]
        yield AssetCheckEvaluation(
            asset_key=AssetKey(rule.table),
            check_name=o.name,
            passed=o.passed,
            severity=AssetCheckSeverity.ERROR
            if rule.severity == ERROR
            else AssetCheckSeverity.WARN,
            description=o.message,
            metadata={
                "message": MetadataValue.text(o.message),
                "details": MetadataValue.json(o.details),
            },
            partition=key,
        )
