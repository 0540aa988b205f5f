"""The one `Definitions` of the project: `dagster dev -m pipeline.definitions`."""

from __future__ import annotations

import importlib
from typing import Any

from dagster import Definitions

from pipeline.assets import extract_document, raw_document
from pipeline.automation import daily_refresh, extract_job, raw_folder_sensor
from pipeline.resources import resource_from_env


def published_assets() -> list[Any]:
    """The analysts' published layer, when `pipeline/published.py` provides it."""
    try:
        module = importlib.import_module("pipeline.published")
    except ModuleNotFoundError as exc:
        if exc.name != "pipeline.published":
            raise
        return []
    return list(getattr(module, "published_assets", []))


def build_definitions() -> Definitions:
    return Definitions(
        assets=[raw_document, extract_document, *published_assets()],
        jobs=[extract_job],
        sensors=[raw_folder_sensor],
        schedules=[daily_refresh],
        resources={"jixiao": resource_from_env()},
    )


defs = build_definitions()
