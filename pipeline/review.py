"""Documents needing review: failed or partial extractions and failing checks, one list.

The check results live on the Dagster instance (one evaluation per document partition and
check); the statuses live in the curated `documents` table. `review_items` joins the two for
`jixiao review`, and the unpartitioned `documents_needing_review` asset records the same list
as its materialisation's metadata, so a steward finds it in the UI.
"""

from dataclasses import dataclass
from pathlib import Path

from dagster import (
    AssetCheckKey,
    AssetExecutionContext,
    AssetKey,
    AssetRecordsFilter,
    DagsterInstance,
    MaterializeResult,
    MetadataValue,
    asset,
)

from jixiao.checks import CHECKS
from jixiao.runner import partition_key
from jixiao.schema import TABLE_NAMES
from jixiao.store import CuratedStore
from pipeline.dagster_internals import latest_failed_checks
from pipeline.resources import JixiaoResource

SEVERITY = {rule.name: rule.severity for rule in CHECKS}
STATUS_CHECK = "extracted_completely"


@dataclass(frozen=True)
class ReviewItem:
    source_path: str
    partition: str
    status: str  # the document's: ok, partial, failed
    reason: str  # "status" or the failing check's name
    severity: str  # ERROR or WARN
    message: str


def review_items(instance: DagsterInstance, store: CuratedStore) -> list[ReviewItem]:
    """Every document that is not ok, and every failing check of a current document, sorted
    by path (ERROR before WARN)."""
    documents = store.read_table("documents").select(["source_path", "status", "error"])
    paths = {partition_key(p): p for p in documents["source_path"].to_pylist()}
    statuses = dict(
        zip(documents["source_path"].to_pylist(), documents["status"].to_pylist(), strict=True)
    )
    items = [
        ReviewItem(path, partition_key(path), status, "status", "ERROR", error or status)
        for path, status, error in zip(
            documents["source_path"].to_pylist(),
            documents["status"].to_pylist(),
            documents["error"].to_pylist(),
            strict=True,
        )
        if status != "ok"
    ]
    for key, message in failing_checks(instance, list(paths)).items():
        partition, check_name = key
        path = paths[partition]
        items.append(
            ReviewItem(path, partition, statuses[path], check_name, SEVERITY[check_name], message)
        )
    return sorted(items, key=lambda i: (i.source_path, i.severity != "ERROR", i.reason))


def failing_checks(instance: DagsterInstance, partitions: list[str]) -> dict[tuple[str, str], str]:
    """(partition, check name) -> message, for checks whose latest result on a partition
    failed in the run that last extracted it (a check that has since become not applicable
    is not reported)."""
    if not partitions:
        return {}
    keys = [
        AssetCheckKey(AssetKey(rule.table), rule.name)
        for rule in CHECKS
        if rule.name != STATUS_CHECK  # the status row says it already
    ]
    messages: dict[tuple[str, str], str] = {}
    latest_runs: dict[str, str | None] = {}
    for failed in latest_failed_checks(instance, keys, partitions):
        partition = failed.partition
        if partition not in latest_runs:
            latest_runs[partition] = _latest_extraction_run(instance, partition)
        if failed.run_id != latest_runs[partition]:
            continue
        messages[(partition, failed.check_key.name)] = failed.description or "failed"
    return messages


def _latest_extraction_run(instance: DagsterInstance, partition: str) -> str | None:
    """The run that last extracted ``partition``: its materialisation, or for a document
    nothing could be read from, its observation."""
    where = AssetRecordsFilter(asset_key=AssetKey("documents"), asset_partitions=[partition])
    found = [
        *instance.fetch_materializations(where, limit=1).records,
        *instance.fetch_observations(where, limit=1).records,
    ]
    latest = max(found, key=lambda r: r.timestamp, default=None)
    return latest.run_id if latest else None


def review_markdown(items: list[ReviewItem]) -> str:
    if not items:
        return "Nothing needs review: every document is ok and passes its checks."
    lines = ["| source_path | status | reason | severity | message | partition |", "|---" * 6 + "|"]
    lines += [
        f"| {_cell(i.source_path)} | {i.status} | {i.reason} | {i.severity} | "
        f"{_cell(i.message)} | {i.partition} |"
        for i in items
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


@asset(
    name="documents_needing_review",
    deps=[AssetKey(name) for name in TABLE_NAMES],
    group_name="published",
    kinds={"table"},
    description="Documents a steward should look at: failed or partial extractions and "
    "documents with a failing check, with the reason (the table is this asset's metadata).",
)
def documents_needing_review(
    context: AssetExecutionContext, jixiao: JixiaoResource
) -> MaterializeResult:
    items = review_items(context.instance, CuratedStore(Path(jixiao.curated_root).absolute()))
    return MaterializeResult(
        metadata={
            "review": MetadataValue.md(review_markdown(items)),
            "documents": MetadataValue.int(len({i.source_path for i in items})),
            "dagster/row_count": MetadataValue.int(len(items)),
        }
    )
