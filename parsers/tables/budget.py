"""Budget blocks (年初预算数 / 全年预算数 / 执行数 / 执行率) and 基础数据表 rows.

A budget block's rows are labelled in its left columns (全年支出, 其中：基本支出, 项目支出;
年度资金总额) and hold money in the header's unit (``（万元）``) unless a cell names its
own. Some forms put a figure inside a label cell instead (``其中：基本支出：1304.81``).
A 基础数据表 has one column per year (2022年决算数, 2023年预算数, 2023年决算数); only
the evaluated year's 决算数 column is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from extractors.model import Table
from normalizers.numbers import parse_number
from normalizers.text import nfkc
from parsers.tables.headers import clean_label, header_unit, is_blank, normalise_header
from parsers.tables.layout import Region, distinct_cells
from parsers.tables.values import Money, parse_money, parse_rate, parse_score

# Unit of bare numbers when neither the header nor the cell states one. Budget and 基础数据
# forms are filled in 万元 by rule; a table in 元 says so in its header.
DEFAULT_MONEY_UNIT = "万元"

TOTAL = "total"

T = TypeVar("T")

# Row label (numbering, 其中： and brackets removed) -> canonical metric. The first alias
# contained in the label wins, so longer and more specific spellings come first.
ROW_METRICS: tuple[tuple[str, str], ...] = (
    ("年度资金总额", TOTAL),
    ("资金总额", TOTAL),
    ("总额", TOTAL),
    ("全年支出", TOTAL),
    ("支出合计", TOTAL),
    ("部门整体支出", TOTAL),
    ("合计", TOTAL),
    ("总计", TOTAL),
    ("基本支出", "基本支出"),
    ("项目支出", "项目支出"),
    ("三公经费", "三公经费"),
    ("三公", "三公经费"),
    ("公务接待", "公务接待费"),
    ("公务用车", "公务用车购置及运行维护费"),
    ("公车", "公务用车购置及运行维护费"),
    ("出国", "因公出国（境）费"),
    ("人员经费", "人员经费"),
    ("公用经费", "公用经费"),
    ("机关运行经费", "机关运行经费"),
    ("政府采购", "政府采购"),
    ("结转结余", "结转结余"),
    ("政府性基金", "政府性基金支出"),
)

# Total labels that can only mean the whole budget of a 自评表. A bare 合计 may close any
# table (a 决算 table of 三公经费), so it does not make a department figure on its own.
DEPARTMENT_TOTALS: tuple[str, ...] = ("年度资金总额", "资金总额", "全年支出", "部门整体支出")

# Column field -> the metric of a department total's cell in that column.
COLUMN_METRICS: dict[str, str] = {
    "budget_initial": "年初预算数",
    "budget_final": "全年预算数",
    "executed": "执行数",
    "carryover": "结转结余",
}

MONEY_FIELDS: tuple[str, ...] = ("budget_initial", "budget_final", "executed", "carryover")

_NUMBERING = re.compile(
    r"^(?:[0-9]+[、.．]|[(（][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)"
)
_INLINE = re.compile(
    r"^(?:其中[:：])?\s*(?P<label>[^:：\d]{2,20})[:：]\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元|亿元)?$"
)


@dataclass(frozen=True)
class MoneyCell:
    """One money figure of a table, with the row it came from."""

    metric: str | None
    subject: str | None
    money: Money
    row_text: str
    page: int | None
    field: str | None = None  # budget_initial, budget_final, executed; None for 基础数据


@dataclass(frozen=True)
class BudgetBlock:
    """What a budget block states: the main row's figures and every money cell."""

    budget_initial: Money | None
    budget_final: Money | None
    executed: Money | None
    carryover: Money | None  # unspent at the year's end (本年度结余金额)
    rate: Decimal | None
    weight: float | None
    score: float | None
    by_metric: dict[str, Money]  # executed (or only) figure of 基本支出, 项目支出, …
    cells: tuple[MoneyCell, ...]
    has_total_row: bool = False  # its main row is labelled 年度资金总额/全年支出/合计
    department_total: bool = False  # …and the label names the whole budget (not 合计)


def row_metric(label: str) -> str | None:
    """The canonical metric a row label names (全年支出 -> total, 其中：基本支出 -> 基本支出)."""
    text = label_key(label)
    return next((metric for alias, metric in ROW_METRICS if text.startswith(alias)), None)


def label_key(label: str) -> str:
    """A row label without numbering, 其中, brackets and colons: ``1、业务工作经费``."""
    text = normalise_header(label)
    text = re.sub(r"^其中[:：-]?", "", text)
    return _NUMBERING.sub("", text).strip(":：")


def row_text(table: Table, r: int) -> str:
    """The row as evidence: its own cells' text, joined by TAB."""
    return "\t".join(
        clean_label(text) for _, text in distinct_cells(table, r) if not is_blank(text)
    )


