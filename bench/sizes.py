"""How much of each measurement a benchmark run does: the full run and the quick one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """How much of each measurement a run does."""

    speed_docs: dict[str, int]  # documents per kind in the throughput corpus
    core_sizes: dict[str, tuple[int, ...]]  # scaling without Dagster, per kind
    cli_sizes: tuple[int, ...]  # scaling of `jixiao extract` (TXT)
    speedup_docs: int  # corpus for 1 vs 2 workers
    rerun_docs: int
    big_pdf_pages: int
    budget_s: float  # steps that would not fit are skipped and say so


FULL = Sizes(
    speed_docs={"pdf": 10, "docx": 10, "txt": 10},
    core_sizes={"txt": (10, 100, 1000), "docx": (10, 100, 1000), "pdf": (10, 100, 300)},
    cli_sizes=(10, 100),
    speedup_docs=100,
    rerun_docs=1000,
    big_pdf_pages=300,
    budget_s=1140.0,
)
QUICK = Sizes(
    speed_docs={"pdf": 2, "docx": 3, "txt": 5},
    core_sizes={"txt": (10, 20), "docx": (), "pdf": ()},
    cli_sizes=(),
    speedup_docs=20,
    rerun_docs=20,
    big_pdf_pages=30,
    budget_s=95.0,
)
