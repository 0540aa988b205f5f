"""Standard 决算/预算 tables found in a document, and the figures their templates place.

A table is a template's when a title line right before it (or a title row at its top)
names the template. A table that follows one without a title of its own (only page
furniture between: 表1, 单位：万元, a page number), or under the same title again, is the
same table continued on the next page: its rows are read with the first page's header.
Money is in the unit the title lines or top rows state (单位：元), else in the unit of the
table before it, else 万元.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.model import Document, Paragraph, Table
from normalizers.numbers import parse_number
from normalizers.units import canonical_unit, to_wan
from parsers.tables.headers import header_unit, is_blank
from parsers.tables.template_rules import CellRule, Template, match_title, squeeze
from parsers.tables.values import Money

DEFAULT_UNIT = "万元"
# Lines between a table and its continuation are page furniture: short ones only.
MAX_FURNITURE_CHARS = 40
# How many lines before a table may hold its title (表3 / title / 部门：… 单位：…).
TITLE_LOOKBACK = 4
TOP_ROWS = 4  # rows at a table's top that may repeat its title and unit

TOTAL_LABELS = ("合计", "总计")
SUBTOTAL_LABELS = frozenset({"小计", "合计"})
COLUMN_NUMBER_LABELS = frozenset({"栏次", "**", "*"})
ROW_NUMBER_HEADER = re.compile(r"行次|栏次")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|亿元|千元)")
_NUMBERING = re.compile(
    r"^(?:[0-9]+[、.．]|[(（][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.])"
)
# A table title: text ending in 表 (brackets after it allowed), more than a table number.
_TITLE_LIKE = re.compile(r"[\u4e00-\u9fff]{3,}表(?:[(（][^)）]*[)）])?$")
# A thousands separator in the wrong place (128138,600): the digits are still the number.
_MISGROUPED = re.compile(r"^[-+]?\d+(?:,\d{3})+(?:\.\d+)?$")


@dataclass
class TemplateTable:
    """One standard table, possibly over several pages (``parts``)."""

    template: Template
    unit: str
    parts: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class TemplateFigure:
    """A figure a template places: which table, which field, the money and its row."""

    template: Template
    table_index: int
    field: str
    metric: str | None
    money: Money
    row_text: str
    page: int | None


def find_template_tables(doc: Document) -> list[TemplateTable]:
    found: list[TemplateTable] = []
    lines: list[str] = []
    current: TemplateTable | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        top = _top_lines(block)
        context = lines[-TITLE_LOOKBACK:] + top
        template = next((t for t in map(match_title, reversed(context)) if t is not None), None)
        continues = current is not None and current.parts[-1].n_cols == block.n_cols
        if template is None and continues and _furniture_only(lines):
            assert current is not None
            current.parts.append(block)
        elif template is not None and continues and current and current.template is template:
            current.parts.append(block)
        elif template is not None:
            stated = _unit(context, block)
            unit = stated or (found[-1].unit if found else DEFAULT_UNIT)
            current = TemplateTable(template, unit, [block])
            found.append(current)
        else:
            current = None
        lines = []
    return found


def read_figures(tables: list[TemplateTable]) -> list[TemplateFigure]:
    """Every figure each table's template places, in template-cell order."""
    figures: list[TemplateFigure] = []
    for index, table in enumerate(tables):
        grid = _Grid(table)
        for rule in table.template.cells:
            placed = grid.read(rule)
            if placed is not None:
                money, row_text, page = placed
                figures.append(
                    TemplateFigure(
                        table.template, index, rule.field, rule.metric, money, row_text, page
                    )
                )
    return figures


def parse_table_money(text: str, unit: str) -> Money | None:
    """A money cell in the table's unit; digits grouped in the wrong place still count."""
    written = text.strip()
    folded = squeeze(written)
    if not folded:
        return None
    number = parse_number(folded)
    if number is None and _MISGROUPED.match(folded):
        number = parse_number(folded.replace(",", ""))
    if number is None:
        return None
    canonical = canonical_unit(unit)
    return Money(to_wan(number, canonical), written, canonical)


