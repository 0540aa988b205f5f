"""The run report: static HTML with inline charts, the Markdown summary, a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_publish import JIAYUGUAN, KNOWN_ROWS, write_curated

from jixiao import __version__, report
from jixiao.publish import REPORT_FILE, publish
from jixiao.report import CHARTS, write_report

CHROMIUM = Path("/usr/bin/chromium")
CHART_IDS = [f"chart-{key}" for key, _, _ in CHARTS]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    curated = write_curated(root / "curated", KNOWN_ROWS)
    return publish(curated, root / "published", report=write_report).out


@pytest.fixture(scope="module")
def page(published: Path) -> str:
    return (published / REPORT_FILE).read_text("utf-8")


def _figures(page: str) -> dict[str, str]:
    found = re.findall(r'<figure class="chart" id="([^"]+)">(.*?)</figure>', page, re.S)
    return dict(found)


def test_report_header_names_when_from_where_and_which_version(published: Path, page: str) -> None:
    header = page[page.index('<dl class="run">') : page.index("</dl>")]
    assert re.search(r"<dt>generated</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</dd>", header)
    assert f"<dd>{(published.parent / 'curated').resolve()}</dd>" in header
    assert f"<dt>jixiao</dt><dd>{__version__}</dd>" in header


def test_report_lists_each_missed_target_with_its_figures_and_source(page: str) -> None:
    # mianzhu's 项目完成成本: target ≥45万元, 21.74万元 spent.
    section = page[page.index("Indicators that missed") : page.index("<h2>Errors")]
    assert "<td>项目完成成本</td><td>≥45万元</td><td>21.74万元</td>" in section
    assert '<a href="../raw/mianzhu-2020-final-accounts.txt">' in section


def test_every_document_and_error_row_links_to_its_raw_file(page: str) -> None:
    coverage = page[page.index("Coverage per document") : page.index("Department and year")]
    assert '<td><a href="../raw/mianzhu-2020-final-accounts.txt">' in coverage
    errors = page[page.index("<h2>Errors") :]
    assert '<td><a href="../raw/broken.pdf">broken.pdf</a></td>' in errors


def test_a_link_to_a_raw_file_is_percent_encoded() -> None:
    link = report._source_link("峨边/2024 报告#1.pdf", 3)
    assert link == (
        '<a href="../raw/%E5%B3%A8%E8%BE%B9/2024%20%E6%8A%A5%E5%91%8A%231.pdf#page=3">'
        "峨边/2024 报告#1.pdf p.3</a>"
    )


def test_an_execution_rate_above_150_percent_is_flagged_implausible() -> None:
    assert report._rate(1.62).endswith("implausible (> 150%)")
    assert report._rate(0.93) == "93.00%"


def test_report_has_every_chart_as_inline_svg(page: str) -> None:
    figures = _figures(page)
    assert list(figures) == CHART_IDS
    assert all("<svg" in body for body in figures.values())


def test_report_loads_nothing_from_outside(page: str) -> None:
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"""(src|href)=["'](https?:|//)""", page)
    assert "url(http" not in page


def test_execution_chart_labels_each_department_year_with_its_rate(page: str) -> None:
    chart = _figures(page)["chart-execution"]
    assert "嘉峪关市医疗保障局 2021" in chart
    assert "99.6%" in chart
    # fengnan's rate is not stated, so the bar says it was computed (9968.66 / 10710.15).
    assert "93.1% (computed)" in chart


def test_indicator_chart_names_the_first_level_indicators(page: str) -> None:
    chart = _figures(page)["chart-indicators"]
    assert "项目完成指标" in chart and "产出指标" in chart


def test_markdown_summary_has_the_department_year_figures(published: Path) -> None:
    markdown = write_report(published)
    assert "| 嘉峪关市医疗保障局 | 2021 | 753.6 | 750.6 | 99.60% | 98 | 良 |" in markdown
    assert "| broken.pdf | read | CorruptFile | not a PDF file |" in markdown


def test_coverage_counts_sections_amounts_indicators_and_errors(published: Path) -> None:
    markdown = write_report(published)
    assert "| jiayuguan-2021-dept-self-eval.txt | ok | 2 | 0 | 2 | 0 |" in markdown
    assert "| broken.pdf | failed | 0 | 0 | 0 | 1 |" in markdown


def test_report_without_data_still_shows_every_chart(tmp_path: Path) -> None:
    out = publish(tmp_path / "nothing", tmp_path / "published", report=write_report).out
    figures = _figures((out / REPORT_FILE).read_text("utf-8"))
    assert list(figures) == CHART_IDS
    assert all(report.NO_DATA in body for body in figures.values())