def parse_budget_region(table: Table, region: Region, subject: str | None) -> BudgetBlock:
    region = _right_aligned(table, region)
    first_value = region.first_value_column
    unit = _region_unit(table, region, first_value) or DEFAULT_MONEY_UNIT
    rows = range(region.header_row + 1, region.end_row)
    labelled = [(r, _row_label(table.rows[r], first_value)) for r in rows]

    main_row = next((r for r, label in labelled if row_metric(label) == TOTAL), None)
    has_total_row = main_row is not None
    department_total = has_total_row and any(
        label_key(label).startswith(DEPARTMENT_TOTALS) for r, label in labelled if r == main_row
    )
    if main_row is None:
        main_row = next(
            (r for r, _ in labelled if _money(table, r, region, "executed", unit)), None
        )
    figures: dict[str, Money | None] = {
        name: _money(table, main_row, region, name, unit) if main_row is not None else None
        for name in MONEY_FIELDS
    }

    cells: list[MoneyCell] = []
    by_metric: dict[str, Money] = {}
    for r, label in labelled:
        metric = row_metric(label)
        evidence, page = row_text(table, r), table.page_of_row(r)
        pairs = _label_value_pairs(table.rows[r], first_value, unit)
        taken = {col for _, _, col in pairs}
        # a row that is neither a total nor a known metric is a part of the money (其中：
        # 当年财政拨款) or a task; it names itself unless the block belongs to a project
        row_subject = subject or (_subject(label) if metric is None and r != main_row else None)
        for name in MONEY_FIELDS:
            money = _money(table, r, region, name, unit, skip=taken)
            if money is None:
                continue
            cell_metric = COLUMN_METRICS[name] if metric in (TOTAL, None) else metric
            cells.append(MoneyCell(cell_metric, row_subject, money, evidence, page, name))
        if metric not in (TOTAL, None):
            chosen = _money(table, r, region, "executed", unit, skip=taken) or _money(
                table, r, region, "budget_final", unit, skip=taken
            )
            if chosen is not None:
                by_metric.setdefault(metric, chosen)
        inline = _inline_figures(table.rows[r], unit) + [(m, money) for m, money, _ in pairs]
        for inline_metric, money in inline:
            cells.append(MoneyCell(inline_metric, subject, money, evidence, page))
            by_metric.setdefault(inline_metric, money)

    return BudgetBlock(
        budget_initial=figures["budget_initial"],
        budget_final=figures["budget_final"],
        executed=figures["executed"],
        carryover=figures["carryover"],
        rate=_first_in_column(table, region, main_row, "rate", _rate_parser(table, region)),
        weight=_first_in_column(table, region, main_row, "weight", parse_score),
        score=_first_in_column(table, region, main_row, "score", parse_score),
        by_metric=by_metric,
        cells=tuple(cells),
        has_total_row=has_total_row,
        department_total=department_total,
    )


def parse_basic_data_region(
    table: Table, region: Region, fiscal_year: int | None
) -> list[MoneyCell]:
    """The evaluated year's 决算数 of each 基础数据表 row (三公经费, 公务接待, 项目支出 …).

    A row whose label names no metric belongs to the metric above it (``1、业务工作经费``
    under 项目支出) and keeps its label as subject.
    """
    column = _year_column(region, fiscal_year)
    if column is None:
        return []
    unit = header_unit(table.rows[region.header_row]) or DEFAULT_MONEY_UNIT
    first_value = region.first_value_column
    cells: list[MoneyCell] = []
    parent: str | None = None
    for r in range(region.header_row + 1, region.end_row):
        label = _row_label(table.rows[r], first_value)
        if is_blank(label):
            continue
        metric = row_metric(label)
        subject = None
        if metric is not None and metric != TOTAL:
            parent = metric
        else:
            metric, subject = parent, _subject(label)
        money = parse_money(_cell(table.rows[r], column), unit)
        if money is None:
            continue
        cells.append(MoneyCell(metric, subject, money, row_text(table, r), table.page_of_row(r)))
    return cells


def _year_column(region: Region, fiscal_year: int | None) -> int | None:
    actual = {
        int(key[:4]): cols[0]
        for key, cols in region.columns.items()
        if key[4:] in {"决算数", "执行数", "实际数"}
    }
    if not actual:
        return None
    year = fiscal_year if fiscal_year in actual else max(actual)
    return actual[year]


def _subject(label: str) -> str:
    return re.sub(r"[(（][^)）]*[)）]?$", "", label_key(label)) or label_key(label)


def _row_label(cells: tuple[str, ...], first_value: int) -> str:
    """The rightmost filled cell left of the value columns (col 0 is often a merged title)."""
    for col in range(min(first_value, len(cells)) - 1, -1, -1):
        if not is_blank(cells[col]):
            return cells[col]
    return ""