def _top_lines(table: Table) -> list[str]:
    """Title and unit lines written as rows at the table's top (one distinct text each)."""
    lines = []
    for row in table.rows[:TOP_ROWS]:
        texts = list(dict.fromkeys(t.strip() for t in row if not is_blank(t)))
        if len(texts) > 2:
            break
        lines.extend(texts)
    return lines


def _furniture_only(lines: list[str]) -> bool:
    """Lines a page break puts between a table and its continuation: short, and none the
    title of another table (…预算表; a bare table number such as 表3 or 公开01表 is fine)."""
    return all(
        len(text := squeeze(line)) <= MAX_FURNITURE_CHARS and not _TITLE_LIKE.search(text)
        for line in lines
    )


def _unit(lines: list[str], table: Table) -> str | None:
    """The unit the title lines or top rows state; None when they state none (the table
    then follows the document's tables before it: a set of tables states 单位：元 on each,
    and one that forgets it is in 元 too)."""
    for line in reversed(lines):
        match = _UNIT.search(squeeze(line))
        if match:
            return match.group(1)
    return header_unit(tuple(c for row in table.rows[:TOP_ROWS] for c in row))


def _label(cell: str) -> str:
    text = re.sub(r"^其中[:：]?", "", squeeze(cell))
    return _NUMBERING.sub("", text).strip(":：")


_Paths = list[tuple[str, ...]]
_Candidate = tuple[Table, int, _Paths, int]


class _Grid:
    """A template table's rows with the header path of every column."""

    def __init__(self, table: TemplateTable) -> None:
        self.unit = table.unit
        # (part, first data row, column -> header cells)
        self.parts: list[tuple[Table, int, list[tuple[str, ...]]]] = []
        first_paths: list[tuple[str, ...]] | None = None
        for part in table.parts:
            start = _header_end(part, self.unit)
            paths = _header_paths(part, start)
            if start == 0 and first_paths is not None and len(first_paths) == part.n_cols:
                paths = first_paths
            if first_paths is None:
                first_paths = paths
            self.parts.append((part, start, paths))

    def rows(self) -> list[tuple[Table, int, list[tuple[str, ...]]]]:
        return [
            (part, r, paths) for part, start, paths in self.parts for r in range(start, part.n_rows)
        ]

    def read(self, rule: CellRule) -> tuple[Money, str, int | None] | None:
        for part, r, paths, label_col in self._candidate_rows(rule):
            money = (
                self._in_columns(part, r, paths, rule.columns)
                if rule.columns
                else self._right_of(part, r, paths, label_col)
            )
            if money is not None:
                return money, _row_text(part, r), part.page_of_row(r)
            if rule.rows:
                return None  # the labelled row states no figure: do not guess another
        return None

    def _candidate_rows(self, rule: CellRule) -> Iterator[_Candidate]:
        """Rows the figure may sit in, with the label's column (-1: no label)."""
        rows = self.rows()
        if rule.rows:
            for alias in rule.rows:
                for part, r, paths in rows:
                    for col, cell in enumerate(part.rows[r]):
                        if _label(cell) == alias and _on_side(paths, col, rule.side):
                            yield part, r, paths, col
                            break
            return
        totals = [
            (part, r, paths, col)
            for part, r, paths in rows
            for col, cell in enumerate(part.rows[r])
            if _label(cell) in TOTAL_LABELS
        ]
        yield from totals[:1]
        if not totals and self.parts and self.parts[0][1] > 0:
            part, start, paths = self.parts[0]
            if start < part.n_rows:
                yield part, start, paths, -1

    def _in_columns(
        self, part: Table, r: int, paths: list[tuple[str, ...]], aliases: tuple[str, ...]
    ) -> Money | None:
        for alias in aliases:
            if "+" in alias:  # 人员经费支出+公用经费支出: the sum of columns of their own
                money = self._sum_of(part, r, paths, alias.split("+"))
                if money is not None:
                    return money
                continue
            cols = [c for c, path in enumerate(paths) if _path_has(path, alias)]
            if not cols:
                continue
            if len(cols) == 1 or SUBTOTAL_LABELS & set(alias.split("/")):
                return self._money(part, r, cols[0])  # the first 小计 is the group's own
            subtotals = [c for c in cols if SUBTOTAL_LABELS & set(paths[c])]
            if subtotals:
                return self._money(part, r, subtotals[0])
            # a group header over its parts (基本支出 over 人员经费 | 公用经费): their sum
            values = [m for c in cols if (m := self._money(part, r, c)) is not None]
            if not values:
                return None
            total = sum((m.value_wan for m in values), Decimal(0))
            return Money(total, "+".join(m.raw_value for m in values), values[0].raw_unit)
        return None

    def _sum_of(
        self, part: Table, r: int, paths: list[tuple[str, ...]], aliases: list[str]
    ) -> Money | None:
        values = [self._in_columns(part, r, paths, (alias,)) for alias in aliases]
        if any(v is None for v in values):
            return None
        found = [v for v in values if v is not None]
        total = sum((m.value_wan for m in found), Decimal(0))
        return Money(total, "+".join(m.raw_value for m in found), found[0].raw_unit)

    def _right_of(
        self, part: Table, r: int, paths: list[tuple[str, ...]], label_col: int
    ) -> Money | None:
        cells = part.rows[r]
        for col in range(label_col + 1, len(cells)):
            if col < len(paths) and any(ROW_NUMBER_HEADER.search(h) for h in paths[col]):
                continue
            if is_blank(cells[col]):
                continue
            return self._money(part, r, col)  # a label here ends the search
        return None

    def _money(self, part: Table, r: int, col: int) -> Money | None:
        if col >= len(part.rows[r]) or part.is_merged(r, col):
            return None
        return parse_table_money(part.rows[r][col], self.unit)


