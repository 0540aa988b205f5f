"""Documents grouped into runs: contiguous ranges of the `documents` partitions.

A run of `extract_document` covers a range of partitions (its backfill policy is a single
run), and a range is contiguous in the partitions' order (the order they were added). The
documents to extract are cut into the fewest such ranges, each at most ``max_size`` long so
one run never grows without bound; `pipeline.dagster_internals.range_tags` asks for a run over
one.
"""

from collections.abc import Iterable, Sequence

MAX_DOCUMENTS_PER_RUN = 500


def partition_ranges(
    order: Sequence[str], wanted: Iterable[str], max_size: int = MAX_DOCUMENTS_PER_RUN
) -> list[list[str]]:
    """``wanted`` keys as runs of consecutive keys of ``order``; keys not in ``order`` are left
    out (they have no partition)."""
    wanted_set = set(wanted)
    ranges: list[list[str]] = []
    current: list[str] = []
    for key in order:
        if key in wanted_set and len(current) < max_size:
            current.append(key)
            continue
        if current:
            ranges.append(current)
        current = [key] if key in wanted_set else []
    if current:
        ranges.append(current)
    return ranges
