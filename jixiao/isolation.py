"""One document's crash, hang or memory blow-up costs that document only.

`IsolatedExtractor` runs a document's extraction in a worker process: the parent watches the
worker's resident memory and kills it above the cap, the document's time limit (which grows
with each page the reader sends to OCR) is enforced by killing the worker, and whatever goes
wrong in there (a segfault in a C library, MemoryError, a kill) comes back as a `failed`
ExtractionResult with one error row (Timeout, WorkerCrashed, MemoryLimit).

`IsolatedExtractor.prepare` runs `jixiao.processing.prepare` in the worker (the file read
once, extracted, tabulated, diffed, checked), and a document whose worker failed gets a
failed Outcome all the same; the caller commits it in the process holding the store (a
worker never reads the manifest), `process` does both. `extract` gives the worker's
ExtractionResult alone.

The worker is reused from one document to the next, so its imports (and the OCR models,
jieba's dictionary) are loaded once; after a kill or a crash the next document gets a fresh
one. Workers are forked from a forkserver that has already imported the extraction core.
Paths are checked before a worker sees them (`jixiao.refusal`): a refused one is never opened.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import psutil

from extractors.settings import ReadSettings, raise_setting
from extractors.time_budget import time_extensions_to
from jixiao.processing import Extractor, Outcome, commit, extract_core, outcome_of, prepare
from jixiao.refusal import failed_result, path_refusal, source_path_of
from jixiao.result import ExtractionResult
from jixiao.runner import RawFile, observed_stat
from jixiao.settings import GIB, IsolationSettings
from jixiao.store import CuratedStore, ManifestEntry

WATCH_INTERVAL_S = 0.05  # how often the parent looks at the worker's resident memory
# Workers fork from a server that has imported the extraction core once (`PRELOAD`).
START_METHOD = "forkserver"
RAISED = "extraction failed: "  # how an exception raised in the worker is reported
PRELOAD = ("jixiao.worker_preload",)  # imported once by the forkserver, inherited by workers
SAFE_PATH = "PYTHONSAFEPATH"  # set: a new interpreter does not put the working directory first
_ENVIRON_LOCK = threading.Lock()


ISOLATION = IsolationSettings()


# --- the worker ----------------------------------------------------------------------------


def _serve(conn: Connection) -> None:
    """The worker's loop: one job in, one reply out, until the parent hangs up. While a job
    runs, the time it is granted beyond its limit is sent ahead as ("extend", seconds)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle

    def announce(seconds: float) -> None:
        conn.send(("extend", seconds))

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        function, args = job
        try:
            with time_extensions_to(announce):
                reply: tuple[str, Any] = ("done", function(*args))
        except MemoryError:
            reply = ("memory", None)
        except BaseException as exc:
            reply = ("raised", (type(exc).__name__, _one_line(exc)))
        if reply[0] == "done" and _ran_out_of_memory(reply[1]):
            reply = ("memory", None)
        try:
            conn.send(reply)
        except MemoryError:
            os._exit(1)  # the parent sees the crash
        if reply[0] == "memory":
            return  # a heap that hit the cap is not worth reusing


def _prepare_in_worker(
    raw: RawFile,
    raw_root: Path,
    store_root: Path,
    settings: ReadSettings,
    previous: ManifestEntry | None,
    extract: Extractor,
) -> Outcome:
    """`prepare` as a worker runs it: the store, opened here (it is not picklable), is only
    read (the previous document, for the diff)."""
    return prepare(raw, raw_root, CuratedStore(store_root), settings, previous, extract)


def _extract_in_worker(
    path: Path, raw_root: Path, settings: ReadSettings, extract: Extractor
) -> ExtractionResult:
    """The file read once and extracted, in the worker."""
    return extract(path.read_bytes(), source_path_of(path, raw_root), settings)


def _ran_out_of_memory(value: ExtractionResult | Outcome) -> bool:
    # The extraction core turns any exception of a stage into an error row, MemoryError too.
    result = value.result if isinstance(value, Outcome) else value
    return any(e.error_type == "MemoryError" for e in result.errors)


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of the chosen context
    conn: Connection


