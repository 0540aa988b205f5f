"""The published layer: one non-partitioned asset downstream of the eight curated tables.

A thin wrapper over `jixiao.publish.publish` + `jixiao.report.write_report`; the run
report's Markdown summary becomes the materialisation's metadata.
"""

from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    Config,
    DagsterRunStatus,
    DefaultSensorStatus,
    MaterializeResult,
    MetadataValue,
    RunRequest,
    RunStatusSensorContext,
    ScheduleDefinition,
    asset,
    define_asset_job,
    run_status_sensor,
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


@run_status_sensor(
    run_status=DagsterRunStatus.SUCCESS,
    monitored_jobs=[extract_job],
    request_job=publish_job,
    default_status=DefaultSensorStatus.STOPPED,
    description="After every successful extraction run (the raw-folder sensor's, the daily "
    "refresh's, a backfill's): rebuild the published layer and the review list.",
)
def publish_after_extract(context: RunStatusSensorContext) -> RunRequest:
    return RunRequest(run_key=f"publish-after:{context.dagster_run.run_id}")
