"""Many documents processed, a few at a time, results as they finish.

One Dagster run extracts a batch of document partitions; this is its engine, without Dagster.
Each of ``workers`` threads drives its own isolated worker process (`IsolatedExtractor`:
memory cap, time limit, crash containment) that reads, extracts, diffs and checks a document
(`jixiao.processing.prepare`); the thread then hands the worker on and commits the document
to the store while the worker takes the next one, so documents are processed in parallel
while the caller records the finished ones. The manifest
is read once per batch (and the store's commits only read what was appended since). Each file
comes back with its `Outcome`, or with the exception that stopped it: `FileGone` (deleted
during the run), `StoreWriteError` (the store cannot be written), or a bug in jixiao (bad
files come back as `failed` outcomes); the other documents go on.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from pathlib import Path

from jixiao.isolation import IsolatedExtractor
from jixiao.processing import Outcome, commit, prepare
from jixiao.runner import RawFile
from jixiao.settings import DEFAULT_SETTINGS, Settings
from jixiao.store import CuratedStore

IN_FLIGHT_PER_WORKER = 2  # enough to keep every worker busy; bounds the finished-but-unread
# Past a few workers the process recording the finished documents (about 45 ms each in
# Dagster's event log) is the bottleneck, and every worker holds its own heap.
MAX_DEFAULT_WORKERS = 4

# A file and what became of it: its outcome, or the exception that stopped it.
Finished = tuple[RawFile, Outcome | BaseException]


def default_workers() -> int:
    """One worker per CPU this process may run on, at most `MAX_DEFAULT_WORKERS`."""
    return max(1, min(MAX_DEFAULT_WORKERS, len(os.sched_getaffinity(0))))


def worker_count(settings: Settings) -> int:
    """Documents extracted at once: ``run.workers``, or `default_workers` when it is 0."""
    return settings.run.workers or default_workers()


def process_batch(
    files: Sequence[RawFile],
    raw_root: Path,
    store: CuratedStore,
    settings: Settings = DEFAULT_SETTINGS,
) -> Generator[Finished, None, None]:
    """Every file processed; in the order they finish, never more than a few waiting."""
    workers = max(1, min(worker_count(settings), len(files)))
    isolation, read = settings.isolation, settings.read
    manifest = store.load_manifest()
    with ExitStack() as stack:
        extractors: queue.SimpleQueue[IsolatedExtractor | None] = queue.SimpleQueue()
        for _ in range(workers):
            isolated = IsolatedExtractor(isolation) if isolation.enabled else None
            extractors.put(stack.enter_context(isolated) if isolated else None)

        def one(raw: RawFile) -> Outcome:
            previous = manifest.get(raw.source_path)
            extractor = extractors.get()
            try:
                if extractor is None:
                    outcome = prepare(raw, raw_root, store, read, previous)
                else:
                    outcome = extractor.prepare(raw, raw_root, store, read, previous)
            finally:
                extractors.put(extractor)  # the worker takes the next file while this commits
            return commit(outcome, store)

        # Threads for every document in flight: one waits on a worker while another commits.
        threads = workers * IN_FLIGHT_PER_WORKER
        pool = stack.enter_context(ThreadPoolExecutor(threads, thread_name_prefix="jixiao"))
        # A caller that stops early (the store cannot be written) gets the store as the
        # documents under way leave it: they finish, those not started never do.
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)
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
                yield raw, future.exception() or future.result()
