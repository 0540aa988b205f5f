"""Reader speed per format: ``read_document`` alone, in this process, on one report.

The same report in every format the readers take: the jiayuguan sample as PDF, DOCX and
TXT, and the DOCX rebuilt as a web page and as a workbook of its tables (the test
builders). One read first loads each reader's libraries; the best of ``repeats`` reads is
reported, the least disturbed by other work on the machine.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from extractors.dispatch import read_document
from extractors.settings import ReadSettings
from tests.format_builders import html_of, xlsx_of_tables

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "samples"
REPORT = "jiayuguan-2021-dept-self-eval"


def reader_files(work: Path) -> dict[str, Path]:
    """One file per format, all holding the same report."""
    work.mkdir(parents=True, exist_ok=True)
    files = {kind: SAMPLES / f"{REPORT}.{kind}" for kind in ("pdf", "docx", "txt")}
    doc = read_document(files["docx"].read_bytes(), files["docx"].name, ReadSettings())
    files["html"] = work / f"{REPORT}.html"
    files["html"].write_bytes(html_of(doc, charset="gbk"))
    files["xlsx"] = work / f"{REPORT}.xlsx"
    xlsx_of_tables(doc, files["xlsx"])
    return files


def reader_speed(work: Path, repeats: int) -> dict[str, dict[str, Any]]:
    """Per format: the file's size, its text and table counts, and the best read time."""
    settings = ReadSettings()
    speed: dict[str, dict[str, Any]] = {}
    for kind, path in reader_files(work).items():
        doc = read_document(path.read_bytes(), path.name, settings)  # loads the reader's libraries
        best = float("inf")
        for _ in range(max(repeats, 1)):
            started = time.perf_counter()
            read_document(path.read_bytes(), path.name, settings)
            best = min(best, time.perf_counter() - started)
        speed[kind] = {
            "bytes": path.stat().st_size,
            "chars": len(doc.text),
            "tables": sum(1 for _ in doc.tables()),
            "read_ms": best * 1000,
            "chars_per_s": len(doc.text) / best if best else 0.0,
        }
    return speed


def reader_table(speed: dict[str, dict[str, Any]]) -> list[str]:
    """The Markdown rows of the readers table (none when the step did not run)."""
    if not speed:
        return []
    lines = [
        "",
        "## Readers (`read_document` only, one report in each format)",
        "",
        "| format | bytes | characters | tables | read ms | characters /s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, row in speed.items():
        lines.append(
            f"| {kind} | {row['bytes']:,} | {row['chars']:,} | {row['tables']} "
            f"| {row['read_ms']:.1f} | {row['chars_per_s']:,.0f} |"
        )
    return lines