class IsolatedExtractor:
    """Extracts documents one at a time in a reused worker process (a fresh one after a
    kill or crash). Use as a context manager, or call `close` when done."""

    def __init__(self, settings: IsolationSettings = ISOLATION, extract: Extractor | None = None):
        """``extract`` is what the worker extracts a file's bytes with, the extraction core
        unless a test says otherwise; it must be a module-level function (pickled by name)."""
        self.settings = settings
        self._extract = extract or extract_core
        self._worker: _Worker | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> IsolatedExtractor:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def worker_pid(self) -> int | None:
        return self._worker.process.pid if self._worker else None

    def extract(
        self, path: Path, raw_root: Path, settings: ReadSettings | None = None
    ) -> ExtractionResult:
        """The file's ExtractionResult, made in the worker; never raises for anything the
        document does."""
        settings = settings or ReadSettings()
        refusal = path_refusal(path, raw_root)
        if refusal is not None:
            return failed_result(path, raw_root, "read", *refusal, read_bytes=False)
        with self._lock:  # one document at a time through the one pipe
            job = (_extract_in_worker, (path, raw_root, settings, self._extract))
            value = self._run_in_worker(job, path, raw_root, settings)
        return value  # type: ignore[no-any-return]

    def prepare(
        self,
        raw: RawFile,
        raw_root: Path,
        store: CuratedStore,
        settings: ReadSettings | None = None,
        previous: ManifestEntry | None = None,
    ) -> Outcome:
        """`prepare` in the worker; a failure of the worker becomes the document's failed
        Outcome. ``previous`` is what the manifest holds for the file's path."""
        settings = settings or ReadSettings()
        job = (_prepare_in_worker, (raw, raw_root, store.root, settings, previous, self._extract))
        with self._lock:
            value = self._run_in_worker(job, raw.path, raw_root, settings)
        if isinstance(value, Outcome):
            return value
        return outcome_of(raw, value, store, previous, observed_stat(raw.path, raw_root))

    def process(
        self,
        raw: RawFile,
        raw_root: Path,
        store: CuratedStore,
        settings: ReadSettings | None = None,
        previous: ManifestEntry | None = None,
    ) -> Outcome:
        """`prepare` in the worker, then `commit` here."""
        return commit(self.prepare(raw, raw_root, store, settings, previous), store)

    def _run_in_worker(
        self, job: tuple[Any, tuple[Any, ...]], path: Path, raw_root: Path, settings: ReadSettings
    ) -> Any:
        """What the job returned, or a failed result for ``path`` if the worker failed."""
        if self._worker is not None and not self._worker.process.is_alive():
            self._stop(kill=True)  # it died between documents: not this document's fault
        worker = self._worker or self._start()
        try:
            worker.conn.send(job)
            kind, payload = self._await_reply(
                worker, settings.time_limit_s + self.settings.kill_grace_s
            )
            if kind == "timeout":
                self._stop(kill=True)
                return failed_result(
                    path,
                    raw_root,
                    "read",
                    "Timeout",
                    f"time limit of {settings.time_limit_s:g} s reached: the extraction was "
                    f"stopped; {raise_setting('read.time_limit_s')} to give the document longer",
                )
        except (EOFError, OSError):
            return self._crashed(path, raw_root)
        if kind == "done":
            return payload
        if kind in ("memory", "over_memory"):
            self._stop(kill=kind == "over_memory")
            return self._memory_limit(path, raw_root)
        error_type, message = payload
        return failed_result(path, raw_root, "read", error_type, f"{RAISED}{message}")

    def _await_reply(self, worker: _Worker, seconds: float) -> tuple[str, Any]:
        """The worker's reply, or ("timeout", None) after ``seconds`` (plus any extension the
        worker announces), or ("over_memory", None) once its resident memory passes the cap."""
        deadline = time.monotonic() + seconds
        limit = self.settings.memory_limit_bytes
        try:
            watched: psutil.Process | None = psutil.Process(worker.process.pid)
        except psutil.Error:  # already gone: the pipe tells the parent how
            watched = None
        while (remaining := deadline - time.monotonic()) > 0:
            if worker.conn.poll(min(remaining, WATCH_INTERVAL_S)):
                kind, payload = worker.conn.recv()
                if kind == "extend":
                    deadline += payload
                    continue
                return kind, payload
            if limit and _resident_bytes(watched) > limit:
                return "over_memory", None
        return "timeout", None

    def close(self) -> None:
        self._stop(kill=False)

    # -- worker lifecycle --

    def _start(self) -> _Worker:
        context = start_worker_server()
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(child,),
            name="jixiao-extract",
            daemon=True,
        )
        with _installed_imports_only():
            process.start()
        child.close()
        self._worker = _Worker(process, parent)
        return self._worker

    def _stop(self, kill: bool) -> int | None:
        worker, self._worker = self._worker, None
        if worker is None:
            return None
        if not kill:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
            worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        return worker.process.exitcode  # type: ignore[no-any-return]

    def _crashed(self, path: Path, raw_root: Path) -> ExtractionResult:
        code = self._stop(kill=False)
        if code is not None and code < 0:
            how = f"was killed by {signal.Signals(-code).name}"
        else:
            how = f"exited with code {code}"
        if code == -signal.SIGKILL and self.settings.memory_limit_bytes:
            how += " (the system may have run out of memory)"
        return failed_result(
            path,
            raw_root,
            "read",
            "WorkerCrashed",
            f"the extraction process {how} while reading this file; the other files are "
            "not affected",
        )

    def _memory_limit(self, path: Path, raw_root: Path) -> ExtractionResult:
        limit = self.settings.memory_limit_bytes
        return failed_result(
            path,
            raw_root,
            "read",
            "MemoryLimit",
            f"memory limit of {limit / GIB:g} GiB reached while extracting; "
            f"{raise_setting('isolation.memory_limit_bytes')} to give the document more",
        )


