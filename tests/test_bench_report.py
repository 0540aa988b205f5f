"""The benchmark's arithmetic and its Markdown (no timing here: the numbers are given)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.estimate import estimate_wall
from bench.report import goals, per_doc_growth, to_markdown
from bench.run import EXTRACT, headline


def _speed_row(documents: int, units: int, baselines: dict[str, float]) -> dict[str, Any]:
    return {
        "documents": documents,
        "units": units,
        **baselines,
        "jixiao extract": units / 40.0,
        "jixiao extract, 2 workers": units / 25.0,
        "jixiao core": units / 12.0,
        "jixiao core, after start-up": units / 10.0,
        "start-up s": 1.7,
    }


SPEED = {
    "txt": _speed_row(100, 100, {"read file": 12000.0}),
    "docx": _speed_row(100, 100, {"python-docx": 10.0}),
    "pdf": _speed_row(
        100, 1200, {"naive pdfplumber": 25.0, "bare pdfplumber": 30.0, "PDFium text": 750.0}
    ),
}


def _scaling_row(path: str, kind: str, documents: int, workers: int, wall_s: float) -> dict:
    return {
        "path": path,
        "kind": kind,
        "documents": documents,
        "workers": workers,
        "wall_s": wall_s,
        "per_doc_s": wall_s / documents,
        "per_doc_after_start_up_s": None,
        "peak_rss_mb": 290.0,
    }


SCALING = [
    _scaling_row("extract", "txt", 10, 1, 8.0),
    _scaling_row("extract", "txt", 10, 2, 9.0),
    _scaling_row("extract", "txt", 100, 1, 26.0),
    _scaling_row("extract", "txt", 100, 2, 16.0),
    _scaling_row("extract", "txt", 1000, 1, 210.0),
    _scaling_row("extract", "pdf", 100, 1, 36.0),
    _scaling_row("extract", "pdf", 300, 1, 99.0),
]


def _results() -> dict[str, Any]:
    results: dict[str, Any] = {
        "quick": False,
        "machine": {
            "cpus": 2,
            "cpu_model": "AMD EPYC",
            "python": "3.11.7",
            "load_average_at_start": 1.0,
            "load_average_at_end": 1.2,
        },
        "total_s": 1700.0,
        "date": "2026-11-23 22:00 UTC",
        "skipped": [],
        "speed": SPEED,
        "instance_set_up_s": 5.5,
        "scaling": SCALING,
        "workers2_speedup": 26.0 / 16.0,
        "workers2_speedup_documents": 100,
        "rerun_documents": 1000,
        "rerun_unchanged_s": 0.9,
        "rerun_unchanged_parsed": 0,
        "big_pdf_pages": 300,
        "peak_rss_mb_big_pdf": 293.0,
    }
    results.update(headline(SPEED, EXTRACT[1]))
    results.update({f"{k}_workers2": v for k, v in headline(SPEED, EXTRACT[2]).items()})
    return results


def test_headline_ratios_divide_the_jixiao_column_by_each_baseline():
    ratios = headline(SPEED, "jixiao extract")

    assert ratios["pdf_pages_per_s"] == pytest.approx(1200 / 40)
    assert ratios["pdf_vs_naive"] == pytest.approx(30 / 25)
    assert ratios["pdf_vs_pdfium"] == pytest.approx(30 / 750)
    assert ratios["docx_vs_baseline"] == pytest.approx(2.5 / 10)


def test_without_runs_the_estimate_is_the_prior_cost_per_document():
    assert estimate_wall([], 1000, prior_per_doc_s=0.2) == pytest.approx(200.0)


def test_one_run_gives_the_fixed_cost_and_the_prior_the_slope():
    # 10 documents in 8 s at a prior 0.2 s each: 6 s of fixed cost, not 0.8 s per document
    assert estimate_wall([(10, 8.0)], 100, prior_per_doc_s=0.2) == pytest.approx(26.0)


def test_two_runs_give_the_slope_between_the_two_largest():
    walls = [(10, 8.0), (100, 26.0)]

    assert estimate_wall(walls, 1000, prior_per_doc_s=0.5) == pytest.approx(6.0 + 0.2 * 1000)


def test_a_second_run_faster_than_the_first_still_costs_something_per_document():
    assert estimate_wall([(10, 9.0), (100, 8.5)], 1000, prior_per_doc_s=0.2) > 8.5


def test_per_doc_growth_compares_the_largest_corpus_with_the_next_size_at_one_worker():
    growth = per_doc_growth(SCALING)

    assert growth == pytest.approx({"extract txt": 0.21 / 0.26, "extract pdf": 0.33 / 0.36})


def test_per_doc_growth_of_core_uses_the_time_after_start_up_where_known():
    rows = [
        {**_scaling_row("core", "txt", 100, 1, 9.4), "per_doc_after_start_up_s": 0.075},
        {**_scaling_row("core", "txt", 1000, 1, 78.2), "per_doc_after_start_up_s": 0.076},
    ]

    assert per_doc_growth(rows) == pytest.approx({"core txt": 0.076 / 0.075})


def test_txt_goal_row_says_the_target_is_out_of_reach_and_keeps_the_number():
    txt = next(g for g in goals(_results()) if g[0].startswith("TXT"))

    assert "cannot" in txt[0]
    assert txt[1] == f"{2.5 / 12000:.2g}"
    assert txt[3] == "no (unreachable)"


def test_goal_table_has_the_two_worker_pdf_ratio():
    pdf2 = next(g for g in goals(_results()) if g[0].startswith("PDF `jixiao extract`, 2 workers"))

    assert pdf2[1:] == (f"{1200 / 25 / 25:.2f}", "≥ 3.00", "no")


def test_goal_table_has_a_two_worker_speed_up_per_kind():
    results = {**_results(), "workers2_speedup_by_kind": {"txt": 1.1, "pdf": 1.6}}
    rows = {g[0]: g[1:] for g in goals(results) if "throughput corpus" in g[0]}

    assert rows == {
        "2 workers / 1 worker, `jixiao extract`, throughput corpus of TXT": (
            "1.10",
            "≥ 1.70",
            "no",
        ),
        "2 workers / 1 worker, `jixiao extract`, throughput corpus of PDF": (
            "1.60",
            "≥ 1.70",
            "no",
        ),
    }


def test_per_doc_goal_names_the_worst_extract_series():
    flat = next(g for g in goals(_results()) if g[0].startswith("per-doc time"))

    assert "extract pdf" in flat[0]
    assert flat[1:] == (f"{0.33 / 0.36:.2f}", "< 1.25", "yes")


def test_markdown_shows_both_worker_counts_and_the_instance_set_up():
    markdown = to_markdown(_results())

    assert "| extract /s | ratio | extract, 2 workers /s | ratio | core /s |" in markdown
    assert "| pdf | 100 | 1200 pages | naive pdfplumber | 25.0 | 30 | 1.2 | 48 | 1.92 |" in markdown
    assert "Dagster home, one TXT document; not in the rates above): 5.5 s" in markdown


def test_reader_speed_is_measured_for_every_format(tmp_path) -> None:
    from bench.readers import reader_speed

    speed = reader_speed(tmp_path, repeats=1)
    assert set(speed) == {"pdf", "docx", "txt", "html", "xlsx"}
    assert all(row["tables"] == 3 and row["read_ms"] > 0 for row in speed.values())