def _header_end(table: Table, unit: str) -> int:
    """The first data row: the first row with a money cell that is not a 栏次 row."""
    for r, row in enumerate(table.rows):
        if _is_column_numbers(row):
            continue
        if any(parse_table_money(cell, unit) is not None for cell in row[1:]):
            return r
        if any(parse_table_money(cell, unit) is not None for cell in row[:1]) and r > 0:
            return r
    return table.n_rows


def _is_column_numbers(row: tuple[str, ...]) -> bool:
    """A 栏次 row (栏次 | 1 | 2 | 3, or ** | 1 | 2): column numbers, not data."""
    texts = [squeeze(c) for c in row if not is_blank(c)]
    if any(t in COLUMN_NUMBER_LABELS for t in texts):
        return True
    numbers = [int(t) for t in texts if t.isdigit()]
    return len(numbers) >= 3 and len(numbers) == len(texts) and numbers == sorted(set(numbers))


def _header_paths(table: Table, end: int) -> list[tuple[str, ...]]:
    return [
        tuple(
            dict.fromkeys(
                squeeze(table.cell(r, c)) for r in range(end) if not is_blank(table.cell(r, c))
            )
        )
        for c in range(table.n_cols)
    ]


def _path_has(path: tuple[str, ...], alias: str) -> bool:
    """Every part of ``alias`` (决算数/合计) names a header cell of the column: equal, or
    (parts of four characters or more) inside it (三公经费 in 财政拨款安排的三公经费)."""
    return all(
        any(cell == part or (len(part) >= 4 and part in cell) for cell in path)
        for part in alias.split("/")
    )


def _on_side(paths: list[tuple[str, ...]], col: int, side: str | None) -> bool:
    if side is None:
        return True
    path = paths[col] if col < len(paths) else ()
    return any(cell.startswith(side) or cell.endswith(side) for cell in path)


def _row_text(table: Table, r: int) -> str:
    return "\t".join(
        cell.strip()
        for c, cell in enumerate(table.rows[r])
        if not table.is_merged(r, c) and not is_blank(cell)
    )
