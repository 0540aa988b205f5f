"""Indicators written as a numbered list inside one table cell, one cell per project.

A 项目支出绩效目标表 may give each project one row and put all its indicators in one
绩效指标 cell: ``1、1-产出指标；11-数量指标；培训场次；实施周期指标值:≥6场；年度指标值:≥3场。
2、…``. Each numbered entry is one indicator: its fields (split at ；) are levels (known
names, with or without the budget system's code), labelled values (年度指标值:…) and the
indicator's name (what is left). The vocabulary lives in ``data/cell_indicators.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from normalizers.text import nfkc
from parsers.tables.headers import clean_label, normalise_header

LEVEL1 = "level1"
LEVEL2 = "level2"
NAME = "name"
TARGET = "target"
PERIOD_TARGET = "period_target"


@dataclass(frozen=True)
class CellRules:
    headings: frozenset[str]
    number: re.Pattern[str]
    field_separator: re.Pattern[str]
    trim: str
    level_code: re.Pattern[str]
    level_joiner: re.Pattern[str]
    inline_target: re.Pattern[str]
    labels: tuple[tuple[str, str], ...]  # (label, field), longest label first
    level1: tuple[str, ...]  # longest first
    level2: tuple[str, ...]


@dataclass(frozen=True)
class CellIndicator:
    """One entry of a list: what it states, as written."""

    level1: str | None
    level2: str | None
    name: str | None
    target_raw: str | None


@cache
def cell_rules() -> CellRules:
    raw = (files("parsers") / "data" / "cell_indicators.toml").read_text(encoding="utf-8")
    return load_cell_rules(raw)


def load_cell_rules(toml_text: str) -> CellRules:
    table = tomllib.loads(toml_text)
    entry, labels, levels = table["entry"], table["labels"], table["levels"]
    pairs = [(label, field) for field, names in labels.items() for label in names]
    return CellRules(
        headings=frozenset(table["column"]["headings"]),
        number=re.compile(entry["number"]),
        field_separator=re.compile(entry["field_separator"]),
        trim=entry["trim"],
        level_code=re.compile(entry["level_code"]),
        level_joiner=re.compile(entry["level_joiner"]),
        inline_target=re.compile(entry["inline_target"]),
        labels=tuple(sorted(pairs, key=lambda pair: -len(pair[0]))),
        level1=tuple(sorted(levels["level1"], key=len, reverse=True)),
        level2=tuple(sorted(levels["level2"], key=len, reverse=True)),
    )


def is_list_heading(text: str, rules: CellRules | None = None) -> bool:
    """Does a header cell head a column of in-cell indicator lists (绩效指标)?"""
    return normalise_header(text) in (rules or cell_rules()).headings


def parse_indicator_list(text: str, rules: CellRules | None = None) -> list[CellIndicator]:
    """The indicators of one cell, in order; [] when the cell is no indicator list.

    An entry counts only when it names a level or a labelled value: a prose 绩效目标
    (``1、完成培训…；2、…``) is not a list of indicators.
    """
    rules = rules or cell_rules()
    folded = _one_line(text)
    if not folded:
        return []
    entries = split_entries(folded, rules)
    if entries == [folded]:  # no entry numbers
        entries = split_unnumbered(text, rules)
    found = [parse_entry(entry, rules) for entry in entries]
    return [entry for entry in found if entry is not None]


def split_entries(text: str, rules: CellRules) -> list[str]:
    """The text cut at its entry numbers 1, 2, 3, … (numbers out of sequence are text)."""
    starts: list[tuple[int, int]] = []  # (where the number starts, where its entry starts)
    expected = 1
    for match in rules.number.finditer(text):
        if _number(match) != expected:
            continue
        starts.append((match.start(), match.end()))
        expected += 1
    if not starts:
        return [text]
    entries = [text[: starts[0][0]]] if text[: starts[0][0]].strip(rules.trim) else []
    for position, (_, begin) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(text)
        entries.append(text[begin:end])
    return entries


def split_unnumbered(text: str, rules: CellRules) -> list[str]:
    """Entries without numbers: a line or ；-field starting with a level opens the next
    entry once the one before has more than levels (数量指标:培训人次≥500；质量指标:…)."""
    joined = ""
    for line in nfkc(text.translate(_CIRCLED)).splitlines():
        line = _one_line(line)
        starts_level = _leading_level(line, rules, has_level1=False)[0] is not None
        joined += f"；{line}" if joined and starts_level else line
    entries: list[list[str]] = [[]]
    has_content = False
    for raw_field in rules.field_separator.split(joined):
        field = raw_field.strip(rules.trim)
        if not field:
            continue
        only_levels, after = _strip_levels(field, rules)
        if has_content and only_levels is not None:
            entries.append([])
            has_content = False
        entries[-1].append(field)
        has_content = has_content or bool(after)
    return ["；".join(fields) for fields in entries if fields]


def _strip_levels(field: str, rules: CellRules) -> tuple[str | None, str]:
    """(the first level a field starts with or None, what follows its levels)."""
    first: str | None = None
    remainder, has_level1 = field, False
    while remainder:
        level, after = _leading_level(remainder, rules, has_level1=has_level1)
        if level is None:
            break
        first = first or after[0]
        has_level1 = has_level1 or level == LEVEL1
        remainder = rules.level_joiner.sub("", after[1], count=1).strip(rules.trim)
    return first, remainder


def parse_entry(entry: str, rules: CellRules) -> CellIndicator | None:
    level1: str | None = None
    level2: str | None = None
    named: dict[str, str] = {}
    rest: list[str] = []
    for raw_field in rules.field_separator.split(entry):
        field = raw_field.strip(rules.trim)
        if not field:
            continue
        label, value = _labelled(field, rules)
        if label is not None:
            named.setdefault(label, value)
            continue
        remainder = field
        # levels come first: once both are known, a level's word is the name (服务对象满意度)
        while remainder and level2 is None and not rest:
            level, after = _leading_level(remainder, rules, has_level1=level1 is not None)
            if level is None:
                break
            if level == LEVEL1:
                level1 = after[0]
            else:
                level2 = after[0]
            remainder = rules.level_joiner.sub("", after[1], count=1).strip(rules.trim)
        if remainder:
            rest.append(remainder)
    level1 = named.get(LEVEL1, level1)
    level2 = named.get(LEVEL2, level2)
    name = named.get(NAME) or ("；".join(rest) if rest else None)
    target = named.get(TARGET) or named.get(PERIOD_TARGET)
    if level1 is None and level2 is None and target is None:
        return None  # neither a level nor a labelled value: a sentence, not an indicator
    if target is None and name is not None:
        # 产出指标-时效指标-完成时间:12月底前: the name, then its value after a colon
        before, colon, value = name.partition(":")
        if colon and before.strip() and value.strip():
            name, target = before.strip(rules.trim), value.strip(rules.trim)
        elif (stated := rules.inline_target.search(name)) and stated.start() > 0:
            # 培训人次≥500人次: the name, then its target from the operator on
            name, target = name[: stated.start()].strip(rules.trim), name[stated.start() :]
    if name is None and target is None:
        return None
    return CellIndicator(level1=level1, level2=level2, name=name, target_raw=target)


def split_level_prefix(
    text: str, rules: CellRules | None = None
) -> tuple[str | None, str | None, str]:
    """``产出指标数量指标培训场次`` -> (产出指标, 数量指标, 培训场次): the level names a cell
    writes before the indicator's name when the table has no level columns."""
    rules = rules or cell_rules()
    level1: str | None = None
    level2: str | None = None
    remainder = text
    while remainder:
        level, after = _leading_level(remainder, rules, has_level1=level1 is not None)
        if level is None or (level == LEVEL1 and level1 is not None) or level2 is not None:
            break
        if level == LEVEL1:
            level1 = after[0]
        else:
            level2 = after[0]
        remainder = after[1]
    if not remainder.strip():
        return None, None, text
    return level1, level2, remainder


