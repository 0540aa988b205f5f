"""Assets: one raw file per `documents` partition -> the eight curated tables of it.

A thin wrapper over `jixiao.runner.process_file`: the asset finds the file behind its
partition key, extracts it, writes its partitions of the curated store, and reports row
counts, a preview, the diff against the previous extraction and the checks.
"""

from collections.abc import Iterator
from typing import Any

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetObservation,
    AssetSpec,
    DataVersion,
    DynamicPartitionsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    TableColumn,
    TableSchema,
    multi_asset,
)

from jixiao.checks import CHECKS, ERROR, CheckOutcome
from jixiao.diff import DocumentDiff, TableDiff, render_markdown
from jixiao.preview import table_markdown
from jixiao.runner import Outcome, process_file
from jixiao.schema import TABLES, TableSpec
from pipeline.resources import JixiaoResource

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
    )
    for spec in TABLES
]

CHECK_SPECS = [
    AssetCheckSpec(rule.name, asset=rule.table, description=f"{rule.description} ({rule.severity})")
    for rule in CHECKS
]


@multi_asset(
    name="extract_document",
    specs=CURATED_SPECS,
    check_specs=CHECK_SPECS,
    partitions_def=documents_partitions,
    description="Extract one raw report into its partitions of the eight curated tables.",
)
def extract_document(
    context: AssetExecutionContext, jixiao: JixiaoResource
) -> Iterator[MaterializeResult | AssetCheckResult]:
    key = context.partition_key
    raw = jixiao.raw_file(key)
    if raw is None:
        raise Failure(
            description=f"no file under {jixiao.raw_path} has partition key {key}; "
            "it was deleted or renamed (the sensor removes its partition)",
        )
    context.log.info(f"extracting {raw.source_path}")
    outcome = process_file(
        raw, jixiao.raw_path, jixiao.store, jixiao.settings, extract=jixiao.extractor
    )
    yield from materialize_results(outcome)
    yield from check_results(outcome.checks)


def materialize_results(outcome: Outcome) -> Iterator[MaterializeResult]:
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
        yield MaterializeResult(
            asset_key=AssetKey(spec.name),
            metadata=metadata,
            data_version=DataVersion(outcome.result.doc_id),
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


def check_results(outcomes: tuple[CheckOutcome, ...]) -> Iterator[AssetCheckResult]:
    tables = {rule.name: rule.table for rule in CHECKS}
    for o in outcomes:
        yield AssetCheckResult(
            asset_key=AssetKey(tables[o.name]),
            check_name=o.name,
            passed=o.passed,
            severity=AssetCheckSeverity.ERROR if o.severity == ERROR else AssetCheckSeverity.WARN,
            description=o.message,
            metadata={
                "message": MetadataValue.text(o.message),
                "details": MetadataValue.json(o.details),
            },
        )
