"""How long a run of N documents will take, from the runs of the same series so far.

The budget needs this: `jixiao extract` has a fixed cost per run (start-up, the Dagster run,
the worker processes) of several seconds, so the wall time of 10 documents divided by 10
overstates the cost of a document tenfold and would skip the large sizes for no reason.
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_PER_DOC_S = 0.02  # a floor against noise: two close runs can give a marginal cost of ~0


def estimate_wall(points: Sequence[tuple[int, float]], size: int, prior_per_doc_s: float) -> float:
    """Seconds for ``size`` documents, from (documents, wall seconds) of earlier runs.

    A straight line: fixed cost plus cost per document. Two sizes or more give the slope
    between the two largest; one gives the fixed cost, with ``prior_per_doc_s`` as slope;
    none gives ``prior_per_doc_s`` per document and no fixed cost.
    """
    if not points:
        return prior_per_doc_s * size
    ordered = sorted(points)
    large, large_wall = ordered[-1]
    per_doc = prior_per_doc_s
    if len(ordered) > 1:
        small, small_wall = ordered[-2]
        if large > small:
            per_doc = max((large_wall - small_wall) / (large - small), MIN_PER_DOC_S)
    fixed = max(large_wall - per_doc * large, 0.0)
    return fixed + per_doc * size
