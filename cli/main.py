"""The `jixiao` command line: extract, ui, diff (and the analysts' sql, schema, publish).

`jixiao extract` compares the raw folder with the store's manifest first; only files that
are new or changed are handed to Dagster (in-process runs of the asset the UI materialises,
one per contiguous range of document partitions, each document recorded on its own
partition). An unchanged folder never imports Dagster at all. The runs are handed the scan
and the store whose manifest the comparison read (`pipeline.resources.Handoff`), so one
`jixiao extract` lists the raw folder once, reads the manifest once and each changed file
once; each document the runs finish (`jixiao.processing.Outcome`, or the exception that
stopped it) is counted into the `RunSummary` as it comes.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import signal
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli import analyst
from cli.home import HOME_HELP, dagster_home
from cli.settings import add_command as add_settings_command
from jixiao import __version__
from jixiao.batch import default_workers
from jixiao.diff import diff_documents
from jixiao.isolation import start_worker_server
from jixiao.processing import Outcome
from jixiao.runner import FileGone, Plan, RawFile, is_gone, partition_key, plan, scan_raw
from jixiao.schema import TABLE_NAMES
from jixiao.settings import Settings, SettingsError
from jixiao.settings_sources import load_settings
from jixiao.store import CuratedStore, StoreWriteError

if TYPE_CHECKING:  # Dagster is imported only when a run needs it (see _materialize)
    from dagster import DagsterInstance

    from pipeline.resources import JixiaoResource

USAGE_ERROR = 2
RUN_FAILED = 1  # interrupted, or the store or the Dagster home could not be written
MAX_NAMED = 50  # files named in the summary; a first run over a big folder would list them all


@dataclass
class RunSummary:
    """One extract run: ``extracted`` = ok + partial + failed, of ``stale`` files to do."""

    stale: int = 0
    extracted: int = 0
    published: str | None = None  # where the published layer was rebuilt, or why it was not
    unchanged: int = 0
    removed: int = 0
    gone: int = 0  # deleted during the run
    interrupted: bool = False
    store_error: str | None = None
    statuses: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    # (what happened, source path): "new", "changed" (or extracted by another version), "removed"
    files: list[tuple[str, str]] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    return int(args.handler(args) or 0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao", description="Budget-performance reports to curated Parquet."
    )
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    extract = sub.add_parser("extract", help="extract new and changed reports into Parquet")
    extract.add_argument("raw_dir", type=Path, metavar="RAW_DIR")
    extract.add_argument("--out", type=Path, required=True, metavar="CURATED_DIR")
    extract.add_argument(
        "--workers",
        type=int,
        default=None,
        help="documents extracted at once, one worker process each; short for --set "
        f"run.workers=N (default: one per CPU, at most 4; here {default_workers()})",
    )
    extract.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="assignments",
        help="a setting for this run, e.g. read.max_pages=800 (repeatable; over the "
        "jixiao.toml beside RAW_DIR and the project's; the README lists them)",
    )
    extract.add_argument("--force", action="store_true", help="re-extract unchanged files too")
    extract.add_argument(
        "--no-publish",
        action="store_true",
        help="skip rebuilding the published layer (published/ beside CURATED_DIR) and the "
        "review list after a run that changed something",
    )
    extract.add_argument("--dagster-home", type=Path, default=None, help=HOME_HELP)
    extract.set_defaults(handler=run_extract)

    ui = sub.add_parser("ui", help="start the Dagster UI on 127.0.0.1")
    ui.add_argument("--raw", type=Path, default=Path("data/raw"), metavar="RAW_DIR")
    ui.add_argument("--out", type=Path, default=Path("data/curated"), metavar="CURATED_DIR")
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--dagster-home", type=Path, default=None, help=HOME_HELP)
    ui.set_defaults(handler=run_ui)

    diff = sub.add_parser("diff", help="what changed between two curated outputs")
    diff.add_argument("old", type=Path, metavar="OLD_DIR")
    diff.add_argument("new", type=Path, metavar="NEW_DIR")
    diff.set_defaults(handler=run_diff)

    add_settings_command(sub)
    analyst.add_commands(sub)
    return parser


def _usage_error(message: str) -> int:
    print(f"jixiao: error: {message}", file=sys.stderr)
    return USAGE_ERROR


# -- extract ---------------------------------------------------------------------------


def run_extract(args: argparse.Namespace) -> int:
    raw_root: Path = args.raw_dir
    if not raw_root.is_dir():
        return _usage_error(f"raw directory not found: {raw_root}")
    if args.workers is not None and args.workers < 1:
        return _usage_error("--workers must be at least 1")
    workers = [] if args.workers is None else [f"run.workers={args.workers}"]
    try:
        settings = load_settings(raw_root, assignments=[*workers, *args.assignments])
    except SettingsError as error:
        return _usage_error(str(error))
    raw_root = raw_root.resolve()
    out = args.out.resolve()
    if out.is_relative_to(raw_root):
        return _usage_error(
            f"--out {args.out} is inside the raw folder {args.raw_dir}: its Parquet files "
            "would be read as reports; choose a folder outside it"
        )
    summary = RunSummary()
    try:
        with _sigterm_interrupts():
            _extract(args, raw_root, CuratedStore(out), settings, summary)
    except KeyboardInterrupt:
        summary.interrupted = True
    except _environment_errors() as error:
        return _run_error(_one_line(error))
    if summary.store_error:
        return _run_error(summary.store_error)
    if summary.interrupted:
        return _run_error(
            f"interrupted: {summary.extracted} of {summary.stale} documents extracted and "
            "kept; run again to extract the rest"
        )
    print_summary(summary, Console())
    return 0


def _extract(
    args: argparse.Namespace,
    raw_root: Path,
    store: CuratedStore,
    settings: Settings,
    summary: RunSummary,
) -> None:
    started = time.perf_counter()
    store.clean_up()  # first: a store that cannot be written stops the run here
    files = scan_raw(raw_root, exclude=[store.root, dagster_home(args.dagster_home)])
    manifest = store.load_manifest()
    todo = plan(files, manifest, force=args.force)
    summary.unchanged, summary.removed = len(todo.unchanged), len(todo.deleted)
    summary.stale = len(todo.stale)
    summary.files = [
        ("changed" if f.source_path in manifest else "new", f.source_path) for f in todo.stale
    ] + [("removed", path) for path in todo.deleted]
    if todo.stale or todo.deleted:
        _materialize(args, raw_root, store, settings, todo, summary)
    else:
        store.touch(todo.touched)
    summary.seconds = time.perf_counter() - started


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops the run as Ctrl-C does (it would end the process without a word)."""
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _environment_errors() -> tuple[type[BaseException], ...]:
    """What a full disk, a read-only folder or a broken Dagster home raise."""
    errors: list[type[BaseException]] = [OSError, sqlite3.Error]
    if "sqlalchemy" in sys.modules:  # Dagster's storage wraps SQLite's errors
        from sqlalchemy.exc import DBAPIError

        errors.append(DBAPIError)
    return tuple(errors)


