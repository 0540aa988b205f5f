"""Indicator blocks (一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分) to rows.

Levels 1 and 2 are filled down: a merged cell repeats its text (DOCX/PDF) or leaves the
covered cells empty (TXT), and either way the row below belongs to the level above. The
weight written in a level-1 cell, ``产出指标(50分)``, is that level's total. A 合计/总分
row closes the block and gives the table total (for checks), not an indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extractors.model import Table
from normalizers.text import nfkc
from parsers.tables.cell_lists import split_level_prefix
from parsers.tables.headers import (
    clean_label,
    is_blank,
    is_total_label,
    normalise_header,
    split_level_weight,
)
from parsers.tables.layout import PROJECT_NAME_LABELS, Region, distinct_cells
from parsers.tables.values import NULL_MARKS, numbers_in, parse_indicator_value, parse_score

# Rows that end an indicator block even without a new header (the 说明 row of a 自评表,
# the signature line under it, a title row of the next form in a TXT export).
STOP_LABELS: tuple[str, ...] = (
    "说明",
    "填表人",
    "备注说明",
    "审核人",
    "单位负责人",
    *PROJECT_NAME_LABELS,
)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator as the table states it (the record adds table_seq, scope, project)."""

    level1: str | None
    level2: str | None
    level3: str | None
    target_raw: str | None
    actual_raw: str | None
    target_op: str | None
    target_value: float | None
    actual_value: float | None
    target_unit: str | None
    actual_unit: str | None
    weight: float | None
    score: float | None
    note: str | None
    page: int | None


@dataclass(frozen=True)
class TotalRow:
    weight: float | None
    score: float | None
    page: int | None


@dataclass
class IndicatorBlock:
    rows: list[IndicatorRow] = field(default_factory=list)
    total: TotalRow | None = None
    level_weights: dict[str, float] = field(default_factory=dict)
    closed: bool = False  # a total or a stop row was reached inside the table
    last_level1: str | None = None
    last_level2: str | None = None


def parse_indicator_region(
    table: Table, region: Region, carry: IndicatorBlock | None = None
) -> IndicatorBlock:
    """Read an indicator block; ``carry`` continues a block begun on the previous page."""
    block = IndicatorBlock()
    level1 = carry.last_level1 if carry else None
    level2 = carry.last_level2 if carry else None
    start = region.header_row + 1
    for r in range(start, region.end_row):
        cells = table.rows[r]
        if _is_stop_row(cells):
            block.closed = True
            break
        if _is_total_row(table, r, region):
            block.total = _total_of(table, r, region)
            block.closed = True
            break
        raw1 = _cell(cells, region.column("level1"))
        raw2 = _cell(cells, region.column("level2"))
        if not is_blank(raw1):
            label1, level_weight = split_level_weight(raw1)
            level1 = label1 or None  # "(50分)" alone: the label was an image
            if level_weight is not None:
                block.level_weights[label1] = level_weight
            if level2 is not None and is_blank(raw2):
                level2 = None
        if not is_blank(raw2):
            level2 = split_level_weight(raw2)[0] or None
        row = _indicator_row(table, r, region, level1, level2)
        if row is None:
            continue
        if block.rows and _continues_over_page(block.rows[-1], row):
            block.rows[-1] = _join(block.rows[-1], row)
        else:
            block.rows.append(row)
    block.last_level1, block.last_level2 = level1, level2
    return block


def _indicator_row(
    table: Table, r: int, region: Region, level1: str | None, level2: str | None
) -> IndicatorRow | None:
    cells = table.rows[r]
    level3 = _indicator_name(_cell(cells, region.column("level3")))
    if level3 and region.column("level1") is None and region.column("level2") is None:
        # one 绩效指标 column writes the levels before the name: 产出指标数量指标培训场次
        named1, named2, level3 = split_level_prefix(level3)
        level1, level2 = named1 or level1, named2 or level2
    target_raw = _raw(_cell(cells, region.column("target")))
    actual_raw = _raw(_cell(cells, region.column("actual")))
    weight = parse_score(_cell(cells, region.column("weight")))
    score = parse_score(_cell(cells, region.column("score")))
    no_values = target_raw is None and actual_raw is None and weight is None and score is None
    if no_values and (level3 is None or _PLACEHOLDER.match(level3)):
        return None  # a spacer row, a level cell alone, or the template's 指标2 / ……
    target = parse_indicator_value(target_raw)
    actual = parse_indicator_value(actual_raw)
    return IndicatorRow(
        level1=level1,
        level2=level2,
        level3=level3,
        target_raw=target_raw,
        actual_raw=actual_raw,
        target_op=target.op or _operator(_cell(cells, region.column("target_op"))),
        target_value=target.value,
        actual_value=actual.value,
        target_unit=target.unit or _text(_cell(cells, region.column("target_unit"))),
        actual_unit=actual.unit,
        weight=weight,
        score=score,
        note=_text(_cell(cells, region.column("note"))),
        page=table.page_of_row(r),
    )


