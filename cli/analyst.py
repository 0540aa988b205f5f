"""The analysts' subcommands: `jixiao sql`, `jixiao schema`, `jixiao review`, `jixiao publish`.

`cli.main` calls `add_commands(subparsers)`; each subcommand stores its handler as
``handler`` (``args.handler(args) -> int`` is the exit code), as `cli.main` expects.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from cli.home import HOME_HELP, dagster_home
from jixiao.publish import DUCKDB_FILE, REPORT_FILE, publish
from jixiao.schema import TABLES, TABLES_BY_NAME, TableSpec
from jixiao.store import CuratedStore
from jixiao.views import (
    BUILD_TABLE,
    CONVENIENCE_VIEWS,
    VIEW_DESCRIPTIONS,
    curated_fingerprint,
    describe_views,
)

DEFAULT_CURATED = Path("data/curated")
DEFAULT_PUBLISHED = Path("data/published")
DEFAULT_MAX_ROWS = 200
CSV_BOM = "\ufeff".encode()
PUBLISHED_NOTE = "The published views add fiscal_year (INTEGER, from documents) to every table."


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sql = subparsers.add_parser(
        "sql",
        help="run SQL against the published views",
        description="Run a query against the published DuckDB views (tables of the contract "
        "plus v_department_year, v_indicator_outcomes, v_indicator_misses, "
        "v_amounts_by_metric) and print the result as a table, or export it.",
    )
    sql.add_argument("query", help='e.g. "SELECT * FROM v_department_year"')
    sql.add_argument("--published", type=Path, default=DEFAULT_PUBLISHED, metavar="DIR")
    export = sql.add_mutually_exclusive_group()
    export.add_argument(
        "--csv",
        nargs="?",
        const="-",
        metavar="FILE",
        help="write CSV (to stdout without FILE); a FILE starts with a UTF-8 BOM for Excel",
    )
    export.add_argument("--parquet", type=Path, metavar="FILE", help="write a Parquet file")
    sql.add_argument(
        "--max-rows", type=int, default=DEFAULT_MAX_ROWS, help="rows printed (default 200)"
    )
    sql.set_defaults(handler=run_sql)

    schema = subparsers.add_parser(
        "schema",
        help="print the curated data contract",
        description="Print each table's columns, types and meanings (the definitions the "
        "writers validate against).",
    )
    schema.add_argument(
        "table",
        nargs="?",
        choices=[t.name for t in TABLES] + list(CONVENIENCE_VIEWS),
        metavar="TABLE",
        help="a table of the contract or a published view (v_department_year, …)",
    )
    schema.add_argument("--markdown", action="store_true", help="print Markdown tables")
    schema.set_defaults(handler=run_schema)

    review = subparsers.add_parser(
        "review",
        help="list the documents needing review",
        description="Documents a steward should look at: failed or partial extractions and "
        "documents whose latest extraction failed a check, with the reason (the same list as "
        "the documents_needing_review asset in the UI).",
    )
    review.add_argument("--curated", type=Path, default=DEFAULT_CURATED, metavar="DIR")
    review.add_argument(
        "--dagster-home",
        type=Path,
        default=None,
        help=HOME_HELP,
    )
    review.add_argument("--csv", nargs="?", const="-", metavar="FILE", help="write CSV instead")
    review.set_defaults(handler=run_review)

    publish = subparsers.add_parser(
        "publish",
        help="rebuild the published layer and the run report",
        description="Compact the curated tables into DIR/<table>/fiscal_year=<y>/, build "
        "DIR/jixiao.duckdb and DIR/report.html, and swap them in atomically.",
    )
    publish.add_argument("--curated", type=Path, default=DEFAULT_CURATED, metavar="DIR")
    publish.add_argument("--out", type=Path, default=DEFAULT_PUBLISHED, metavar="DIR")
    publish.add_argument("--no-report", action="store_true", help="skip report.html")
    publish.set_defaults(handler=run_publish)


def run(argv: Sequence[str]) -> int:
    """Parse and run one analyst subcommand (for tests and `python -m cli.analyst`)."""
    parser = argparse.ArgumentParser(prog="jixiao")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.handler(args)
    return code


# -- sql -----------------------------------------------------------------------------------


def run_sql(args: argparse.Namespace) -> int:
    database = Path(args.published) / DUCKDB_FILE
    if not database.is_file():
        _error(f"no published layer at {args.published} (run `jixiao publish` first)")
        return 2
    try:
        table = query_published(Path(args.published), args.query)
    except duckdb.Error as exc:
        _error(str(exc).splitlines()[0])
        return 1
    stale = staleness_note(Path(args.published))
    if stale:
        _note(stale)
    if table is None:  # a statement without a result, e.g. SET
        return 0
    if args.csv is not None:
        _write_csv(table, args.csv)
    elif args.parquet is not None:
        pq.write_table(table, args.parquet, compression="zstd")
        _note(f"{table.num_rows} rows written to {args.parquet}")
    else:
        print_table(table, max_rows=args.max_rows)
    return 0


def staleness_note(published: Path) -> str | None:
    """One line when the curated folder the layer was built from has changed since."""
    try:
        con = duckdb.connect(str(published / DUCKDB_FILE), read_only=True)
        try:
            row = con.execute(
                f"SELECT curated_root, curated_fingerprint, built_at FROM {BUILD_TABLE}"
            ).fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return None  # built by an older jixiao: nothing recorded
    if row is None or not Path(row[0]).is_dir():
        return None
    curated, fingerprint, built_at = row
    try:
        current = curated_fingerprint(Path(curated))
    except (OSError, ValueError):
        return None
    if current == fingerprint:
        return None
    return (
        f"jixiao: note: the published layer (built {built_at:%Y-%m-%d %H:%M} UTC) is older than "
        f"the curated data in {curated}; run `jixiao publish` for the latest figures"
    )


def query_published(published: Path, query: str) -> pa.Table | None:
    """Run ``query`` on the published tables and views (read-only)."""
    con = duckdb.connect(str(published / DUCKDB_FILE), read_only=True)
    try:
        result = con.sql(query)
        return None if result is None else result.to_arrow_table()
    finally:
        con.close()


def print_table(table: pa.Table, max_rows: int = DEFAULT_MAX_ROWS) -> None:
    console = _console()
    view = Table(show_lines=False, header_style="bold")
    for field in table.schema:
        numeric = pa.types.is_integer(field.type) or pa.types.is_floating(field.type)
        view.add_column(field.name, justify="right" if numeric else "left", overflow="fold")
    for row in table.slice(0, max_rows).to_pylist():
        view.add_row(*(_cell(v) for v in row.values()))
    console.print(view)
    more = table.num_rows - max_rows
    suffix = f" ({more} more not shown; use --csv or --parquet)" if more > 0 else ""
    console.print(f"{table.num_rows} rows{suffix}", style="dim")


def _write_csv(table: pa.Table, target: str) -> None:
    # Nested values (e.g. doc_ids lists) have no CSV form: write them as their text.
    columns = [
        pa.array([None if v is None else str(v) for v in col.to_pylist()], pa.string())
        if pa.types.is_nested(col.type)
        else col
        for col in table.columns
    ]
    flat = pa.table(columns, names=table.column_names)
    if target == "-":
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(flat, sink)
        sys.stdout.write(sink.getvalue().to_pybytes().decode("utf-8"))
        sys.stdout.flush()
    else:
        # A file starts with a UTF-8 BOM so Excel (a Chinese Windows reads GBK otherwise)
        # shows the Chinese text; stdout has none, for pipes.
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(flat, sink)
        Path(target).write_bytes(CSV_BOM + sink.getvalue().to_pybytes())
        _note(f"{table.num_rows} rows written to {target}")


def _cell(value: Any) -> str:
    if value is None:
        return "[dim]NULL[/dim]"
    if isinstance(value, float):
        return f"{value:.12g}"
    return _escape(str(value))


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


# -- schema --------------------------------------------------------------------------------


def run_schema(args: argparse.Namespace) -> int:
    wanted = args.table
    specs = (
        []
        if wanted in CONVENIENCE_VIEWS
        else ([TABLES_BY_NAME[wanted]] if wanted else list(TABLES))
    )
    views = {
        name: columns
        for name, columns in describe_views().items()
        if wanted is None or wanted == name
    }
    if args.markdown:
        sys.stdout.write("\n".join(schema_markdown(spec) for spec in specs))
        sys.stdout.write("\n".join(view_markdown(n, c) for n, c in views.items()))
        return 0
    console = _console()
    for spec in specs:
        view = Table(title=f"{spec.name} — {spec.description}", title_justify="left")
        view.add_column("column", style="bold")
        view.add_column("type")
        view.add_column("meaning", overflow="fold")
        for column in spec.columns:
            view.add_row(column.name, str(column.type), _escape(column.meaning))
        console.print(view)
    for name, columns in views.items():
        view = Table(title=f"{name} — {VIEW_DESCRIPTIONS[name]}", title_justify="left")
        view.add_column("column", style="bold")
        view.add_column("type")
        for column_name, kind in columns:
            view.add_row(column_name, kind)
        console.print(view)
    if specs:
        console.print(PUBLISHED_NOTE, style="dim")
    return 0


def view_markdown(name: str, columns: list[tuple[str, str]]) -> str:
    lines = [f"### {name}", "", VIEW_DESCRIPTIONS[name], "", "| column | type |", "|---|---|"]
    lines += [f"| {c} | {t} |" for c, t in columns]
    return "\n".join(lines) + "\n"


def schema_markdown(spec: TableSpec) -> str:
    lines = [f"### {spec.name}", "", spec.description, "", "| column | type | meaning |"]
    lines.append("|---|---|---|")
    lines += [f"| {c.name} | {c.type} | {c.meaning} |" for c in spec.columns]
    return "\n".join(lines) + "\n"


# -- review ------------------------------------------------------------------------------


def run_review(args: argparse.Namespace) -> int:
    # Dagster loads only for this command: sql, schema and publish run without it
    from pipeline.local import open_instance
    from pipeline.review import ReviewItem, review_items

    if not Path(args.curated).is_dir():
        _error(f"no curated data at {args.curated} (run `jixiao extract` first)")
        return 2
    instance = open_instance(dagster_home(args.dagster_home))
    try:
        items = review_items(instance, CuratedStore(Path(args.curated).resolve()))
    finally:
        instance.dispose()
    names = list(ReviewItem.__dataclass_fields__)
    table = pa.table(
        {n: [getattr(i, n) for i in items] for n in names},
        schema=pa.schema([(n, pa.string()) for n in names]),
    )
    if args.csv is not None:
        _write_csv(table, args.csv)
        return 0
    if not items:
        print("nothing needs review: every document is ok and passes its checks")
        return 0
    print_table(table)
    return 0


# -- publish -------------------------------------------------------------------------------


def run_publish(args: argparse.Namespace) -> int:
    if not Path(args.curated).is_dir():
        _error(f"no curated data at {args.curated} (run `jixiao extract` first)")
        return 2
    hook = None
    if not args.no_report:
        from jixiao.report import write_report  # matplotlib: imported only when needed

        hook = write_report
    result = publish(Path(args.curated), Path(args.out), report=hook)
    console = _console()
    console.print(f"published to {result.out} in {result.seconds:.2f} s")
    view = Table()
    view.add_column("table")
    view.add_column("rows", justify="right")
    for name, count in result.row_counts.items():
        view.add_row(name, str(count))
    console.print(view)
    years = ", ".join("unknown" if y is None else str(y) for y in result.fiscal_years)
    console.print(f"fiscal years: {years or 'none'}")
    console.print(f"views: {result.out / DUCKDB_FILE}")
    if hook is not None:
        console.print(f"report: {result.out / REPORT_FILE}")
    return 0


def _console() -> Console:
    # Wide when piped, so columns are not squeezed to 80 characters.
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 200)


def _error(message: str) -> None:
    print(f"jixiao: {message}", file=sys.stderr)


def _note(message: str) -> None:
    print(message, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