def _one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _run_error(message: str) -> int:
    print(f"jixiao: error: {message}", file=sys.stderr)
    return RUN_FAILED


def _materialize(
    args: argparse.Namespace,
    raw_root: Path,
    store: CuratedStore,
    settings: Settings,
    todo: Plan,
    summary: RunSummary,
) -> None:
    """Hand the stale files to Dagster (one run per batch of partitions), with a progress bar.

    Dagster's instance is written first: a home that cannot be written stops the run before
    the store changes."""
    stale = todo.stale
    if stale and settings.isolation.enabled:
        start_worker_server()  # the workers' start-up overlaps Dagster's below

    # Dagster loads here, not at start-up: an unchanged folder never imports it
    from pipeline.local import RunOutcome, materialize_documents, open_instance, sync_partitions
    from pipeline.resources import Handoff, JixiaoResource

    # What is loaded by now lives until the process ends: out of the cyclic collector's reach,
    # its objects are not walked again by every full collection during the run, nor at exit.
    gc.freeze()

    by_key = {f.key: f for f in stale}
    instance = open_instance(dagster_home(args.dagster_home))
    reported: set[str] = set()
    try:
        sync_partitions(
            instance, add=by_key, delete=[partition_key(p) for p in todo.deleted], files=stale
        )
        store.touch(todo.touched)
        store.forget(list(todo.deleted))
        if not stale:
            return
        resource = JixiaoResource.for_settings(settings, str(raw_root), str(store.root))
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(stale[0].source_path, total=len(stale))

            def done(raw: RawFile, what: Outcome | BaseException) -> None:
                reported.add(raw.source_path)
                _count_document(raw, what, summary)
                bar.update(task, advance=1, description=raw.source_path)

            # The run gets this scan and this store (whose manifest `plan` read): it lists
            # the raw folder and reads the manifest no more.
            handoff = Handoff(files=by_key, store=store, on_document=done)
            outcomes = materialize_documents(instance, resource, list(by_key), handoff)
        stopped = any(o.interrupted for o in outcomes) or summary.store_error is not None
        if not args.no_publish and not stopped:
            summary.published = _publish(instance, resource)
    except KeyboardInterrupt:
        outcomes = [RunOutcome("", success=False, interrupted=True)]
    finally:
        instance.dispose()
    summary.interrupted = any(o.interrupted for o in outcomes)
    run_failures = [o.message for o in outcomes if not o.success and o.message]
    _count_unreported([f for f in stale if f.source_path not in reported], run_failures, summary)


