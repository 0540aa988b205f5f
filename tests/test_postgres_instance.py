"""The production set-up for real: Dagster storage in PostgreSQL, two documents materialised.

A throwaway PostgreSQL server from the distribution's packages is started on 127.0.0.1
(scripts/ensure-test-services.sh installs it for `make test`); the test skips with the
reason only when the server cannot be installed or started here.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, DagsterInstance

from jixiao.runner import partition_key
from pipeline.assets import documents_partitions
from pipeline.local import instance_at, materialize_one, sync_partitions
from pipeline.resources import JixiaoResource
from support.postgres import PostgresServer, PostgresUnavailable, running_postgres

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
DEPLOY_YAML = Path(__file__).parent.parent / "deploy" / "dagster.yaml"


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    try:
        with running_postgres() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")


def postgres_instance(home: Path, server: PostgresServer) -> DagsterInstance:
    """The instance deploy/dagster.yaml describes, pointed at the test server."""
    config = yaml.safe_load(DEPLOY_YAML.read_text(encoding="utf-8"))
    db = config["storage"]["postgres"]["postgres_db"]
    db.update(
        username=server.user,
        password="",
        hostname=server.host,
        db_name=server.db_name,
        port=server.port,
    )
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return instance_at(home)


def test_deploy_config_stores_runs_and_events_in_postgres() -> None:
    config = yaml.safe_load(DEPLOY_YAML.read_text(encoding="utf-8"))
    assert "postgres_db" in config["storage"]["postgres"]


def test_two_documents_materialise_against_postgres(
    tmp_path: Path, postgres: PostgresServer
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    names = ["ebian-2024-dept-self-eval.txt", "fengnan-2023-finance-key-eval.txt"]
    for name in names:
        shutil.copy(SAMPLES / name, raw / name)
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(tmp_path / "curated"))
    instance = postgres_instance(tmp_path / "home", postgres)
    keys = [partition_key(name) for name in names]
    sync_partitions(instance, add=keys, delete=[])

    outcomes = [materialize_one(instance, resource, key) for key in keys]

    assert [o.success for o in outcomes] == [True, True]
    assert sorted(instance.get_dynamic_partitions(documents_partitions.name)) == sorted(keys)
    materialized = instance.get_materialized_partitions(AssetKey("documents"))
    assert materialized == set(keys)
    runs = instance.get_runs()
    assert len(runs) == 2
    assert all(r.is_success for r in runs)
    curated_docs = list((tmp_path / "curated" / "documents").glob("doc_id=*/part.parquet"))
    assert len(curated_docs) == 2
    instance.dispose()