# The blank template's own rows (指标1: / 指标2 / ……) and its numbering prefix.
_PLACEHOLDER = re.compile(r"^(?:指标\s*\d*\s*[:：]?|[…\.。·]+|/)$")
_TEMPLATE_PREFIX = re.compile(r"^指标\s*\d+\s*[:：]?\s*(?=[^\s:：])")


def _indicator_name(cell: str) -> str | None:
    """The 三级指标 text, without the template's ``指标1:`` numbering."""
    text = _text(cell)
    if text is None or _PLACEHOLDER.match(text):
        return text
    return _TEMPLATE_PREFIX.sub("", text) or text


def _operator(cell: str) -> str | None:
    """The operator a 指标性质 column states (≥, ＝); 定性 (qualitative) states none."""
    text = nfkc(cell).strip()
    return parse_indicator_value(f"{text}0").op if text and len(text) <= 2 else None


def _continues_over_page(previous: IndicatorRow, row: IndicatorRow) -> bool:
    """A row cut by a PDF page break: the rest of the indicator's name on the next page,
    with no value, weight or score of its own."""
    return (
        row.page is not None
        and previous.page is not None
        and row.page > previous.page
        and row.level3 is not None
        and row.target_raw is None
        and row.actual_raw is None
        and row.weight is None
        and row.score is None
    )


def _join(previous: IndicatorRow, rest: IndicatorRow) -> IndicatorRow:
    return replace(previous, level3=f"{previous.level3 or ''}{rest.level3}")


def _is_stop_row(cells: tuple[str, ...]) -> bool:
    labels = {normalise_header(cell) for cell in cells if not is_blank(cell)}
    if labels & set(STOP_LABELS):
        return True
    # the title row of the next form: one cell naming a table (…情况表, …自评表)
    return len(labels) == 1 and next(iter(labels)).endswith(("表", "年度)", "年度"))


def _is_total_row(table: Table, r: int, region: Region) -> bool:
    cells = table.rows[r]
    if any(is_total_label(cell) for cell in cells):
        return True
    # A 合计 label exported as an image ([image: ]) leaves only numbers: a last row holding
    # nothing but numbers is the total.
    filled = [cell for cell in cells if not is_blank(cell)]
    if not filled or not all(numbers_in(cell) and _only_numbers(cell) for cell in filled):
        return False
    return all(
        all(is_blank(cell) for cell in table.rows[later]) for later in range(r + 1, region.end_row)
    )


def _only_numbers(cell: str) -> bool:
    return all(ch.isdigit() or ch in ". ,%分" for ch in nfkc(cell).strip())


def _total_of(table: Table, r: int, region: Region) -> TotalRow:
    cells = table.rows[r]
    weight = parse_score(_cell(cells, region.column("weight")))
    score = parse_score(_cell(cells, region.column("score")))
    if weight is None and score is None:
        weight, score = _numbers_after_label(table, r)
    return TotalRow(weight=weight, score=score, page=table.page_of_row(r))


def _numbers_after_label(table: Table, r: int) -> tuple[float | None, float | None]:
    """The total's numbers when they do not sit under 分值/得分: two are weight and score,
    one is the score (``合计 | 98``; ``总分 | 100   100``; ``[image] | 100 | 98.5``)."""
    numbers: list[float] = []
    for _, text in distinct_cells(table, r):
        if is_total_label(text):
            numbers.clear()
            continue
        numbers.extend(float(n) for n in numbers_in(text))
    if len(numbers) >= 2:
        return numbers[0], numbers[1]
    if len(numbers) == 1:
        return None, numbers[0]
    return None, None


def _cell(cells: tuple[str, ...], col: int | None) -> str:
    if col is None or col >= len(cells):
        return ""
    return cells[col]


def _text(cell: str) -> str | None:
    if is_blank(cell):
        return None
    return clean_label(cell) or None


def _raw(cell: str) -> str | None:
    """A value cell as written: only the padding around it is dropped. A bare dash or
    slash (not applicable) is no value."""
    if is_blank(cell) or nfkc(cell).strip() in NULL_MARKS:
        return None
    return cell.strip()
