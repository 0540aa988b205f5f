"""The run report: one static HTML page with inline SVG charts, and the same summary in Markdown.

Everything comes from the published DuckDB views. Charts are matplotlib figures saved as
SVG and inlined (no external JS, CSS or fonts). Text stays text in the SVG
(``svg.fonttype = none``) so the reader's browser draws Chinese with its own CJK fonts even
when the machine that built the report has none; matplotlib only measures with them.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import urllib.parse
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import matplotlib
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.ticker import MaxNLocator, PercentFormatter

from jixiao import __version__
from jixiao.publish import DUCKDB_FILE, REPORT_FILE
from jixiao.schema import TABLE_NAMES
from jixiao.views import BUILD_TABLE

LOW_EXECUTION = 0.9  # bars under this execution rate are drawn in the warning colour
MAX_BARS = 60  # per chart: beyond this, the rows that most need a look are shown
MAX_MARKDOWN_ROWS = 50  # per table in the Dagster metadata
NO_DATA = "暂无数据 (no data yet)"

# Families tried in order for Chinese labels; the first one installed is used for measuring.
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
COLOURS = {"ok": "#4c78a8", "low": "#e45756", "hit": "#54a24b", "miss": "#e45756", "na": "#bab0ac"}
OUTCOMES = (("hit", "达成 hit"), ("miss", "未达成 miss"), ("not_comparable", "无法比较 n/a"))

QUERIES: dict[str, str] = {
    "status": "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status",
    "department_year": """
        SELECT department, fiscal_year, budget_final_wan, expenditure_wan, execution_rate,
               execution_rate_source, self_score, grade, n_documents
        FROM v_department_year ORDER BY department, fiscal_year""",
    "outcomes": """
        SELECT coalesce(level1, '（未标明）') AS level1, outcome, count(*) AS n
        FROM v_indicator_outcomes WHERE is_primary GROUP BY ALL ORDER BY level1, outcome""",
    "coverage": """
        SELECT d.source_path, d.status,
          (SELECT count(*) FROM sections s WHERE s.doc_id = d.doc_id),
          (SELECT count(*) FROM amounts a WHERE a.doc_id = d.doc_id),
          (SELECT count(*) FROM indicators i WHERE i.doc_id = d.doc_id),
          (SELECT count(*) FROM extraction_errors e WHERE e.doc_id = d.doc_id)
        FROM documents d ORDER BY d.source_path, d.doc_id""",
    "misses": """
        SELECT department, fiscal_year, coalesce(level3, level2, level1), target_raw,
               actual_raw, source_path, page
        FROM v_indicator_misses ORDER BY department, fiscal_year, source_path, page""",
    "three_public": """
        SELECT fiscal_year, sum(three_public_wan), count(*) FROM v_department_year
        WHERE three_public_wan IS NOT NULL GROUP BY fiscal_year ORDER BY fiscal_year""",
    "errors": """
        SELECT source_path, stage, error_type, message FROM extraction_errors
        ORDER BY source_path, stage""",
}


@dataclass(frozen=True)
class DepartmentYear:
    department: str
    fiscal_year: int | None
    budget_final_wan: float | None
    expenditure_wan: float | None
    execution_rate: float | None
    execution_rate_source: str | None
    self_score: float | None
    grade: str | None
    n_documents: int

    @property
    def label(self) -> str:
        return f"{self.department} {self.fiscal_year or '?'}"


@dataclass(frozen=True)
class Coverage:
    source_path: str
    status: str
    sections: int
    amounts: int
    indicators: int
    errors: int


@dataclass(frozen=True)
class ReportData:
    status_counts: tuple[tuple[str, int], ...]
    row_counts: tuple[tuple[str, int], ...]
    department_years: tuple[DepartmentYear, ...]
    outcomes: tuple[tuple[str, str, int], ...]  # (level1, outcome, n)
    coverage: tuple[Coverage, ...]
    errors: tuple[tuple[str, str, str, str], ...]
    # (department, year, indicator, target, actual, source_path, page) of each missed target
    misses: tuple[tuple[Any, ...], ...] = ()
    three_public: tuple[tuple[Any, ...], ...] = ()  # (year, 三公 total 万元, departments)
    built_at: str = ""  # when the published layer was built (UTC)
    source: str = ""  # the curated folder it was built from


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: str


def collect(con: duckdb.DuckDBPyConnection) -> ReportData:
    def rows(key: str) -> list[tuple[Any, ...]]:
        return con.execute(QUERIES[key]).fetchall()

    counts = tuple(
        (t, int(con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0])) for t in TABLE_NAMES
    )
    return ReportData(
        status_counts=tuple((str(s), int(n)) for s, n in rows("status")),
        row_counts=counts,
        department_years=tuple(DepartmentYear(*r) for r in rows("department_year")),
        outcomes=tuple((str(a), str(b), int(n)) for a, b, n in rows("outcomes")),
        coverage=tuple(Coverage(*r) for r in rows("coverage")),
        errors=tuple((str(a), str(b), str(c), str(d)) for a, b, c, d in rows("errors")),
        misses=tuple(tuple(r) for r in rows("misses")),
        three_public=tuple(tuple(r) for r in rows("three_public")),
        **_build_info(con),
    )


def _build_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """When and from which curated folder the layer was built (absent in older builds)."""
    try:
        row = con.execute(f"SELECT built_at, curated_root FROM {BUILD_TABLE}").fetchone()
    except duckdb.Error:
        return {}
    return {"built_at": f"{row[0]:%Y-%m-%d %H:%M:%S} UTC", "source": str(row[1])} if row else {}


# -- charts ------------------------------------------------------------------------------


def cjk_font_family() -> str | None:
    installed = {f.name for f in fontManager.ttflist}
    return next((name for name in CJK_FONT_FAMILIES if name in installed), None)


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """Fonts and SVG options for building and saving charts (fonts bind when text is made)."""
    family = cjk_font_family()
    fonts = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    with (
        matplotlib.rc_context(
            {"svg.fonttype": "none", "svg.hashsalt": "jixiao", "font.family": fonts}
        ),
        warnings.catch_warnings(),
    ):
        # Without a CJK font matplotlib measures Chinese with DejaVu and warns per glyph.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
        yield


def to_svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog), deterministic."""
    buf = io.StringIO()
    with chart_style():
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


