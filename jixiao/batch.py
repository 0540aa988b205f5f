"""Many documents through `process_file`, a few at a time, results as they finish.

One Dagster run extracts a batch of document partitions; this is its engine, without Dagster.
Each of ``workers`` threads drives its own isolated worker process (`IsolatedExtractor`:
memory cap, time limit, crash containment) that reads, writes, diffs and checks a document,
so documents are processed in parallel while the caller records the finished ones. The
manifest is read once per batch, not once per document. A document whose processing raises (a bug in jixiao, not a
bad file: bad files come back as `failed` outcomes) is returned as the exception, and the
other documents go on.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.runner import Outcome, RawFile, process_file
from jixiao.store import CuratedStore, Manifest

if TYPE_CHECKING:
    from extractors.settings import ReadSettings
    from jixiao.isolation import IsolatedExtractor

IN_FLIGHT_PER_WORKER = 2  # enough to keep every worker busy; bounds the finished-but-unread
# Past a few workers the process recording the finished documents (about 45 ms each in
# Dagster's event log) is the bottleneck, and every worker holds its own heap.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """One worker per CPU this process may run on, at most `MAX_DEFAULT_WORKERS`."""
    return max(1, min(MAX_DEFAULT_WORKERS, len(os.sched_getaffinity(0))))


@dataclass(frozen=True)
class BatchItem:
    raw: RawFile
    outcome: Outcome | None
    error: BaseException | None = None


def process_batch(
    files: Sequence[RawFile],
    raw_root: Path,
    store: CuratedStore,
    settings: ReadSettings | None = None,
    *,
    workers: int = 1,
    isolate: bool = True,
) -> Iterator[BatchItem]:
    """Every file processed; items in the order they finish, never more than a few waiting."""
    workers = max(1, min(workers, len(files)))
    manifest = store.load_manifest()
    with ExitStack() as stack:
        extractors: queue.SimpleQueue[IsolatedExtractor | None] = queue.SimpleQueue()
        for _ in range(workers):
            extractors.put(stack.enter_context(_new_extractor()) if isolate else None)

        def one(raw: RawFile) -> Outcome:
            known: Manifest = (
                {raw.source_path: manifest[raw.source_path]} if raw.source_path in manifest else {}
            )
            extractor = extractors.get()
            try:
                if extractor is None:
                    return process_file(raw, raw_root, store, settings, manifest=known)
                return extractor.process(raw, raw_root, store, settings, known)
            finally:
                extractors.put(extractor)

        pool = stack.enter_context(ThreadPoolExecutor(workers, thread_name_prefix="jixiao"))
        pending: dict[Future[Outcome], RawFile] = {}
        todo = iter(files)
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER:
                raw = next(todo, None)
                if raw is None:
                    break
                pending[pool.submit(one, raw)] = raw
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f].source_path):
                raw = pending.pop(future)
                error = future.exception()
                yield BatchItem(raw, None if error else future.result(), error)


def _new_extractor() -> IsolatedExtractor:
    from jixiao.isolation import IsolatedExtractor

    return IsolatedExtractor()