def _count_document(raw: RawFile, what: Outcome | BaseException, summary: RunSummary) -> None:
    """One document the run finished: extracted (by status), deleted during the run, failed
    outside extraction, or the store error that stops the run (not counted)."""
    if isinstance(what, StoreWriteError):
        summary.store_error = summary.store_error or str(what) or "cannot write the store"
        return
    if isinstance(what, FileGone):
        summary.gone += 1
        return
    summary.extracted += 1
    if isinstance(what, BaseException):
        summary.statuses["failed"] += 1
        summary.failures.append((raw.source_path, f"{type(what).__name__}: {_one_line(what)}"))
        return
    document = what.result.document
    summary.statuses[document.status] += 1
    if document.status != "ok":
        summary.failures.append((raw.source_path, document.error or document.status))
    summary.rows.update({name: table.num_rows for name, table in what.tables.items()})


def _count_unreported(
    unreported: Sequence[RawFile], run_failures: list[str], summary: RunSummary
) -> None:
    """The stale files no run reported: deleted meanwhile, or failed with their run's reason;
    those an interrupted or stopped run did not reach are not counted."""
    for f in unreported:
        if is_gone(f.path):
            summary.gone += 1
        elif not (summary.interrupted or summary.store_error):
            summary.extracted += 1
            summary.statuses["failed"] += 1
            message = run_failures[0] if run_failures else "the run failed"
            summary.failures.append((f.source_path, message))


def _publish(instance: DagsterInstance, resource: JixiaoResource) -> str:
    # Dagster: loaded by _materialize already, imported here to keep start-up free of it
    from pipeline.local import publish_and_review
    from pipeline.published import PUBLISHED_DIR_NAME

    outcome = publish_and_review(instance, resource)
    target = Path(resource.curated_root).parent / PUBLISHED_DIR_NAME
    return f"published to {target}" if outcome.success else f"not published: {outcome.message}"


