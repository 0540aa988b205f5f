"""The Dagster UI really serves what stewards review: a document's diff and its counts.

One document is materialised twice (a figure changed in between) on a temp instance; the
real webserver is started on 127.0.0.1 over that instance and its GraphQL endpoint is
asked for the partition's latest materialisation. Where Chromium is installed, the asset
page is also loaded headless and a screenshot saved under the test's temp dir.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.runner import partition_key
from pipeline.local import (
    materialize_documents,
    materialize_one,
    open_instance,
    publish_and_review,
    sync_partitions,
)
from pipeline.resources import JixiaoResource
from support.net import free_port

SAMPLE = Path(__file__).parent / "fixtures" / "samples" / "ebian-2024-dept-self-eval.txt"
CHROMIUM = "/usr/bin/chromium"
BROKEN = "广州 部门预算[2024].pdf"
# 13 pages, read with a limit of 2: partial.
PARTIAL = "嘉峪关 2021 部门整体支出绩效自评报告.pdf"
PARTIAL_SAMPLE = SAMPLE.with_name("jiayuguan-2021-dept-self-eval.pdf")
# Where the browser test also saves its screenshots (besides the test's temp dir), if set.
SHOTS_ENV = "JIXIAO_UI_SHOTS"

LATEST_MATERIALIZATION = """
query Latest($key: [String!]!) {
  assetOrError(assetKey: {path: ["documents"]}) {
    ... on Asset {
      assetMaterializations(partitions: $key, limit: 1) {
        partition
        metadataEntries {
          label
          ... on MarkdownMetadataEntry { mdStr }
          ... on IntMetadataEntry { intValue }
          ... on BoolMetadataEntry { boolValue }
        }
      }
    }
  }
}
"""


def graphql(port: int, query: str, variables: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def twice_extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, str]:
    root = tmp_path_factory.mktemp("ui")
    raw, curated, home = root / "raw", root / "curated", root / "home"
    raw.mkdir()
    target = raw / SAMPLE.name
    shutil.copy(SAMPLE, target)
    resource = JixiaoResource(raw_root=str(raw), curated_root=str(curated))
    instance = open_instance(home)
    key = partition_key(SAMPLE.name)
    sync_partitions(instance, add=[key], delete=[])
    assert materialize_one(instance, resource, key).success
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("结转结余5.18万元", "结转结余6.18万元"), encoding="utf-8")
    assert materialize_one(instance, resource, key).success
    # A document nothing can be read from, and the steward's list after both.
    (raw / BROKEN).write_bytes(b"%PDF-1.4\n1 0 obj\n")  # truncated: no %%EOF
    sync_partitions(instance, add=[partition_key(BROKEN)], delete=[])
    [outcome] = materialize_documents(instance, resource, [partition_key(BROKEN)])
    assert not outcome.success  # its partition's materialisation fails
    shutil.copy(PARTIAL_SAMPLE, raw / PARTIAL)
    sync_partitions(instance, add=[partition_key(PARTIAL)], delete=[])
    first_pages = JixiaoResource(
        raw_root=str(raw), curated_root=str(curated), read={"max_pages": 2}
    )
    [outcome] = materialize_documents(instance, first_pages, [partition_key(PARTIAL)])
    assert not outcome.success  # partial: its partition's materialisation fails too
    assert publish_and_review(instance, resource).success
    instance.dispose()
    return raw, curated, home, key


@pytest.fixture(scope="module")
def webserver(twice_extracted: tuple[Path, Path, Path, str]) -> Iterator[tuple[int, str, Path]]:
    raw, curated, home, key = twice_extracted
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "JIXIAO_RAW_ROOT": str(raw),
        "JIXIAO_CURATED_ROOT": str(curated),
    }
    log = home / "webserver.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dagster_webserver",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-m",
                "pipeline.definitions",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(port, server, log)
            yield port, key, home
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def wait_until_serving(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"webserver exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail("webserver did not answer within 90 s")


def test_ui_serves_the_diff_of_the_latest_extraction(webserver: tuple[int, str, Path]) -> None:
    port, key, _ = webserver
    answer = graphql(port, LATEST_MATERIALIZATION, {"key": [key]})

    materializations = answer["data"]["assetOrError"]["assetMaterializations"]  # type: ignore[index]
    assert [m["partition"] for m in materializations] == [key]
    entries = {e["label"]: e for e in materializations[0]["metadataEntries"]}
    diff = entries["diff"]["mdStr"]
    assert "| carryover_wan | 5.18 | 6.18 |" in diff
    assert "| value_wan | 5.18 | 6.18 | 2024年部门财政资金结转结余6.18万元。 |" in diff
    assert entries["diff/values_changed"]["intValue"] >= 1
    assert entries["diff/rows_changed"]["intValue"] >= 1


def test_asset_page_renders_in_a_headless_browser(
    webserver: tuple[int, str, Path], tmp_path: Path
) -> None:
    # The page itself is a JS app; the screenshot is the evidence a person can look at.
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/ensure-test-services.sh installs it)")
    port, _, _ = webserver
    shot = tmp_path / "documents-asset.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--window-size=1400,900",
            "--virtual-time-budget=15000",
            f"--screenshot={shot}",
            f"http://127.0.0.1:{port}/assets/documents",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 10_000


def _dismiss_welcome(page) -> None:  # type: ignore[no-untyped-def]
    """The first visit may open Dagster's community dialog over the page."""
    with contextlib.suppress(Exception):
        page.get_by_role("button", name="Skip").click(timeout=10_000)


def _partition_row(page, source_path: str):  # type: ignore[no-untyped-def]
    """The partition's row in the list (a long key is shown cut in the middle, its hash whole)."""
    digest = partition_key(source_path).rpartition("~")[2]
    return page.get_by_text(digest).filter(visible=True).first


def test_a_steward_finds_a_document_by_name_sees_it_failed_and_opens_the_review_list(
    webserver: tuple[int, str, Path], tmp_path: Path
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/ensure-test-services.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    port, _, _ = webserver
    shots = [tmp_path, *([Path(os.environ[SHOTS_ENV])] if os.environ.get(SHOTS_ENV) else [])]

    def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
        for folder in shots:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / name))

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(90_000)
            page.goto(f"http://127.0.0.1:{port}/assets/documents?view=partitions")
            _dismiss_welcome(page)
            shoot(page, "documents-partitions.png")
            search = page.get_by_placeholder("Filter by name…")
            search.fill("部门预算")
            _partition_row(page, BROKEN).click()
            sync_api.expect(page.get_by_text("did not materialize this asset")).to_be_visible()
            shoot(page, "failed-document-partition.png")

            # A partial document (2 of its 13 pages read) is not green either.
            search.fill("嘉峪关 2021 部门整体")  # the file name as written, spaces included
            _partition_row(page, PARTIAL).click()
            sync_api.expect(page.get_by_text("did not materialize this asset")).to_be_visible()
            shoot(page, "partial-document-partition.png")

            page.goto(f"http://127.0.0.1:{port}/assets/documents_needing_review")
            _dismiss_welcome(page)
            sync_api.expect(page.get_by_text("file is truncated").first).to_be_visible()
            sync_api.expect(page.get_by_text("read the first 2 of 13 pages").first).to_be_visible()
            shoot(page, "documents-needing-review.png")
        finally:
            browser.close()
