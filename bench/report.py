"""The benchmark's results as Markdown, and the goals of issue 8 they meet or miss."""

from __future__ import annotations

from typing import Any

from bench.baselines import BASELINES


def to_markdown(results: dict[str, Any]) -> str:
    lines = [f"# jixiao benchmark ({'quick' if results['quick'] else 'full'})", ""]
    m = results["machine"]
    lines.append(
        f"Machine: {m['cpus']} CPUs ({m['cpu_model'] or 'unknown'}), Python {m['python']}; "
        f"load average {m['load_average_at_start']:.1f} at start, {m['load_average_at_end']:.1f} at end; "
        f"{results['total_s']:.0f} s in all, {results['date']}."
    )
    lines += ["", "## Throughput (same files, same run)", ""]
    lines.append(
        "| kind | docs | units | baseline | baseline /s | jixiao extract /s | ratio "
        "| core /s | core ratio | core after start-up /s | ratio after start-up |"
    )
    lines.append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, row in results.get("speed", {}).items():
        unit = "pages" if kind == "pdf" else "docs"
        for name, _ in BASELINES[kind]:
            lines.append(
                f"| {kind} | {row['documents']} | {row['units']} {unit} | {name} | {row[name]:.1f} "
                f"| {row['jixiao extract']:.3g} | {row['jixiao extract'] / row[name]:.3g} "
                f"| {row['jixiao core']:.3g} | {row['jixiao core'] / row[name]:.3g} "
                f"| {row['jixiao core, after start-up']:.3g} "
                f"| {row['jixiao core, after start-up'] / row[name]:.3g} |"
            )
    startup = {kind: row["start-up s"] for kind, row in results.get("speed", {}).items()}
    if startup:
        lines += [
            "",
            "Core start-up (imports and jieba's dictionaries, once per process): "
            + ", ".join(f"{kind} run {s:.1f} s" for kind, s in startup.items())
            + ".",
        ]
    lines += [
        "",
        "## Scaling",
        "",
        "| path | kind | docs | workers | wall s | per doc s | per doc after start-up s "
        "| peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results.get("scaling", []):
        steady = r.get("per_doc_after_start_up_s")
        lines.append(
            f"| {r['path']} | {r['kind']} | {r['documents']} | {r['workers']} | {r['wall_s']:.1f} "
            f"| {r['per_doc_s']:.3f} | {'' if steady is None else f'{steady:.3f}'} "
            f"| {r['peak_rss_mb']:.0f} |"
        )
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
        "`jixiao extract` is the CLI (one Dagster run per document); `core` is the runner's "
        "`process_file` per document without Dagster (`python -m bench.core`). Rates include "
        "process start-up unless marked otherwise.",
    ]
    return "\n".join(lines) + "\n"


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

    flat = [r["per_doc_s"] for r in results.get("scaling", []) if r["workers"] == 1]
    growth = _per_doc_growth(results.get("scaling", []))
    return [
        row("PDF end to end / naive pdfplumber", results.get("pdf_vs_naive"), 3.0, True, ".2f"),
        row("PDF core / naive pdfplumber", results.get("core_pdf_vs_naive"), 3.0, True, ".2f"),
        row(
            "PDF core after start-up / naive pdfplumber",
            results.get("steady_pdf_vs_naive"),
            3.0,
            True,
            ".2f",
        ),
        row("DOCX end to end / python-docx", results.get("docx_vs_baseline"), 0.5, True, ".3f"),
        row("DOCX core / python-docx", results.get("core_docx_vs_baseline"), 0.5, True, ".3f"),
        row(
            "DOCX core after start-up / python-docx",
            results.get("steady_docx_vs_baseline"),
            0.5,
            True,
            ".3f",
        ),
        row("TXT end to end / read file", results.get("txt_vs_baseline"), 0.5, True, ".2g"),
        row("TXT core / read file", results.get("core_txt_vs_baseline"), 0.5, True, ".2g"),
        row(
            f"2 workers / 1 worker, jixiao extract, {results.get('workers2_speedup_documents')} docs",
            results.get("workers2_speedup"),
            1.7,
            True,
            ".2f",
        ),
        row(
            f"2 workers / 1 worker, core, {results.get('core_workers2_speedup_documents')} docs",
            results.get("core_workers2_speedup"),
            1.7,
            True,
            ".2f",
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
            "per-doc time, largest / next corpus size (worst series)",
            growth if flat else None,
            1.25,
            False,
            ".2f",
        ),
        row(
            f"peak RSS MB, {results.get('big_pdf_pages')}-page PDF",
            results.get("peak_rss_mb_big_pdf"),
            1024,
            False,
            ".0f",
        ),
    ]


def _per_doc_growth(rows: list[dict[str, Any]]) -> float:
    """Worst ratio of per-document time, largest corpus to the next size down (1 worker).

    After start-up where known: at 10 documents start-up is most of the per-document time,
    which would make any later size look flat.
    """
    by_series: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r in rows:
        if r["workers"] == 1:
            per_doc = r.get("per_doc_after_start_up_s") or r["per_doc_s"]
            by_series.setdefault((r["path"], r["kind"]), []).append((r["documents"], per_doc))
    growths = [s[-1][1] / s[-2][1] for s in map(sorted, by_series.values()) if len(s) > 1]
    return max(growths, default=1.0)
