"""Score jixiao on the real development corpus beside the project (``make corpus``).

Extracts ``<corpus>/files`` into a temporary folder with ``jixiao extract``, then prints
``score_docs.py``'s per-document table for the corpus's own labels, for the project's labels
(``tests/corpus_labels``) and for both together, and the reader's warnings per file. Not part
of ``make test``: the corpus is third-party documents kept beside the project, not in it, and
may be absent on a fresh machine, which this says and exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

PROJECT = Path(__file__).resolve().parent.parent
PROJECT_LABELS = PROJECT / "tests" / "corpus_labels"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT.parent / "shared" / "corpus")
    parser.add_argument(
        "--scorer", type=Path, default=None, help="score_docs.py (default: beside the corpus)"
    )
    parser.add_argument("--keep", type=Path, default=None, help="extract here and keep it")
    parser.add_argument("--verbose", action="store_true", help="every fact, not only misses")
    args = parser.parse_args()

    files = args.corpus / "files"
    scorer = args.scorer or args.corpus.parent / "tools" / "score_docs.py"
    if not files.is_dir() or not scorer.is_file():
        print(f"make corpus: no corpus at {files} (or no scorer at {scorer}); nothing to score")
        return 0

    work = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-corpus-"))
    curated = work / "curated"
    if curated.exists():
        shutil.rmtree(curated)
    jixiao = Path(sys.executable).with_name("jixiao")
    print(f"extracting {files} -> {curated}", flush=True)
    subprocess.run([str(jixiao), "extract", str(files), "--out", str(curated)], check=False)

    label_sets = [("corpus labels", args.corpus / "labels"), ("project labels", PROJECT_LABELS)]
    present = [(name, d) for name, d in label_sets if d.is_dir() and any(d.glob("*.json"))]
    combined = work / "all-labels"
    shutil.rmtree(combined, ignore_errors=True)
    combined.mkdir(parents=True)
    for _, directory in present:
        for label in directory.glob("*.json"):
            shutil.copy(label, combined / label.name)
    if len(present) > 1:
        present.append(("all labels", combined))
    for name, directory in present:
        print(f"\n== {name} ({directory})", flush=True)
        command = [sys.executable, str(scorer), "--curated", str(curated), "--gold", str(directory)]
        command += ["--by-field"] if name != "project labels" else []
        command += ["--verbose"] if args.verbose else []
        subprocess.run(command, check=False)

    print_warnings(curated)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_warnings(curated: Path) -> None:
    """The reader's warnings and errors per file, so an unseen producer's fault shows here."""
    rows: list[dict] = []
    for path in sorted((curated / "extraction_errors").rglob("*.parquet")):
        rows.extend(pq.read_table(path, partitioning=None).to_pylist())
    by_file: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        message = f"{row['stage']}/{row['error_type']}: {row['message']}"
        by_file[row["source_path"]].append(
            message if len(message) <= 160 else message[:157] + "..."
        )
    print(f"\n== warnings and errors ({len(rows)} in {len(by_file)} files)")
    for source, messages in sorted(by_file.items()):
        print(source)
        for message in messages:
            print(f"   {message}")


if __name__ == "__main__":
    sys.exit(main())