def _figure(n_rows: int, width: float = 8.0) -> Figure:
    return Figure(figsize=(width, max(2.2, 0.9 + 0.32 * n_rows)), layout="constrained")


def _no_data(fig: Figure) -> None:
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, NO_DATA, ha="center", va="center", fontsize=12, color="#666")
    ax.set_axis_off()


def execution_chart(data: ReportData) -> Figure:
    rows = [r for r in data.department_years if r.execution_rate is not None]
    total = len(rows)
    if total > MAX_BARS:  # the lowest rates
        rows = sorted(rows, key=lambda r: r.execution_rate or 0.0)[:MAX_BARS]
    fig = _figure(len(rows))
    if not rows:
        _no_data(fig)
        return fig
    ax = fig.add_subplot()
    rates = [r.execution_rate or 0.0 for r in rows]
    colours = [COLOURS["low"] if v < LOW_EXECUTION else COLOURS["ok"] for v in rates]
    ax.barh([r.label for r in rows], rates, color=colours)
    ax.axvline(LOW_EXECUTION, color="#888", linestyle="--", linewidth=1)
    for y, (v, r) in enumerate(zip(rates, rows, strict=True)):
        mark = "" if r.execution_rate_source == "stated" else " (computed)"
        ax.text(v, y, f" {v:.1%}{mark}", va="center", fontsize=8)
    ax.set_xlim(0, max(1.1, max(rates) * 1.15))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.invert_yaxis()
    ax.set_xlabel("预算执行率 execution rate")
    if total > len(rows):
        ax.set_title(f"the {len(rows)} lowest of {total}", fontsize=9)
    return fig