def print_summary(summary: RunSummary, console: Console) -> None:
    docs = Table(title="documents", show_header=True)
    for column in ("extracted", "ok", "partial", "failed", "unchanged", "removed", "seconds"):
        docs.add_column(column, justify="right")
    docs.add_row(
        str(summary.extracted),
        str(summary.statuses["ok"]),
        str(summary.statuses["partial"]),
        str(summary.statuses["failed"]),
        str(summary.unchanged),
        str(summary.removed),
        f"{summary.seconds:.1f}",
    )
    console.print(docs)
    if summary.extracted:
        rows = Table(title="rows written", show_header=True)
        rows.add_column("table")
        rows.add_column("rows", justify="right")
        for name in TABLE_NAMES:
            rows.add_row(name, str(summary.rows[name]))
        console.print(rows)
    _print_files(summary.files, console)
    if summary.published:
        console.print(summary.published, markup=False, highlight=False)
    if summary.gone:
        console.print(f"{summary.gone} files deleted during the run: not extracted")
    if summary.failures:
        console.print("[bold]not fully extracted:[/bold]")
        for path, message in summary.failures:
            console.print(f"  {path}: {message}", markup=False, highlight=False, soft_wrap=True)


def _print_files(files: list[tuple[str, str]], console: Console) -> None:
    """The files this run extracted or removed, by name (the first MAX_NAMED of them)."""
    if not files:
        return
    console.print("[bold]files:[/bold]")
    for what, path in files[:MAX_NAMED]:
        console.print(f"  {what:<8} {path}", markup=False, highlight=False, soft_wrap=True)
    if len(files) > MAX_NAMED:
        console.print(f"  … and {len(files) - MAX_NAMED} more", markup=False, highlight=False)


# -- ui and diff ---------------------------------------------------------------------------


def run_ui(args: argparse.Namespace) -> int:
    from pipeline.local import serve_ui  # Dagster, as in _materialize: only when needed

    try:  # the code server reads them again; a bad one is said here in one line, not there
        load_settings(args.raw)
    except SettingsError as error:
        return _usage_error(str(error))
    return serve_ui(dagster_home(args.dagster_home), args.raw, args.out, "127.0.0.1", args.port)


def run_diff(args: argparse.Namespace) -> int:
    for directory in (args.old, args.new):
        if not directory.is_dir():
            return _usage_error(f"curated directory not found: {directory}")
    print(diff_outputs(CuratedStore(args.old), CuratedStore(args.new)))
    return 0


def diff_outputs(old: CuratedStore, new: CuratedStore) -> str:
    """Per source file, the diff of its tables between two curated outputs (matched by path)."""
    old_ids, new_ids = _doc_ids(old), _doc_ids(new)
    parts: list[str] = []
    totals: Counter[str] = Counter()
    for source_path in sorted(old_ids.keys() | new_ids.keys()):
        if source_path not in new_ids:
            parts.append(f"## {source_path}\n\n**removed** (only in the old output).")
            totals["documents_removed"] += 1
            continue
        before = (
            old.read_document(old_ids[source_path], source_path) if source_path in old_ids else None
        )
        after = new.read_document(new_ids[source_path], source_path)
        assert after is not None
        diff = diff_documents(before, after)
        totals.update(diff.counts())
        totals["documents_new"] += diff.is_new
        totals["documents_changed"] += not diff.is_new and not diff.is_empty
        if not diff.is_empty:
            parts.append(f"## {source_path}\n\n{diff.to_markdown()}")
    headline = (
        f"{totals['documents_changed']} documents changed, {totals['documents_new']} new, "
        f"{totals['documents_removed']} removed; rows added {totals['rows_added']}, "
        f"removed {totals['rows_removed']}, changed {totals['rows_changed']} "
        f"({totals['values_changed']} values)"
    )
    return "\n\n".join([headline, *parts])


def _doc_ids(store: CuratedStore) -> dict[str, str]:
    documents = store.read_table("documents")
    return dict(
        zip(documents["source_path"].to_pylist(), documents["doc_id"].to_pylist(), strict=True)
    )
