"""Numbers as written in the reports to exact ``Decimal`` values.

Handles thousands separators (ASCII or full-width comma), full-width digits and points,
surrounding spaces, a sign, and stray spaces or a line break inside a number that PDF
text extraction leaves (``1022.\\n89``). Never goes through binary float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from normalizers.text import fold_width

# After width folding: digits with optional thousands groups and an optional fraction.
_NUMBER = re.compile(
    r"""
    (?P<sign>[-+−])?\s*
    (?P<int>\d{1,3}(?:[,，]\s?\d{3})+|\d+)
    (?:\s*[.．]\s*(?P<frac>\d+))?
    """,
    re.VERBOSE,
)
_PERCENT_SIGNS = "%％‰"
_FULLWIDTH_EXTRAS = str.maketrans({"．": ".", "，": ",", "−": "-", "－": "-", "＋": "+"})


def parse_number(text: str | None) -> Decimal | None:
    """The number ``text`` spells, or None when it is not exactly one number.

    ``"2,118.33"`` -> 2118.33, ``"2，118.33"`` -> 2118.33, ``"１２３．４５"`` -> 123.45,
    ``"1022.89 "`` -> 1022.89, ``"1022.\\n89"`` -> 1022.89, ``"abc"`` -> None.
    """
    if text is None:
        return None
    folded = fold_width(text).translate(_FULLWIDTH_EXTRAS).strip()
    if not folded:
        return None
    match = _NUMBER.fullmatch(folded)
    if match is None:
        return None
    return _to_decimal(match)


def _to_decimal(match: re.Match[str]) -> Decimal | None:
    digits = re.sub(r"[,，\s]", "", match.group("int"))
    frac = match.group("frac")
    literal = digits + ("." + frac if frac else "")
    if match.group("sign") in {"-", "−"}:
        literal = "-" + literal
    try:
        return Decimal(literal)
    except InvalidOperation:
        return None


def parse_percent(text: str | None) -> Decimal | None:
    """A percentage as a fraction: ``"96.19%"`` -> 0.9619; ``"91%%"`` -> 0.91.

    Returns None when ``text`` has no percent sign or its number does not parse. ``‰`` is
    per mille (``"5‰"`` -> 0.005).
    """
    if text is None:
        return None
    stripped = fold_width(text).strip()
    if not stripped or stripped[-1] not in _PERCENT_SIGNS:
        return None
    per_mille = stripped.endswith("‰")
    value = parse_number(stripped.rstrip(_PERCENT_SIGNS + " "))
    if value is None:
        return None
    return value / (Decimal(1000) if per_mille else Decimal(100))


def digits_as_written(text: str) -> str:
    """The number as the report wrote it, with line breaks and stray spaces removed.

    Keeps separators and full-width forms (``2,118.33`` stays ``2,118.33``) but joins a
    number split across lines (``1022.\\n89`` -> ``1022.89``).
    """
    return re.sub(r"\s+", "", text)
