"""How much of each measurement a benchmark run does: the full run and the quick one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """How much of each measurement a run does."""

    speed_docs: dict[str, int]  # documents per kind in the throughput corpus
    extract_sizes: dict[str, tuple[int, ...]]  # scaling of `jixiao extract`, per kind
    core_sizes: dict[str, tuple[int, ...]]  # scaling without Dagster, per kind (a reference)
    speedup_docs: int  # TXT corpus for 1 vs 2 workers
    rerun_docs: int
    big_pdf_pages: int
    budget_s: float  # steps that would not fit are skipped and say so
    best_of: int  # repeats of the cheap measurements; the fastest is the least disturbed
    reader_repeats: int = 10  # reads of each file in the readers table (the best counts)


# Seconds per document and worker of `jixiao extract`, for the budget until a series has
# measured its own; a little pessimistic so that the full run stays near its budget.
PER_DOC_ESTIMATE_S = {"txt": 0.2, "docx": 0.2, "pdf": 0.3}
CORE_PER_DOC_ESTIMATE_S = 0.1  # the same without Dagster
SET_UP_ESTIMATE_S = 6.0  # a first `jixiao extract` on a new Dagster home, one TXT document

FULL = Sizes(
    speed_docs={"pdf": 100, "docx": 100, "txt": 100},
    extract_sizes={"txt": (10, 100, 1000), "docx": (10, 100, 1000), "pdf": (10, 100, 300)},
    core_sizes={"txt": (10, 100, 1000)},
    speedup_docs=100,
    rerun_docs=1000,
    big_pdf_pages=300,
    budget_s=1800.0,
    best_of=2,
)
# Small enough that every step runs: what it proves is that the benchmark works.
QUICK = Sizes(
    speed_docs={"pdf": 2, "docx": 2, "txt": 3},
    extract_sizes={"txt": (4, 8)},
    core_sizes={"txt": (8,)},
    speedup_docs=8,
    rerun_docs=8,
    big_pdf_pages=30,
    budget_s=110.0,
    best_of=1,
    reader_repeats=2,
)
