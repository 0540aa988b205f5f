"""The one `Definitions` of the project: `dagster dev -m pipeline.definitions`."""

from __future__ import annotations

from dagster import Definitions

from pipeline.assets import extract_document, raw_document
from pipeline.automation import daily_refresh, extract_job, raw_folder_sensor
from pipeline.published import (
    daily_publish,
    publish_after_extract,
    publish_job,
    published_assets,
)
from pipeline.resources import NO_HANDOFF, resource_from_env
from pipeline.review import documents_needing_review


def build_definitions() -> Definitions:
    return Definitions(
        assets=[raw_document, extract_document, *published_assets, documents_needing_review],
        jobs=[extract_job, publish_job],
        sensors=[raw_folder_sensor, publish_after_extract],
        schedules=[daily_refresh, daily_publish],
        resources={"jixiao": resource_from_env(), "handoff": NO_HANDOFF},
    )


defs = build_definitions()
