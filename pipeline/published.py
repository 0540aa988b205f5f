"""The published layer: one non-partitioned asset downstream of the eight curated tables.

A thin wrapper over `jixiao.publish.publish` + `jixiao.report.write_report`; the run
report's Markdown summary becomes the materialisation's metadata.
"""

import time
from datetime import UTC, datetime
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    Config,
    DagsterInstance,
    DagsterRun,
    DagsterRunStatus,
    DefaultSensorStatus,
    MaterializeResult,
    MetadataValue,
    RunRequest,
    RunsFilter,
    ScheduleDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    asset,
    define_asset_job,
    sensor,
)

from jixiao.publish import DUCKDB_FILE, REPORT_FILE, publish
from jixiao.report import write_report
from jixiao.schema import TABLE_NAMES
from pipeline.automation import extract_job
from pipeline.resources import JixiaoResource

PUBLISHED_DIR_NAME = "published"


class PublishConfig(Config):
    published_root: str = ""
    """Where to publish; empty means `published/` next to the curated root (data/published)."""


def published_root(config: PublishConfig, jixiao: JixiaoResource) -> Path:
    if config.published_root:
        return Path(config.published_root).absolute()
    return Path(jixiao.curated_root).absolute().parent / PUBLISHED_DIR_NAME


@asset(
    name="published",
    deps=[AssetKey(name) for name in TABLE_NAMES],
    group_name="published",
    kinds={"parquet", "duckdb"},
    description="The curated tables compacted per fiscal year (Hive, zstd), jixiao.duckdb "
    "with one view per table plus v_department_year, v_indicator_misses and "
    "v_amounts_by_metric, and report.html. Rebuilt atomically.",
)
def published(
    context: AssetExecutionContext, config: PublishConfig, jixiao: JixiaoResource
) -> MaterializeResult:
    out = published_root(config, jixiao)
    result = publish(Path(jixiao.curated_root).absolute(), out, report=write_report)
    context.log.info(f"published {sum(result.row_counts.values())} rows in {result.seconds:.2f} s")
    metadata = {
        "summary": MetadataValue.md(result.report_markdown),
        "path": MetadataValue.path(str(out)),
        "duckdb": MetadataValue.path(str(out / DUCKDB_FILE)),
        "report": MetadataValue.path(str(out / REPORT_FILE)),
        "seconds": MetadataValue.float(round(result.seconds, 3)),
        "fiscal_years": MetadataValue.json(list(result.fiscal_years)),
        "dagster/row_count": MetadataValue.int(sum(result.row_counts.values())),
        **{f"rows/{name}": MetadataValue.int(n) for name, n in result.row_counts.items()},
    }
    return MaterializeResult(metadata=metadata)


published_assets: list = [published]

publish_job = define_asset_job(
    "publish_job",
    selection=AssetSelection.assets("published", "documents_needing_review"),
    description="Rebuild the published layer and the list of documents needing review.",
)

# After the 03:00 re-extraction of stale documents, so analysts start the day on fresh data.
daily_publish = ScheduleDefinition(
    name="daily_publish",
    job=publish_job,
    cron_schedule="0 5 * * *",
    execution_timezone="UTC",
    description="Daily: compact the curated tables into the published layer and its report.",
)


# Runs that end in FAILURE count too: a run fails when one of its documents is failed or
# partial, and every other document of it is in the curated store all the same.
FINISHED = (DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE)
LAUNCHED_BY = "jixiao/launched_by"
EXTRACTED = frozenset(AssetKey(name) for name in TABLE_NAMES)


def extracted_since(instance: DagsterInstance, since: float) -> tuple[list[DagsterRun], float]:
    """The runs that extracted documents (the sensor's, the schedule's, a backfill from the
    UI; not `jixiao extract`'s) and finished after ``since`` (a POSIX time), oldest first,
    and the time up to which runs were looked at."""
    after = datetime.fromtimestamp(since, tz=UTC)
    records = instance.get_run_records(
        RunsFilter(statuses=list(FINISHED), updated_after=after),
        order_by="update_timestamp",
        ascending=True,
    )
    until = max((r.update_timestamp.timestamp() for r in records), default=since)
    runs = [r.dagster_run for r in records if _extracts(r.dagster_run)]
    return runs, until


def _extracts(run: DagsterRun) -> bool:
    if run.tags.get(LAUNCHED_BY) == "cli":
        return False  # `jixiao extract` publishes in a run of its own (or was told not to)
    return run.job_name == extract_job.name or bool(EXTRACTED & (run.asset_selection or set()))


@sensor(
    job=publish_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.STOPPED,
    description="After extraction runs (the raw-folder sensor's, the daily refresh's, a "
    "backfill's), successful or with documents not fully extracted: rebuild the published "
    "layer and the review list once for all the runs finished since the last tick.",
)
def publish_after_extract(context: SensorEvaluationContext) -> SensorResult:
    if context.cursor is None:
        return SensorResult(
            skip_reason=SkipReason("watching extraction runs that finish from now on"),
            cursor=str(time.time()),
        )
    runs, until = extracted_since(context.instance, float(context.cursor))
    if not runs:
        return SensorResult(skip_reason=SkipReason("no extraction run finished"), cursor=str(until))
    return SensorResult(
        run_requests=[RunRequest(run_key=f"publish-after:{runs[-1].run_id}")], cursor=str(until)
    )
