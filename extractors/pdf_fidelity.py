"""A page's laid-out text checked against the order of its text layer.

The layout rebuilds lines from glyph positions; a producer whose geometry the layout
misreads (a font size that is not the drawn size, glyphs placed out of line) makes lines
that interleave the characters of several lines. Within a line, a cell or a word, the
text layer (the characters in the order the page draws them) almost always has the same
neighbours as the reading, so the pairs of neighbouring characters of the laid-out text
that never occur next to each other in the text layer measure how far the layout went
wrong. A page whose share of such pairs is beyond the tolerance is reported, so the next
unseen producer is caught rather than read as nonsense.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FidelityTolerance:
    """When a page's laid-out text is taken to disagree with its text layer."""

    # Share of the laid-out neighbouring pairs that must also be neighbours in the layer.
    min_agreement: float = 0.8
    # Pages with fewer pairs than this are too short to judge (a title, a page number).
    min_pairs: int = 20


FIDELITY = FidelityTolerance()


@dataclass(frozen=True)
class PairAgreement:
    """How many neighbouring character pairs of a page's reading its text layer also has."""

    agreeing: int
    pairs: int

    @property
    def share(self) -> float:
        return self.agreeing / self.pairs if self.pairs else 1.0

    def disagrees(self, tol: FidelityTolerance = FIDELITY) -> bool:
        return self.pairs >= tol.min_pairs and self.share < tol.min_agreement


def _squeezed(text: str) -> str:
    return "".join(text.split())


def pair_agreement(layer: Iterable[str], reading: Iterable[str]) -> PairAgreement:
    """Pairs of neighbouring characters (whitespace ignored) of each piece of ``reading``
    (a line, a cell) found anywhere among the neighbours of the text ``layer`` (the
    characters in drawing order)."""
    drawn = _squeezed("".join(layer))
    known = {drawn[i : i + 2] for i in range(len(drawn) - 1)}
    agreeing = pairs = 0
    for piece in reading:
        text = _squeezed(piece)
        for i in range(len(text) - 1):
            pairs += 1
            agreeing += text[i : i + 2] in known
    return PairAgreement(agreeing, pairs)
