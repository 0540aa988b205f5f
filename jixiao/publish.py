"""The analysts' published layer: curated per-document files compacted per fiscal year.

Layout under the published root ``OUT`` (a symlink swapped atomically between builds)::

    OUT -> .OUT.builds/<build>/           the current build; the previous one is kept
    OUT/<table>/fiscal_year=<y>/part-0.parquet
    OUT/<table>/fiscal_year=__HIVE_DEFAULT_PARTITION__/part-0.parquet   year unknown
    OUT/jixiao.duckdb                     one table per curated table + convenience views
    OUT/report.html                       the run report (written by `jixiao.report`)

``fiscal_year`` lives only in the directory name (Hive style): DuckDB's
``read_parquet(..., hive_partitioning=1)`` and ``pyarrow.dataset.dataset(dir,
partitioning="hive")`` read it back as an integer and the unknown year as NULL. (pandas'
``read_parquet(dir)`` trips over the NULL partition; use `read_published` or DuckDB.)

A build never touches the live one: everything is written into a fresh build directory,
then the ``OUT`` symlink is replaced with one rename, so a reader sees the old build or the
new one, never a mix. jixiao.duckdb holds the rows themselves: copied anywhere, alone or
with the folder, it answers without the files it was built from.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jixiao.schema import TABLES, TableSpec
from jixiao.store import CuratedStore
from jixiao.views import PARTITION_COLUMN, SORT_KEYS, create_views

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Hive's, DuckDB's and pyarrow's name for NULL
PART_FILE = "part-0.parquet"
DUCKDB_FILE = "jixiao.duckdb"
REPORT_FILE = "report.html"
LOCK_FILE = ".lock"

# Low-cardinality string columns: dictionary-typed in Arrow, so pandas gets categoricals.
CATEGORICAL_COLUMNS = frozenset(
    {
        "status",
        "file_format",
        "canonical",
        "section",
        "metric",
        "scope",
        "kind",
        "source",
        "raw_unit",
        "target_op",
        "target_unit",
        "actual_unit",
        "grade",
        "report_type",
        "stage",
        "error_type",
    }
)


@dataclass(frozen=True)
class PublishSettings:
    """Writer options for the published Parquet files."""

    compression: str = "zstd"
    compression_level: int = 6
    # DuckDB's own row-group size: one row group per thread-sized scan unit.
    row_group_size: int = 122_880
    data_page_size: int = 1 << 20


@dataclass(frozen=True)
class PublishResult:
    out: Path  # the published root (the symlink)
    build_dir: Path  # the build it now points to
    row_counts: dict[str, int]
    fiscal_years: tuple[int | None, ...]
    seconds: float
    report_markdown: str = ""
    files: tuple[Path, ...] = field(default=())


ReportHook = Callable[[Path], str]
"""Called with the finished build directory before the swap; writes the report, returns Markdown."""


def publish(
    curated: Path,
    out: Path,
    settings: PublishSettings | None = None,
    report: ReportHook | None = None,
) -> PublishResult:
    """Compact every curated table into a new published build and make it live atomically.

    Concurrent publishes of one ``out`` are serialised by a lock; the live build and the one
    it replaces are kept (a reader may still hold the old one), older builds are deleted.
    """
    started = time.perf_counter()
    settings = settings or PublishSettings()
    out = Path(out).absolute()
    builds = _builds_dir(out)
    builds.mkdir(parents=True, exist_ok=True)
    with _locked(builds / LOCK_FILE):
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        build = Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=builds))
        build.chmod(0o755)  # mkdtemp makes it private; the published layer is for everyone
        try:
            tables = read_curated_tables(Path(curated))
            years = fiscal_years_by_doc(tables["documents"])
            files: list[Path] = []
            for spec in TABLES:
                files += write_table(build, spec, tables[spec.name], years, settings)
            create_views(build / DUCKDB_FILE, build, curated=Path(curated))
            markdown = report(build) if report is not None else ""
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        previous = out.resolve() if out.is_symlink() else None
        _swap(out, build)
        _prune(builds, keep={build.resolve(), previous})
    return PublishResult(
        out=out,
        build_dir=build,
        row_counts={name: t.num_rows for name, t in tables.items()},
        fiscal_years=tuple(sorted(set(years.values()), key=_year_order)),
        seconds=time.perf_counter() - started,
        report_markdown=markdown,
        files=tuple(files),
    )


def read_curated_tables(curated: Path) -> dict[str, pa.Table]:
    """Every curated table as one snapshot: read under the store's shared lock (no commit
    half done), and only the documents its manifest records."""
    store = CuratedStore(curated)
    with store.reading():
        doc_ids = store.committed_doc_ids()
        return {spec.name: read_curated_table(curated, spec, doc_ids) for spec in TABLES}


def read_curated_table(curated: Path, spec: TableSpec, doc_ids: set[str] | None = None) -> pa.Table:
    """All documents' rows of one curated table (``<table>/doc_id=<id>/*.parquet``), or
    only those of ``doc_ids``."""
    files = sorted((curated / spec.name).glob("doc_id=*/*.parquet"))
    if doc_ids is not None:
        files = [f for f in files if f.parent.name.removeprefix("doc_id=") in doc_ids]
    parts = [pq.read_table(f, partitioning=None, schema=spec.schema) for f in files]
    return pa.concat_tables(parts) if parts else spec.schema.empty_table()


def fiscal_years_by_doc(documents: pa.Table) -> dict[str, int | None]:
    ids = documents.column("doc_id").to_pylist()
    years = documents.column(PARTITION_COLUMN).to_pylist()
    return dict(zip(ids, years, strict=True))


def write_table(
    build: Path,
    spec: TableSpec,
    table: pa.Table,
    years: Mapping[str, int | None],
    settings: PublishSettings,
) -> list[Path]:
    """Write one table as one sorted file per fiscal year; an empty table still gets a file."""
    table = sort_rows(spec.name, table)
    row_years = [years.get(doc_id) for doc_id in table.column("doc_id").to_pylist()]
    if PARTITION_COLUMN in table.column_names:
        table = table.drop_columns([PARTITION_COLUMN])
    table = _dictionary_encode(table)
    year_column = pa.array(row_years, pa.int32())
    written = []
    for year in sorted(set(row_years), key=_year_order) or [None]:
        if year is None:
            mask = pc.is_null(year_column)
        else:
            mask = pc.fill_null(pc.equal(year_column, year), False)
        part = table.filter(mask) if row_years else table
        path = partition_path(build, spec.name, year)
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            part,
            path,
            compression=settings.compression,
            compression_level=settings.compression_level,
            row_group_size=settings.row_group_size,
            data_page_size=settings.data_page_size,
            use_dictionary=True,
            write_statistics=True,
            sorting_columns=_sorting_columns(spec.name, part.schema),
        )
        written.append(path)
    return written


def partition_path(root: Path, table: str, year: int | None) -> Path:
    value = NULL_PARTITION if year is None else str(year)
    return root / table / f"{PARTITION_COLUMN}={value}" / PART_FILE


def sort_rows(table_name: str, table: pa.Table) -> pa.Table:
    keys = [("doc_id", "ascending")] + [(k, "ascending") for k in SORT_KEYS.get(table_name, ())]
    return table.sort_by(keys) if table.num_rows else table


def read_published(out: Path, table: str) -> pa.Table:
    """One published table with ``fiscal_year`` as int32 (NULL for the unknown year)."""
    # Imported here: pyarrow.dataset loads pandas (0.25 s), and every start of the CLI
    # imports this module for its file names.
    import pyarrow.dataset as ds

    partitioning = ds.HivePartitioning(
        pa.schema([(PARTITION_COLUMN, pa.int32())]), null_fallback=NULL_PARTITION
    )
    dataset = ds.dataset(Path(out) / table, format="parquet", partitioning=partitioning)
    return dataset.to_table()


def _dictionary_encode(table: pa.Table) -> pa.Table:
    for i, name in enumerate(table.column_names):
        if name in CATEGORICAL_COLUMNS and pa.types.is_string(table.schema.field(i).type):
            encoded = table.column(i).cast(pa.dictionary(pa.int32(), pa.string()))
            table = table.set_column(i, name, encoded)
    return table


def _sorting_columns(table_name: str, schema: pa.Schema) -> list[pq.SortingColumn]:
    names = ["doc_id", *SORT_KEYS.get(table_name, ())]
    return [pq.SortingColumn(schema.get_field_index(n)) for n in names]


def _year_order(year: int | None) -> tuple[bool, int]:
    return (year is None, year or 0)


def _builds_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.builds"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _swap(out: Path, build: Path) -> None:
    """Point ``out`` at ``build`` with one rename (a symlink replaces the old one atomically)."""
    if out.exists() and not out.is_symlink():
        # A plain directory from elsewhere: move it aside once, then use the symlink scheme.
        aside = tempfile.mkdtemp(prefix=f".{out.name}.replaced-", dir=out.parent)
        os.rmdir(aside)
        out.rename(aside)
    link = out.with_name(f".{out.name}.link-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(os.path.relpath(build, out.parent), target_is_directory=True)
    os.replace(link, out)


def _prune(builds: Path, keep: set[Path | None]) -> None:
    for path in builds.iterdir():
        if path.is_dir() and path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)