def _resident_bytes(process: psutil.Process | None) -> int:
    try:
        return int(process.memory_info().rss) if process is not None else 0
    except psutil.Error:  # gone: the pipe tells the parent how
        return 0


def start_worker_server() -> Any:
    """The multiprocessing context workers start from, its forkserver started now (it loads
    `PRELOAD` in the background, so a caller can overlap that with other work)."""
    context: Any = multiprocessing.get_context(START_METHOD)
    context.set_forkserver_preload(list(PRELOAD))
    with _installed_imports_only():
        forkserver.ensure_running()
    return context


@contextlib.contextmanager
def _installed_imports_only() -> Iterator[None]:
    """New interpreters started meanwhile (the forkserver, a spawned worker) leave the working
    directory off ``sys.path``.

    They run ``python -c``, which puts the working directory first; run from a folder holding a
    ``jixiao/`` directory (the parent of a clone), ``import jixiao`` would find that folder
    instead of the installed project and every worker would fail. 3.11's forkserver ignores
    the parent's ``sys.path`` it is handed, so the interpreter is told instead (PYTHONSAFEPATH).
    """
    with _ENVIRON_LOCK:  # two threads starting workers must not restore each other's value
        saved = os.environ.get(SAFE_PATH)
        os.environ[SAFE_PATH] = "1"
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop(SAFE_PATH, None)
            else:
                os.environ[SAFE_PATH] = saved


@functools.cache
def _shared_extractor(settings: IsolationSettings) -> IsolatedExtractor:
    return IsolatedExtractor(settings)


def extract_isolated(
    path: Path,
    raw_root: Path,
    settings: ReadSettings | None = None,
    isolation: IsolationSettings = ISOLATION,
) -> ExtractionResult:
    """The file's ExtractionResult from this process's shared worker (started on first use,
    then reused)."""
    return _shared_extractor(isolation).extract(path, raw_root, settings)
