"""One document's partition run the way the sensor's runs do it, for the pipeline tests."""

from __future__ import annotations

from typing import Any

from dagster import DagsterInstance, ExecuteInProcessResult, materialize

from jixiao.runner import partition_key
from pipeline.assets import EXTRACT_SELECTION, documents_partitions, extract_document, raw_document
from pipeline.local import QUIET_RUN_CONFIG
from pipeline.resources import NO_HANDOFF, JixiaoResource


def materialize_document(
    instance: DagsterInstance,
    resource: JixiaoResource,
    source_path: str,
    run_config: dict[str, Any] | None = None,
) -> ExecuteInProcessResult:
    """``source_path``'s partition added and extracted; a failed run is returned, not raised."""
    key = partition_key(source_path)
    assert documents_partitions.name is not None
    instance.add_dynamic_partitions(documents_partitions.name, [key])
    return materialize(
        [raw_document, extract_document],
        selection=EXTRACT_SELECTION,
        partition_key=key,
        instance=instance,
        resources={"jixiao": resource, "handoff": NO_HANDOFF},
        run_config=QUIET_RUN_CONFIG if run_config is None else run_config,
        raise_on_error=False,
    )
