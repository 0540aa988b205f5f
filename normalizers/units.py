"""Money units to 万元 with exact decimal arithmetic."""

from __future__ import annotations

from decimal import Decimal

# How many 万元 one unit is worth. 万 alone is read as 万元 (the reports drop 元 in lists).
WAN_PER_UNIT: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "万": Decimal(1),
    "百万元": Decimal(100),
    "千万元": Decimal(1000),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
}

MONEY_UNITS: tuple[str, ...] = tuple(sorted(WAN_PER_UNIT, key=len, reverse=True))


class UnknownUnit(ValueError):
    """A unit that is not a money unit we know."""


def to_wan(value: Decimal, unit: str) -> Decimal:
    """``value`` in ``unit`` as 万元, exactly: to_wan(217402.51, "元") == 21.740251.

    Raises UnknownUnit for a unit not in WAN_PER_UNIT (a programming error: callers
    only pass units their pattern matched).
    """
    factor = WAN_PER_UNIT.get(unit.strip())
    if factor is None:
        raise UnknownUnit(f"not a money unit: {unit!r}")
    return _exact(value * factor)


def is_money_unit(unit: str) -> bool:
    return unit.strip() in WAN_PER_UNIT


def canonical_unit(unit: str) -> str:
    """The unit as the contract's raw_unit column names it (万 -> 万元, 亿 -> 亿元)."""
    unit = unit.strip()
    return {"万": "万元", "亿": "亿元"}.get(unit, unit)


def _exact(value: Decimal) -> Decimal:
    # Drop trailing zeros the factor introduced (880.5200 -> 880.52) but keep integers
    # integral (1.2亿元 -> 12000, not 1.2E+4).
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return normal.quantize(Decimal(1))
    return normal