def _region_unit(table: Table, region: Region, first_value: int) -> str | None:
    candidates = list(table.rows[region.header_row])
    for r in range(region.header_row, region.end_row):
        candidates.extend(table.rows[r][:first_value])
    return header_unit(tuple(candidates))


def _money(
    table: Table,
    r: int,
    region: Region,
    name: str,
    unit: str,
    skip: set[int] | frozenset[int] = frozenset(),
) -> Money | None:
    """A money field of a row; sub-columns under one merged header (上年结转|当年安排) add up."""
    values = []
    seen: set[str] = set()
    for col in region.columns.get(name, ()):
        if table.is_merged(r, col) or col in skip:
            continue
        money = parse_money(_cell(table.rows[r], col), unit)
        if money is not None and money.raw_value not in seen:
            values.append(money)
            seen.add(money.raw_value)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    total = sum((m.value_wan for m in values), Decimal(0))
    return Money(total, "+".join(m.raw_value for m in values), values[0].raw_unit)


def _first_in_column(
    table: Table,
    region: Region,
    main_row: int | None,
    name: str,
    parse: Callable[[str], T | None],
) -> T | None:
    """The field's value on the main row, else the first one in its column in the block
    (a 分值/执行率/得分 may sit on the sub-header row of a two-row header)."""
    cols = region.columns.get(name, ())
    order = ([main_row] if main_row is not None else []) + list(
        range(region.header_row + 1, region.end_row)
    )
    for r in order:
        for col in cols:
            value = parse(_cell(table.rows[r], col))
            if value is not None:
                return value
    return None


def _right_aligned(table: Table, region: Region) -> Region:
    """A TXT grid knows no merges: a header cell over two sub-columns (项目投资数 over
    上年结转|当年安排) takes one column, and the headers right of it end one column short
    of the data. When the data rows run further right than the header, shift the header's
    value columns to end where the data ends. Grids with merge information are left alone.
    """
    if table.merged:
        return region

    def last_filled(row: tuple[str, ...]) -> int:
        return max((c for c, text in enumerate(row) if not is_blank(text)), default=-1)

    header_end = last_filled(table.rows[region.header_row])
    rows = range(region.header_row + 1, region.end_row)
    first_value = region.first_value_column
    total_rows = [r for r in rows if row_metric(_row_label(table.rows[r], first_value)) == TOTAL]
    # the total row decides when there is one: label | value pairs may run further right
    data_end = max((last_filled(table.rows[r]) for r in total_rows or rows), default=-1)
    shift = data_end - header_end
    if shift <= 0:
        return region
    columns = {field: tuple(c + shift for c in cols) for field, cols in region.columns.items()}
    return replace(region, columns=columns)


def _rate_parser(table: Table, region: Region) -> Callable[[str], Decimal | None]:
    """Rates carry their % sign, or the header does (``执行率(%)`` over ``99.6``)."""
    cols = region.columns.get("rate", ())
    header = table.rows[region.header_row]
    in_percent = any("%" in nfkc(header[c]) for c in cols if c < len(header))

    def parse(text: str) -> Decimal | None:
        rate = parse_rate(text)
        if rate is None and in_percent:
            number = parse_number(nfkc(text).strip())
            rate = number / 100 if number is not None else None
        return rate

    return parse


def _label_value_pairs(
    cells: tuple[str, ...], first_value: int, unit: str
) -> list[tuple[str, Money, int]]:
    """Label | value pairs in the value columns: ``… | 其中：基本支出 | 1304.81``."""
    pairs: list[tuple[str, Money, int]] = []
    for col in range(first_value, len(cells) - 1):
        if is_blank(cells[col]) or parse_money(cells[col], unit) is not None:
            continue
        metric = row_metric(cells[col])
        if metric in (None, TOTAL):
            continue
        value_col = next((c for c in range(col + 1, len(cells)) if not is_blank(cells[c])), None)
        if value_col is None:
            continue
        money = parse_money(cells[value_col], unit)
        if money is not None:
            pairs.append((metric, money, value_col))
    return pairs


def _inline_figures(cells: tuple[str, ...], unit: str) -> list[tuple[str, Money]]:
    """Figures written inside a label cell: ``其中：基本支出：1304.81``."""
    found: list[tuple[str, Money]] = []
    for cell in dict.fromkeys(cells):
        match = _INLINE.match(re.sub(r"\s+", "", nfkc(cell)))
        if match is None:
            continue
        metric = row_metric(match.group("label"))
        money = parse_money(match.group("num") + (match.group("unit") or ""), unit)
        if metric not in (None, TOTAL) and money is not None:
            found.append((metric, money))
    return found


def _cell(cells: tuple[str, ...], col: int) -> str:
    return cells[col] if col < len(cells) else ""