def test_report_renders_without_a_cjk_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "cjk_font_family", lambda: None)
    curated = write_curated(tmp_path / "curated", {JIAYUGUAN: KNOWN_ROWS[JIAYUGUAN]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing-glyph warning would fail here
        out = publish(curated, tmp_path / "published", report=write_report).out
    assert "嘉峪关市医疗保障局" in (out / REPORT_FILE).read_text("utf-8")


def test_execution_chart_of_many_department_years_shows_the_lowest_rates() -> None:
    rows = tuple(
        report.DepartmentYear(
            f"县{i:03d}医疗保障局", 2023, None, None, 0.5 + i / 100, "stated", None, None, 1
        )
        for i in range(report.MAX_BARS + 10)
    )
    data = report.ReportData((), (), rows, (), (), ())
    with report.chart_style():
        svg = report.to_svg(report.execution_chart(data))
    assert f"the {report.MAX_BARS} lowest of {report.MAX_BARS + 10}" in svg
    assert "县000医疗保障局 2023" in svg
    assert f"县{report.MAX_BARS + 9:03d}医疗保障局" not in svg


def test_published_asset_carries_the_summary_as_markdown(tmp_path: Path) -> None:
    from dagster import DagsterInstance, materialize

    from pipeline.published import PublishConfig, published_assets
    from pipeline.resources import JixiaoResource

    curated = write_curated(tmp_path / "curated", {JIAYUGUAN: KNOWN_ROWS[JIAYUGUAN]})
    result = materialize(
        published_assets,
        resources={"jixiao": JixiaoResource(curated_root=str(curated))},
        run_config={"ops": {"published": {"config": {}}}},
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    metadata = result.asset_materializations_for_node("published")[0].metadata
    assert "| 嘉峪关市医疗保障局 | 2021 |" in metadata["summary"].value
    assert (tmp_path / "published" / REPORT_FILE).is_file()
    assert PublishConfig().published_root == ""


# -- a real browser --------------------------------------------------------------------


@dataclass(frozen=True)
class PageLoad:
    errors: list[str]
    charts: list[dict[str, Any]]


CHART_PROBE = """JSON.stringify(Array.from(document.querySelectorAll('figure.chart')).map(f => {
  const svg = f.querySelector('svg');
  const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const style = svg ? getComputedStyle(svg) : {display: 'none', visibility: 'hidden'};
  return {id: f.id, width: r.width, height: r.height,
          shown: style.display !== 'none' && style.visibility !== 'hidden',
          marks: svg ? svg.querySelectorAll('path, rect, use').length : 0};
}))"""


class DevTools:
    """The few DevTools-protocol calls the test needs, over one page's websocket."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        if any(e.get("method") == method for e in self.events):
            return
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            self.events.append(message)
            if message.get("method") == method:
                return
        raise TimeoutError(method)

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.events.append(json.loads(self.ws.recv(timeout=left)))
            except TimeoutError:
                return

    def load(self, url: str) -> PageLoad:
        self.events.clear()
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.drain(0.5)
        probe = self.call("Runtime.evaluate", expression=CHART_PROBE, returnByValue=True)
        return PageLoad(errors=_errors(self.events), charts=json.loads(probe["result"]["value"]))


def _errors(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(
                " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            )
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append(params["entry"].get("text", "error"))
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    pytest.importorskip("websockets", reason="the websockets package is needed to drive it")
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = _devtools_port(profile / "DevToolsActivePort", process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            targets = json.load(reply)
        url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")
        from websockets.sync.client import connect

        with connect(url, max_size=None, open_timeout=20) as ws:
            yield DevTools(ws)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


def _devtools_port(path: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if path.is_file() and (lines := path.read_text().splitlines()):
            return int(lines[0])
        if process.poll() is not None:
            pytest.fail(f"Chromium exited with {process.returncode} before opening DevTools")
        time.sleep(0.1)
    pytest.fail("Chromium did not open its DevTools port within 30 s")


@pytest.mark.slow
def test_browser_shows_every_chart_without_console_errors(
    browser: DevTools, published: Path
) -> None:
    loaded = browser.load((published / REPORT_FILE).resolve().as_uri())
    assert loaded.errors == []
    assert [c["id"] for c in loaded.charts] == CHART_IDS
    for chart in loaded.charts:
        assert chart["shown"] and chart["width"] > 200 and chart["height"] > 100, chart
        assert chart["marks"] > 5, chart


@pytest.mark.slow
def test_browser_check_catches_console_errors(browser: DevTools, tmp_path: Path) -> None:
    """The harness itself: a page that logs an error is reported as failing."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>",
        "utf-8",
    )
    loaded = browser.load(bad.as_uri())
    assert loaded.errors == ["boom"]
    assert loaded.charts == []
