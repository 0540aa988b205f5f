"""Comparison operators of indicator targets (≥95%, 不低于90%, 10个以内) to ASCII form."""

from __future__ import annotations

import re

from normalizers.text import fold_width

# Ordered: longer and more specific spellings first. Prefix terms stand before the value,
# suffix terms after it (95%以上); both map to the same operator.
OPERATOR_TERMS: tuple[tuple[str, str], ...] = (
    (">=", ">="),
    ("<=", "<="),
    ("≥", ">="),
    ("≧", ">="),
    ("⩾", ">="),
    ("≤", "<="),
    ("≦", "<="),
    ("⩽", "<="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("大于等于", ">="),
    ("大于或等于", ">="),
    ("至少", ">="),
    ("以上", ">="),
    ("及以上", ">="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不大于", "<="),
    ("不多于", "<="),
    ("小于等于", "<="),
    ("小于或等于", "<="),
    ("以内", "<="),
    ("以下", "<="),
    ("及以下", "<="),
    ("控制在", "<="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    (">", ">"),
    ("<", "<"),
    ("＞", ">"),
    ("＜", "<"),
    ("=", "="),
    ("＝", "="),
    ("等于", "="),
)

_BY_LENGTH = sorted(OPERATOR_TERMS, key=lambda pair: -len(pair[0]))
_PATTERN = re.compile("|".join(re.escape(term) for term, _ in _BY_LENGTH))
_LOOKUP = dict(OPERATOR_TERMS)


def parse_operator(text: str | None) -> str | None:
    """The comparison ``text`` states: ``>=``, ``<=``, ``>``, ``<``, ``=`` or None.

    ``"≥95%"`` -> ``>=``; ``"≧90%"`` -> ``>=``; ``"不低于90%"`` -> ``>=``;
    ``"95%以上"`` -> ``>=``; ``"10个以内"`` -> ``<=``; ``"100%"`` -> None.
    The first (longest) operator term found in ``text`` wins.
    """
    if not text:
        return None
    folded = fold_width(text)
    match = _PATTERN.search(folded)
    if match is None:
        return None
    return _LOOKUP[match.group(0)]
