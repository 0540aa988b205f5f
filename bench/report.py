"""The benchmark's results as Markdown, and the goals of issue 8 they meet or miss."""

from __future__ import annotations

from typing import Any

from bench.baselines import BASELINES
from bench.readers import reader_table

EXTRACT_1, EXTRACT_2, CORE = "jixiao extract", "jixiao extract, 2 workers", "jixiao core"
TXT_GOAL = (
    "TXT `jixiao extract` / read file: out of reach, a parser cannot run at half the speed "
    "of reading the file"
)


def to_markdown(results: dict[str, Any]) -> str:
    lines = [f"# jixiao benchmark ({'quick' if results['quick'] else 'full'})", ""]
    m = results["machine"]
    lines.append(
        f"Machine: {m['cpus']} CPUs ({m['cpu_model'] or 'unknown'}), Python {m['python']}; "
        f"load average {m['load_average_at_start']:.1f} at start, {m['load_average_at_end']:.1f} at end; "
        f"{results['total_s']:.0f} s in all, {results['date']}."
    )
    lines += _throughput(results) + reader_table(results.get("readers", {})) + _scaling(results)
    lines += ["", "## Goals", "", "| goal | measured | target | met |", "|---|---:|---:|---|"]
    for label, value, target, met in goals(results):
        lines.append(f"| {label} | {value} | {target} | {met} |")
    if results["skipped"]:
        lines += [
            "",
            "Skipped to stay within the time budget: " + "; ".join(results["skipped"]) + ".",
        ]
    lines += [
        "",
        "`jixiao extract` is the CLI (one Dagster run per batch of documents, 1 or 2 worker "
        "processes) on a Dagster home that already exists, as a user's does after the first "
        "run; `core` is `process_file` per document without Dagster "
        "(`python -m bench.core`; 1 worker in the throughput table), a reference for what "
        "orchestration costs. "
        "Rates include process start-up.",
    ]
    return "\n".join(lines) + "\n"


def _throughput(results: dict[str, Any]) -> list[str]:
    speed: dict[str, dict[str, Any]] = results.get("speed", {})
    lines = [
        "",
        "## Throughput (same files, same run)",
        "",
        "| kind | docs | units | baseline | baseline /s | extract /s | ratio "
        "| extract, 2 workers /s | ratio | core /s | core ratio |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, row in speed.items():
        unit = "pages" if kind == "pdf" else "docs"
        for name, _ in BASELINES[kind]:
            cells = [kind, str(row["documents"]), f"{row['units']} {unit}", name]
            cells.append(f"{row[name]:.1f}")
            for column in (EXTRACT_1, EXTRACT_2, CORE):
                cells += [f"{row[column]:.3g}", f"{row[column] / row[name]:.3g}"]
            lines.append("| " + " | ".join(cells) + " |")
    if speed:
        lines += [
            "",
            f"Instance set-up (the first `jixiao extract` on a new Dagster home, one TXT "
            f"document; not in the rates above): {results['instance_set_up_s']:.1f} s. "
            "Core start-up (imports and jieba's dictionaries, once per process): "
            + ", ".join(f"{kind} run {row['start-up s']:.1f} s" for kind, row in speed.items())
            + ".",
        ]
    return lines


def _scaling(results: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Scaling",
        "",
        "| path | kind | docs | workers | wall s | per doc s | peak memory MB (all processes) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results.get("scaling", []):
        lines.append(
            f"| {r['path']} | {r['kind']} | {r['documents']} | {r['workers']} | {r['wall_s']:.1f} "
            f"| {r['per_doc_s']:.3f} | {r['peak_rss_mb']:.0f} |"
        )
    growth = per_doc_growth(results.get("scaling", []))
    if growth:
        lines += [
            "",
            "Per-document time, largest corpus / next size down (1 worker): "
            + ", ".join(f"{series} {ratio:.2f}" for series, ratio in growth.items())
            + ".",
        ]
    return lines


def goals(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(goal, measured, target, met) for each goal of issue 8 that this run measured."""

    def row(
        label: str, value: float | None, target: float, higher: bool, fmt: str
    ) -> tuple[str, str, str, str]:
        if value is None:
            return (label, "not measured", f"{target:{fmt}}", "?")
        met = value >= target if higher else value < target
        return (
            label,
            f"{value:{fmt}}",
            f"{'≥' if higher else '<'} {target:{fmt}}",
            "yes" if met else "no",
        )

    growth = {
        series: ratio
        for series, ratio in per_doc_growth(results.get("scaling", [])).items()
        if series.startswith("extract ")
    }
    worst = max(growth, key=growth.__getitem__, default=None)
    txt = row(TXT_GOAL, results.get("txt_vs_baseline"), 0.5, True, ".2g")
    return [
        row(
            "PDF `jixiao extract` / naive pdfplumber", results.get("pdf_vs_naive"), 3.0, True, ".2f"
        ),
        row(
            "PDF `jixiao extract`, 2 workers / naive pdfplumber",
            results.get("pdf_vs_naive_workers2"),
            3.0,
            True,
            ".2f",
        ),
        row(
            "DOCX `jixiao extract` / python-docx", results.get("docx_vs_baseline"), 0.5, True, ".3f"
        ),
        row(
            "DOCX `jixiao extract`, 2 workers / python-docx",
            results.get("docx_vs_baseline_workers2"),
            0.5,
            True,
            ".3f",
        ),
        (*txt[:3], "no (unreachable)" if txt[3] == "no" else txt[3]),
        row(
            f"2 workers / 1 worker, `jixiao extract`, {results.get('workers2_speedup_documents')} TXT docs",
            results.get("workers2_speedup"),
            1.7,
            True,
            ".2f",
        ),
        *(
            row(
                f"2 workers / 1 worker, `jixiao extract`, throughput corpus of {kind.upper()}",
                speedup,
                1.7,
                True,
                ".2f",
            )
            for kind, speedup in results.get("workers2_speedup_by_kind", {}).items()
        ),
        row(
            f"unchanged re-run of {results.get('rerun_documents')} docs, s",
            results.get("rerun_unchanged_s"),
            5.0,
            False,
            ".1f",
        ),
        row(
            "documents parsed by the unchanged re-run",
            results.get("rerun_unchanged_parsed"),
            1,
            False,
            ".0f",
        ),
        row(
            f"per-doc time of `jixiao extract`, largest / next corpus size (worst: {worst})",
            growth.get(worst) if worst else None,
            1.25,
            False,
            ".2f",
        ),
        row(
            f"peak memory MB of the whole run (all processes, PSS), "
            f"{results.get('big_pdf_pages')}-page PDF",
            results.get("peak_rss_mb_big_pdf"),
            1024,
            False,
            ".0f",
        ),
    ]


def per_doc_growth(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Per series ("path kind"), per-document time of the largest corpus over the next size
    down, with 1 worker; series measured at one size only are left out.

    For core, after start-up where known: at 10 documents start-up is most of the
    per-document time, which would make any later size look flat.
    """
    by_series: dict[str, list[tuple[int, float]]] = {}
    for r in rows:
        if r["workers"] == 1:
            per_doc = r.get("per_doc_after_start_up_s") or r["per_doc_s"]
            by_series.setdefault(f"{r['path']} {r['kind']}", []).append((r["documents"], per_doc))
    return {
        series: s[-1][1] / s[-2][1]
        for series, s in ((name, sorted(points)) for name, points in by_series.items())
        if len(s) > 1
    }