def score_chart(data: ReportData) -> Figure:
    scores = [r.self_score for r in data.department_years if r.self_score is not None]
    fig = _figure(6)
    if not scores:
        _no_data(fig)
        return fig
    ax = fig.add_subplot()
    low = min(60, 5 * int(min(scores) // 5))
    ax.hist(scores, bins=range(low, 105, 5), color=COLOURS["ok"], edgecolor="white")
    ax.set_xlabel("自评得分 self score (one per department and year)")
    ax.set_ylabel("count")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def outcome_chart(data: ReportData) -> Figure:
    levels = sorted({level for level, _, _ in data.outcomes})
    fig = _figure(len(levels))
    if not levels:
        _no_data(fig)
        return fig
    ax = fig.add_subplot()
    counts = {(level, outcome): n for level, outcome, n in data.outcomes}
    left = [0] * len(levels)
    for (outcome, label), colour in zip(OUTCOMES, ("hit", "miss", "na"), strict=True):
        values = [counts.get((level, outcome), 0) for level in levels]
        ax.barh(levels, values, left=left, label=label, color=COLOURS[colour])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("指标数 indicators")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def coverage_chart(data: ReportData) -> Figure:
    rows = data.coverage
    total = len(rows)
    if total > MAX_BARS:  # errors first, then the documents that yielded least
        rows = tuple(
            sorted(rows, key=lambda c: (-c.errors, c.sections + c.amounts + c.indicators))[
                :MAX_BARS
            ]
        )
    fig = _figure(len(rows), width=10.0)
    if not rows:
        _no_data(fig)
        return fig
    panels: Sequence[tuple[str, Callable[[Coverage], int], str]] = (
        ("章节 sections", lambda c: c.sections, COLOURS["ok"]),
        ("金额 amounts", lambda c: c.amounts, COLOURS["ok"]),
        ("指标 indicators", lambda c: c.indicators, COLOURS["ok"]),
        ("错误 errors", lambda c: c.errors, COLOURS["low"]),
    )
    axes = fig.subplots(1, len(panels), sharey=True)
    labels = [f"{c.source_path} [{c.status}]" for c in rows]
    for ax, (title, value, colour) in zip(axes, panels, strict=True):
        values = [value(c) for c in rows]
        ax.barh(labels, values, color=colour)
        ax.set_title(title, fontsize=10)
        ax.set_xlim(0, max(1, max(values)) * 1.25)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        for y, v in enumerate(values):
            ax.text(v, y, f" {v}", va="center", fontsize=8)
    axes[0].invert_yaxis()
    if total > len(rows):
        fig.suptitle(f"{len(rows)} of {total} documents: errors first, then least found", size=9)
    return fig


CHARTS: tuple[tuple[str, str, Callable[[ReportData], Figure]], ...] = (
    ("execution", "预算执行率 per department and year", execution_chart),
    ("scores", "自评得分 score distribution", score_chart),
    ("indicators", "绩效指标 hit / miss by 一级指标 (one copy per report)", outcome_chart),
    ("coverage", "Extraction coverage per document", coverage_chart),
)


def render_charts(data: ReportData) -> tuple[Chart, ...]:
    with chart_style():
        return tuple(Chart(key, title, to_svg(build(data))) for key, title, build in CHARTS)


# -- HTML and Markdown -------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jixiao run report</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }}
figure.chart {{ margin: 1.5em 0; }} figure.chart svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: 0.9em; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }}
td.num {{ text-align: right; }}
</style></head><body>
<h1>jixiao run report</h1>
{header}
{body}
</body></html>
"""


def render_html(data: ReportData, charts: Sequence[Chart]) -> str:
    parts = [
        "<h2>Documents</h2>",
        _html_table(("status", "documents"), data.status_counts),
        _html_table(("table", "rows"), data.row_counts),
    ]
    for chart in charts:
        parts.append(
            f'<figure class="chart" id="chart-{chart.key}">'
            f"<figcaption><h2>{html.escape(chart.title)}</h2></figcaption>{chart.svg}</figure>"
        )
    parts += [
        "<h2>Coverage per document</h2>",
        _html_table(
            ("source", "status", "sections", "amounts", "indicators", "errors"),
            [
                (c.source_path, c.status, c.sections, c.amounts, c.indicators, c.errors)
                for c in data.coverage
            ],
        ),
    ]
    parts += ["<h2>Department and year</h2>", _html_table(*_department_rows(data))]
    parts += [
        "<h2>三公经费 by year</h2>",
        _html_table(
            ("year", "三公 万元", "departments"),
            [(y, _num(v), n) for y, v, n in data.three_public],
        ),
        "<h2>Indicators that missed their targets</h2>",
        _misses_html(data.misses),
    ]
    parts.append("<h2>Errors</h2>")
    if data.errors:
        parts.append(_html_table(("source", "stage", "type", "message"), data.errors))
    else:
        parts.append("<p>No extraction errors.</p>")
    return PAGE.format(header=_header(data), body="\n".join(parts))


def _header(data: ReportData) -> str:
    facts = [
        ("generated", data.built_at or "unknown"),
        ("source", data.source or "unknown"),
        ("jixiao", __version__),
    ]
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{_esc(v)}</dd>" for k, v in facts)
    return f'<dl class="run">{items}</dl>'


def render_markdown(data: ReportData) -> str:
    status = ", ".join(f"{n} {s}" for s, n in data.status_counts) or "none"
    lines = [f"**Documents:** {status}", ""]
    lines += _md_table(("table", "rows"), data.row_counts)
    lines += ["", "**Department and year**", ""]
    lines += _md_table(*_department_rows(data))
    lines += ["", "**Coverage per document**", ""]
    lines += _md_table(
        ("source", "status", "sections", "amounts", "indicators", "errors"),
        [
            (c.source_path, c.status, c.sections, c.amounts, c.indicators, c.errors)
            for c in data.coverage
        ],
    )
    if data.errors:
        lines += ["", "**Errors**", ""]
        lines += _md_table(("source", "stage", "type", "message"), data.errors)
    return "\n".join(lines) + "\n"


def _department_rows(data: ReportData) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    header = ("department", "year", "budget 万元", "spent 万元", "rate", "score", "grade")
    rows: list[tuple[object, ...]] = [
        (
            r.department,
            r.fiscal_year,
            _num(r.budget_final_wan),
            _num(r.expenditure_wan),
            _rate(r.execution_rate),
            _num(r.self_score),
            r.grade or "",
        )
        for r in data.department_years
    ]
    return header, rows


def _misses_html(misses: Sequence[tuple[Any, ...]]) -> str:
    """Each missed target with its figures and a link to the page of its source file (the
    published folder sits beside the raw one in a standard layout: ../raw/<source_path>)."""
    if not misses:
        return "<p>No indicator missed its target.</p>"
    head = "".join(
        f"<th>{h}</th>" for h in ("department", "year", "indicator", "target", "actual", "source")
    )
    rows = []
    for department, year, indicator, target, actual, source, page in misses:
        cells = "".join(
            f"<td>{_esc(c)}</td>" for c in (department, year, indicator, target, actual)
        )
        rows.append(f"<tr>{cells}<td>{_source_link(str(source), page)}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


IMPLAUSIBLE_RATE = 1.5  # an execution rate above 150 % is more likely a misread figure


def _rate(value: float | None) -> str:
    if value is None:
        return ""
    flag = " ⚠ implausible (> 150%)" if value > IMPLAUSIBLE_RATE else ""
    return f"{value:.2%}{flag}"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def _source_link(source: str, page: int | None = None) -> str:
    """A link to the raw file (the published folder sits beside the raw one in the standard
    layout: ../raw/<source_path>), at its page when known."""
    anchor = f"#page={page}" if page else ""
    href = html.escape(f"../raw/{urllib.parse.quote(source)}{anchor}", quote=True)
    where = f"{source} p.{page}" if page else source
    return f'<a href="{href}">{_esc(where)}</a>'


def _html_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A table; a column headed "source" links each row to its raw file."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>'
            if isinstance(c, int)
            else f"<td>{_source_link(str(c))}</td>"
            if name == "source"
            else f"<td>{_esc(c)}</td>"
            for name, c in zip(header, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    shown = rows[:MAX_MARKDOWN_ROWS]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in shown]
    if len(rows) > len(shown):
        lines += ["", f"… {len(rows) - len(shown)} more rows in report.html"]
    return lines


def _md_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"\s+", " ", text).replace("|", "\\|")


def _esc(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def write_report(published: Path) -> str:
    """Render ``published/report.html`` from ``published/jixiao.duckdb``; return the Markdown."""
    con = duckdb.connect(str(Path(published) / DUCKDB_FILE), read_only=True)
    try:
        data = collect(con)
    finally:
        con.close()
    (Path(published) / REPORT_FILE).write_text(render_html(data, render_charts(data)), "utf-8")
    return render_markdown(data)
