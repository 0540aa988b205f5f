"""The `jixiao` command line: extract, ui, diff (and the analysts' sql, schema, publish).

`jixiao extract` compares the raw folder with the store's manifest first; only files that
are new or changed are handed to Dagster (in-process runs of the asset the UI materialises,
one per contiguous range of document partitions, each document recorded on its own
partition). An unchanged folder never imports Dagster at all.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jixiao import __version__
from jixiao.batch import default_workers
from jixiao.diff import diff_documents
from jixiao.runner import RawFile, partition_key, plan, scan_raw
from jixiao.schema import TABLE_NAMES
from jixiao.store import CuratedStore

if TYPE_CHECKING:  # Dagster is imported only when a command needs it
    from dagster import DagsterInstance

    from pipeline.resources import DocumentDone, JixiaoResource

USAGE_ERROR = 2
DEFAULT_DAGSTER_HOME = ".dagster_home"


@dataclass
class RunSummary:
    extracted: int = 0
    published: str | None = None  # where the published layer was rebuilt, or why it was not
    unchanged: int = 0
    removed: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


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
        default=default_workers(),
        help="documents extracted at once, one worker process each (default: one per CPU, "
        "at most 4; here %(default)s)",
    )
    extract.add_argument("--force", action="store_true", help="re-extract unchanged files too")
    extract.add_argument(
        "--no-publish",
        action="store_true",
        help="skip rebuilding the published layer (published/ beside CURATED_DIR) and the "
        "review list after a run that changed something",
    )
    extract.add_argument("--dagster-home", type=Path, default=None, help=_home_help())
    extract.set_defaults(handler=run_extract)

    ui = sub.add_parser("ui", help="start the Dagster UI on 127.0.0.1")
    ui.add_argument("--raw", type=Path, default=Path("data/raw"), metavar="RAW_DIR")
    ui.add_argument("--out", type=Path, default=Path("data/curated"), metavar="CURATED_DIR")
    ui.add_argument("--port", type=int, default=3000)
    ui.add_argument("--dagster-home", type=Path, default=None, help=_home_help())
    ui.set_defaults(handler=run_ui)

    diff = sub.add_parser("diff", help="what changed between two curated outputs")
    diff.add_argument("old", type=Path, metavar="OLD_DIR")
    diff.add_argument("new", type=Path, metavar="NEW_DIR")
    diff.set_defaults(handler=run_diff)

    _add_analyst_commands(sub)
    return parser


def _add_analyst_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    try:
        module = importlib.import_module("jixiao.cli_analyst")
    except ModuleNotFoundError as exc:
        if exc.name != "jixiao.cli_analyst":
            raise
        return
    module.add_commands(sub)


def _home_help() -> str:
    return f"Dagster instance directory (default: $DAGSTER_HOME or ./{DEFAULT_DAGSTER_HOME})"


def dagster_home(option: Path | None) -> Path:
    if option is not None:
        return option.resolve()
    return Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()


def _usage_error(message: str) -> int:
    print(f"jixiao: error: {message}", file=sys.stderr)
    return USAGE_ERROR


# -- extract ---------------------------------------------------------------------------


def run_extract(args: argparse.Namespace) -> int:
    raw_root: Path = args.raw_dir
    if not raw_root.is_dir():
        return _usage_error(f"raw directory not found: {raw_root}")
    if args.workers < 1:
        return _usage_error("--workers must be at least 1")
    started = time.perf_counter()
    raw_root = raw_root.resolve()
    store = CuratedStore(args.out.resolve())
    files = scan_raw(raw_root, exclude=[store.root, dagster_home(args.dagster_home)])
    todo = plan(files, store.load_manifest(), force=args.force)
    store.touch(todo.touched)
    store.forget(list(todo.deleted))
    store.prune_orphans()
    summary = RunSummary(unchanged=len(todo.unchanged), removed=len(todo.deleted))
    if todo.stale or todo.deleted:
        _materialize(args, raw_root, store, todo.stale, todo.deleted, summary)
    summary.seconds = time.perf_counter() - started
    print_summary(summary, Console())
    return 0


def _materialize(
    args: argparse.Namespace,
    raw_root: Path,
    store: CuratedStore,
    stale: Sequence[RawFile],
    deleted: Sequence[str],
    summary: RunSummary,
) -> None:
    """Hand the stale files to Dagster (one run per batch of partitions), with a progress bar."""
    from jixiao.isolation import start_worker_server

    if stale:
        start_worker_server()  # the workers' start-up overlaps Dagster's below

    from pipeline.local import materialize_documents, open_instance, sync_partitions
    from pipeline.resources import JixiaoResource
    from pipeline.resources import Progress as RunProgress

    # What is loaded by now lives until the process ends: out of the cyclic collector's reach,
    # its objects are not walked again by every full collection during the run, nor at exit.
    gc.freeze()

    by_key = {f.key: f for f in stale}
    instance = open_instance(dagster_home(args.dagster_home))
    try:
        sync_partitions(
            instance, add=by_key, delete=[partition_key(p) for p in deleted], files=stale
        )
        if not stale:
            return
        resource = JixiaoResource(
            raw_root=str(raw_root), curated_root=str(store.root), workers=args.workers
        )
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        finished: dict[str, DocumentDone] = {}
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(stale[0].source_path, total=len(stale))

            def done(document: DocumentDone) -> None:
                finished[document.source_path] = document
                bar.update(task, advance=1, description=document.source_path)

            outcomes = materialize_documents(instance, resource, list(by_key), RunProgress(done))
        if not args.no_publish:
            summary.published = _publish(instance, resource)
    finally:
        instance.dispose()
    run_failures = [o.message for o in outcomes if not o.success and o.message]
    manifest = store.load_manifest()
    for f in stale:
        document = finished.get(f.source_path)
        if document is None or document.error is not None or f.source_path not in manifest:
            summary.statuses["failed"] += 1
            message = (document.error if document else None) or (
                run_failures[0] if run_failures else "the run failed"
            )
            summary.failures.append((f.source_path, message))
            continue
        _count_document(document, summary)


def _publish(instance: DagsterInstance, resource: JixiaoResource) -> str:
    from pipeline.local import publish_and_review
    from pipeline.published import PUBLISHED_DIR_NAME

    outcome = publish_and_review(instance, resource)
    target = Path(resource.curated_root).parent / PUBLISHED_DIR_NAME
    return f"published to {target}" if outcome.success else f"not published: {outcome.message}"


def _count_document(document: DocumentDone, summary: RunSummary) -> None:
    status = document.status or "failed"
    summary.extracted += 1
    summary.statuses[status] += 1
    if status != "ok":
        summary.failures.append((document.source_path, document.document_error or status))
    summary.rows.update(document.rows)


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
    if summary.published:
        console.print(summary.published, markup=False, highlight=False)
    if summary.failures:
        console.print("[bold]not fully extracted:[/bold]")
        for path, message in summary.failures:
            console.print(f"  {path}: {message}", markup=False, highlight=False, soft_wrap=True)


# -- ui and diff ---------------------------------------------------------------------------


def run_ui(args: argparse.Namespace) -> int:
    from pipeline.local import serve_ui

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
