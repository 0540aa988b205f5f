"""jixiao's own work without Dagster: plan, then ``process_file`` per stale file, N processes.

Run as ``python -m bench.core RAW OUT --workers N``; prints one JSON line with the timings.
It calls the same functions as the Dagster asset (``jixiao.processing``), so the difference between
this and ``jixiao extract`` is what the orchestration costs per document.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

STARTED = time.perf_counter()

from jixiao.processing import process_file  # noqa: E402
from jixiao.runner import RawFile, plan, scan_raw  # noqa: E402
from jixiao.store import CuratedStore  # noqa: E402
from parsers.tokenize import pos_tokenizer  # noqa: E402

IMPORTED = time.perf_counter()


def _process(raw: RawFile, raw_root: Path, out: Path) -> str:
    return process_file(raw, raw_root, CuratedStore(out)).result.document.status


def run(raw_root: Path, out: Path, workers: int) -> dict[str, float | int]:
    # jieba's dictionaries, loaded before the workers fork so they share one copy: start-up
    # paid once per run, not once per worker or inside the first document's time.
    pos_tokenizer()
    warmed = time.perf_counter()
    store = CuratedStore(out)
    todo = plan(scan_raw(raw_root), store.load_manifest())
    planned = time.perf_counter()
    if workers <= 1:
        statuses = [_process(raw, raw_root, out) for raw in todo.stale]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_process, raw, raw_root, out) for raw in todo.stale]
            statuses = [f.result() for f in futures]
    done = time.perf_counter()
    return {
        "import_s": IMPORTED - STARTED,
        "warm_s": warmed - IMPORTED,
        "plan_s": planned - warmed,
        "extract_s": done - planned,
        "documents": len(statuses),
        "failed": sum(s == "failed" for s in statuses),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.core")
    parser.add_argument("raw", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.raw.resolve(), args.out.resolve(), args.workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
