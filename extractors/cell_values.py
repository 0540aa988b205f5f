"""A spreadsheet cell's value as the reader of the sheet sees it: text, per its number format.

Pure. A workbook stores 95% as 0.95 with the format ``0%``, 1,234.50 as 1234.5 with
``#,##0.00``, and the result of a formula as a binary float (1234.4999999999998). The
document model wants what the sheet shows, as a DOCX table would hold it. Covered: General
(at most 15 significant digits, the precision Excel keeps, so float noise goes), fixed
decimals, thousands separators, percentages, quoted literal text (``0.00"万元"``), the
negative section of a two-part format, and dates. Anything rarer (fractions, scientific,
conditions) falls back to General.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

GENERAL_DIGITS = 15

# Parts of a format section that print nothing of the number: colours, locales and
# conditions in brackets, padding (_x), fill (*x) and escapes are handled separately.
_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"([^"]*)"')
_PAD_OR_FILL = re.compile(r"[_*].")
_DATE_CODES = re.compile(r"[ymdhs]|年|月|日", re.IGNORECASE)
_NUMBER_BODY = re.compile(r"[#0?,.]+(?:%)?")

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None


def display_value(value: CellValue, number_format: str = "General") -> str:
    """What the cell shows; an empty cell is the empty string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, dt.datetime | dt.date):
        return display_date(value, number_format)
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return display_number(float(value), number_format)


def display_number(value: float, number_format: str = "General") -> str:
    sections = _split_sections(number_format or "General")
    section = sections[0]
    negative_section = len(sections) > 1 and value < 0 and _NUMBER_BODY.search(sections[1])
    if negative_section:
        section, value = sections[1], -value  # the section prints its own sign, if any
    literal_prefix, body, literal_suffix = _parse_section(section)
    text = general(value) if body is None else _fixed(value, body)
    return f"{literal_prefix}{text}{literal_suffix}"


def general(value: float) -> str:
    """Excel's General format without exponents: 15 significant digits, no trailing zeros."""
    if value == 0:
        return "0"
    rounded = Decimal(format(value, f".{GENERAL_DIGITS}g"))
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def display_date(value: dt.date, number_format: str) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    if "年" in number_format:
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def _split_sections(number_format: str) -> list[str]:
    """The format's ``;``-separated sections, ignoring ``;`` inside quotes."""
    sections: list[str] = []
    current: list[str] = []
    quoted = False
    for char in number_format:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _parse_section(section: str) -> tuple[str, str | None, str]:
    """(literal text before, the digit pattern or None for General, literal text after)."""
    if section.strip().lower() in ("general", "@", ""):
        return "", None, ""
    cleaned = _PAD_OR_FILL.sub("", _BRACKETS.sub("", section))
    literals: list[str] = []
    marked = _QUOTED.sub(lambda m: _keep(literals, m.group(1)), cleaned)
    marked = re.sub(r"\\(.)", lambda m: _keep(literals, m.group(1)), marked)
    if _DATE_CODES.search(re.sub("\x00\\d+\x00", "", marked)):
        return "", None, ""
    match = _NUMBER_BODY.search(marked)
    if match is None or not re.search(r"[#0?]", match.group()):
        return "", None, ""
    before, after = marked[: match.start()], marked[match.end() :]
    return _restore(before, literals), match.group(), _restore(after, literals)


def _keep(literals: list[str], text: str) -> str:
    literals.append(text)
    return f"\x00{len(literals) - 1}\x00"


def _restore(text: str, literals: list[str]) -> str:
    restored = re.sub("\x00(\\d+)\x00", lambda m: literals[int(m.group(1))], text)
    return restored if restored.strip() else ""


def _fixed(value: float, body: str) -> str:
    percent = body.endswith("%")
    digits = body.rstrip("%")
    integer_part, _, fraction_part = digits.partition(".")
    decimals = sum(1 for c in fraction_part if c in "0#?")
    optional = sum(1 for c in fraction_part if c in "#?")
    # Trailing commas scale by 1000 each (#,##0, shows thousands).
    scale = len(integer_part) - len(integer_part.rstrip(","))
    grouped = "," in integer_part.rstrip(",")
    number = Decimal(format(abs(value), f".{GENERAL_DIGITS}g"))
    if percent:
        number *= 100
    number /= Decimal(1000) ** scale
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    text = format(number, ",f" if grouped else "f")
    if optional and "." in text:
        keep = len(text) - optional
        trimmed = text[:keep] + text[keep:].rstrip("0")
        text = trimmed.rstrip(".")
    if not integer_part.rstrip(",").count("0") and text.startswith("0."):
        text = text[1:]  # #.00 shows .50, not 0.50
    sign = "-" if value < 0 and number != 0 else ""
    return f"{sign}{text}{'%' if percent else ''}"