def _leading_level(
    text: str, rules: CellRules, *, has_level1: bool
) -> tuple[str | None, tuple[str, str]]:
    """The level name ``text`` starts with (code prefix allowed): (which level, (the
    name as a full 指标 name, what follows)); (None, …) when it starts with none."""
    code_match = rules.level_code.match(text)
    code = re.sub(r"\s", "", code_match.group("code")) if code_match else None
    body = text[code_match.end() :] if code_match else text
    for vocabulary, level in ((rules.level1, LEVEL1), (rules.level2, LEVEL2)):
        if level == LEVEL1 and (has_level1 or (code is not None and len(code) != 1)):
            continue
        if level == LEVEL2 and code is not None and len(code) == 1 and not has_level1:
            continue
        for name in vocabulary:
            if body.startswith(name):
                return level, (name, body[len(name) :])
            # without its 指标 (社会效益) a level name must stand alone: 满意度调查率 is a name
            stem = name.removesuffix("指标")
            after = body[len(stem) :]
            if body.startswith(stem) and (not after.strip() or rules.level_joiner.match(after)):
                return level, (name, after)
    return None, (text, text)


def _labelled(field: str, rules: CellRules) -> tuple[str | None, str]:
    """(field name, value) of a ``年度指标值:≥3场`` field; (None, field) for other fields."""
    for label, name in rules.labels:
        if not field.startswith(label):
            continue
        after = field[len(label) :].lstrip()
        if after[:1] in {":", "："}:
            return name, after[1:].strip(rules.trim) or ""
    return None, field


def _number(match: re.Match[str]) -> int:
    return int(match.group("arabic") or match.group("bracketed"))


# NFKC turns ① into a bare 1: it is read as (1) first.
_CIRCLED = {ord("①") + n: f"({n + 1})" for n in range(20)}


def _one_line(text: str) -> str:
    """The cell as one line: NFKC, wrapped lines joined (a line break in a cell is a wrap,
    even between two figures: ``4\n1-经济成本指标`` is ``41-…``)."""
    return clean_label(re.sub(r"\s*[\r\n]+\s*", "", nfkc(text.translate(_CIRCLED))))
