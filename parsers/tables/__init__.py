"""Tables: indicator, project and budget tables to records.

``read_tables`` walks a document's tables in order. Each table is cut into blocks at its
header rows (see ``layout``); a row naming a project (项目名称 | …) starts a new form, so
one TXT table holding several 自评表 in a row yields one project per form. An indicator
block that runs off a PDF page continues in the next table (header repeated or not).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from extractors.model import Document, Paragraph, Table
from normalizers.grades import normalise_grade
from parsers.amounts import section_at
from parsers.tables.alignment import realign_budget_rows, realign_indicator_rows
from parsers.tables.budget import (
    DEFAULT_MONEY_UNIT,
    BudgetBlock,
    MoneyCell,
    parse_basic_data_region,
    parse_budget_region,
    row_text,
)
from parsers.tables.continuation import Carry, OpenBlock, continuation, is_fragment
from parsers.tables.headers import header_unit, stated_unit
from parsers.tables.indicators import IndicatorBlock, IndicatorRow, parse_indicator_region
from parsers.tables.layout import (
    BASIC_DATA,
    BUDGET,
    INDICATOR,
    INFO,
    OVERVIEW,
    Region,
    find_regions,
    names_whole_department,
    project_column,
    table_title,
)
from parsers.tables.listed_indicators import project_indicator_lists
from parsers.tables.overview import INCOME_METRIC, parse_overview_region
from parsers.tables.project_lists import list_total, listed_projects
from parsers.tables.project_runs import ProjectRun, budget_column, project_runs
from parsers.tables.projects import (
    grade_in_rows,
    key_value_money,
    project_name_in_row,
    title_scope,
)
from parsers.tables.template_summary import (
    document_kind,
    figure_amounts,
    prefer,
    template_summary,
)
from parsers.tables.template_tables import TemplateFigure, find_template_tables, read_figures
from parsers.tables.values import Money
from records import (
    AmountRecord,
    DocSummaryRecord,
    IndicatorRecord,
    ProjectRecord,
    SectionRecord,
)

DEPARTMENT = "department"
PROJECT = "project"

# A paragraph right before a table is its title only when it is short (a title line,
# not prose that happens to mention 项目支出绩效自评表).
MAX_TITLE_CHARS = 60


@dataclass(frozen=True)
class TableTotal:
    """A 合计 row of an indicator table, kept for checks (not an indicator).

    ``execution_weight``/``execution_score`` are the 分值/得分 of the same form's budget
    block (预算执行率), which the 合计 includes; ``level_weights`` are the totals written
    in level-1 cells (``产出指标(50分)``).
    """

    table_seq: int
    weight: float | None
    score: float | None
    scope: str
    project_name: str | None = None
    execution_weight: float | None = None
    execution_score: float | None = None
    level_weights: tuple[tuple[str, float], ...] = ()
    page: int | None = None


@dataclass
class TableFacts:
    indicators: list[IndicatorRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    summary: DocSummaryRecord = field(default_factory=DocSummaryRecord)
    totals: list[TableTotal] = field(default_factory=list)
    # table_seq of every indicator table and its kind, for reports and checks
    table_kinds: list[str] = field(default_factory=list)
    # the figures the standard 决算/预算 tables place, and the kind those tables show
    template_figures: list[TemplateFigure] = field(default_factory=list)
    document_kind: str | None = None
    # the 合计 row of the first project list stating spending or a rate (a one-fund
    # report's headline; the summary uses it only for such reports)
    list_total: DocSummaryRecord | None = None


@dataclass
class _Form:
    """One 自评表: a project's (named) or the department's."""

    project_name: str | None
    scope: str
    table_seq: int | None = None
    budgets: list[BudgetBlock] = field(default_factory=list)
    key_values: dict[str, MoneyCell] = field(default_factory=dict)
    # the section each budget block's / key value's table sits in (parallel to the above)
    budget_sections: list[str | None] = field(default_factory=list)
    key_value_sections: dict[str, str | None] = field(default_factory=dict)
    indicators: list[IndicatorRow] = field(default_factory=list)
    block: IndicatorBlock | None = None
    level_weights: dict[str, float] = field(default_factory=dict)
    grade_raw: str | None = None

    @property
    def budget(self) -> BudgetBlock | None:
        """The form's budget block: the one with a 年度资金总额/全年支出 row, else the first
        (a 年度主要任务 list with 预算数/执行数 columns comes before it in some forms)."""
        return next((b for b in self.budgets if b.has_total_row), None) or next(
            iter(self.budgets), None
        )


@dataclass
class _Open:
    """An indicator block still open at the end of a table (it may go on next page)."""

    form: _Form
    block: IndicatorBlock
    layout: OpenBlock


def read_tables(
    doc: Document, fiscal_year: int | None, *, sections: Sequence[SectionRecord] | None = None
) -> TableFacts:
    """Indicator, project, budget and 基础数据 facts of the document's tables.

    With ``sections`` (``parsers.sections.segment``), each table amount's ``section`` is
    the canonical of the section its table starts in; without, it is None.
    """
    reader = _Reader(fiscal_year)
    previous: Paragraph | Table | None = None
    near_table = False  # only a cut-off cell's fragments since the last table
    for block in doc.blocks:
        if isinstance(block, Table):
            title = previous.text if isinstance(previous, Paragraph) else ""
            title = title if len(title.strip()) <= MAX_TITLE_CHARS else ""
            reader.section = section_at(sections or (), block.char_start)
            reader.read(
                block, title, follows_table=isinstance(previous, Table), near_table=near_table
            )
            near_table = True
        else:
            near_table = near_table and is_fragment(block)
        previous = block
    facts = reader.facts()
    _add_template_figures(doc, facts, sections or ())
    return facts


def _add_template_figures(
    doc: Document, facts: TableFacts, sections: Sequence[SectionRecord]
) -> None:
    """The standard 决算/预算 tables' figures win over the 自评表 forms' for their fields."""
    tables = find_template_tables(doc)
    figures = read_figures(tables)
    section_of = {i: section_at(sections, t.parts[0].char_start) for i, t in enumerate(tables)}
    facts.template_figures = figures
    facts.document_kind = document_kind(tables)
    facts.summary = prefer(template_summary(figures), facts.summary)
    facts.amounts.extend(figure_amounts(figures, section_of))


class _Reader:
    def __init__(self, fiscal_year: int | None) -> None:
        self.fiscal_year = fiscal_year
        self.forms: list[_Form] = []
        self.basic_cells: list[MoneyCell] = []
        self.basic_sections: list[str | None] = []  # parallel to basic_cells
        self.section: str | None = None  # of the table being read
        self.open: _Open | None = None
        self.listed: list[ProjectRecord] = []  # rows of project lists (项目名称 | 自评分数)
        self.list_total: DocSummaryRecord | None = None
        self.next_seq = 0
        self.title_unit: str | None = None  # the unit line above the table (单位：万元)

    def read(
        self, table: Table, title_before: str, *, follows_table: bool, near_table: bool = False
    ) -> None:
        regions = find_regions(table)
        carry = None
        if self.open is not None:
            carry = continuation(
                self.open.layout,
                table,
                regions,
                follows_table=follows_table,
                near_table=near_table,
            )
        if carry is not None:
            regions = self._continue_block(table, carry)
        else:
            self.open = None
        if not regions:
            return
        scope = title_scope(table_title(table)) or title_scope(title_before)
        self.title_unit = stated_unit(title_before)
        form = _Form(project_name=None, scope=scope or DEPARTMENT)
        pending = self.forms[-1] if follows_table and self.forms else None
        if pending is not None and pending.project_name and pending.table_seq is None:
            form = pending  # the project's info table was split from its indicators
        else:
            self.forms.append(form)
        rows_start = 0
        for region in regions:
            if region.kind == INFO:
                self._close_key_values(table, form, rows_start, region.header_row)
                name = project_name_in_row(table, region.header_row)
                if name is not None and names_whole_department(name):
                    form = _Form(project_name=None, scope=DEPARTMENT)
                else:
                    form = _Form(project_name=name, scope=PROJECT)
                self.forms.append(form)
                rows_start = region.header_row
                if name is None:
                    self.listed.extend(listed_projects(table, region))
                    self._read_listed_indicators(table, region)
                    self.list_total = self.list_total or list_total(table, region)
            elif region.kind == BUDGET:
                aligned = realign_budget_rows(table, region)
                form.budgets.append(parse_budget_region(aligned, region, form.project_name))
                form.budget_sections.append(self.section)
            elif region.kind == BASIC_DATA:
                cells = parse_basic_data_region(table, region, self.fiscal_year)
                self.basic_cells.extend(cells)
                self.basic_sections.extend(self.section for _ in cells)
            elif region.kind == OVERVIEW and form.project_name is None:
                cells = parse_overview_region(table, region)
                self.basic_cells.extend(cells)
                self.basic_sections.extend(self.section for _ in cells)
            elif region.kind == INDICATOR:
                self._read_indicators(table, region, form)
        self._close_key_values(table, form, rows_start, table.n_rows)

    def _continue_block(self, table: Table, carry: Carry) -> list[Region]:
        """Read the rows that continue the open block; return the table's other regions."""
        assert self.open is not None
        opened = self.open
        form, block = opened.form, opened.block
        unit = opened.layout.unit
        runs = project_runs(
            table,
            carry.region,
            carry.project_col,
            unit,
            continues=True,
            budget_col=budget_column(carry.headings, carry.region.columns),
        )
        for run in runs:
            if run.project_name in (None, form.project_name) and form is opened.form:
                # the rows of the project the previous page left open
                block = parse_indicator_region(table, run.region, carry=block)
                self._add_block(form, block)
                continue
            form, block = self._read_run(table, run, form)
        layout = OpenBlock(
            carry.region, carry.headings, table.n_cols, _last_page(table), carry.project_col, unit
        )
        self.open = None if block.closed else _Open(form, block, layout)
        return carry.rest

    def _read_indicators(self, table: Table, region: Region, form: _Form) -> None:
        if region.end_row <= region.header_row + 1:
            return  # the first row of a two-row header
        project_col = project_column(table, region.header_row)
        headings = table.rows[region.header_row]
        unit = header_unit(headings) or self.title_unit or DEFAULT_MONEY_UNIT
        runs = project_runs(
            table,
            region,
            project_col,
            unit,
            continues=False,
            budget_col=budget_column(headings, region.columns),
        )
        block = IndicatorBlock()
        for run in runs:
            form, block = self._read_run(table, run, form)
        layout = OpenBlock(region, headings, table.n_cols, _last_page(table), project_col, unit)
        self.open = None if block.closed else _Open(form, block, layout)

    def _read_run(self, table: Table, run: ProjectRun, form: _Form) -> tuple[_Form, IndicatorBlock]:
        """One project's rows (or the whole block when it names none) as a form's block."""
        if run.project_name is not None and run.project_name != form.project_name:
            # a 项目支出绩效目标表: the project (and its budget) in columns of their own
            form = _Form(run.project_name, PROJECT)
            if run.budget is not None:
                form.key_values["budget_initial"] = run.budget
                form.key_value_sections["budget_initial"] = self.section
            self.forms.append(form)
        elif form.table_seq is not None:  # a second indicator block in one form
            form = _Form(form.project_name, form.scope)
            self.forms.append(form)
        form.table_seq = self.next_seq
        self.next_seq += 1
        block = parse_indicator_region(realign_indicator_rows(table, run.region), run.region)
        self._add_block(form, block)
        return form, block

    def _read_listed_indicators(self, table: Table, region: Region) -> None:
        """A project list whose 绩效指标 cells hold each project's indicators: one form each."""
        for listed in project_indicator_lists(table, region):
            form = _Form(listed.project_name, PROJECT, table_seq=self.next_seq)
            self.next_seq += 1
            form.indicators.extend(listed.rows)
            self.forms.append(form)

    def _add_block(self, form: _Form, block: IndicatorBlock) -> None:
        form.indicators.extend(block.rows)
        form.level_weights.update(block.level_weights)
        if block.total is not None:
            form.block = block

    def _close_key_values(self, table: Table, form: _Form, start: int, end: int) -> None:
        unit = header_unit(tuple(cell for row in table.rows[start:end] for cell in row))
        unit = unit or self.title_unit
        metrics = {
            "budget_initial": "年初预算数",
            "budget_final": "全年预算数",
            "executed": "执行数",
        }
        for name, (money, r) in key_value_money(table, range(start, end), unit).items():
            cell = MoneyCell(
                metrics[name],
                form.project_name,
                money,
                row_text(table, r),
                table.page_of_row(r),
                name,
            )
            if name not in form.key_values:
                form.key_values[name] = cell
                form.key_value_sections[name] = self.section
        form.grade_raw = form.grade_raw or grade_in_rows(table, range(start, end))

    def facts(self) -> TableFacts:
        facts = TableFacts()
        for form in self.forms:
            _emit_form(form, facts)
        facts.projects = _one_per_name(facts.projects + self.listed)
        facts.amounts.extend(
            _amount(cell, section)
            for cell, section in zip(self.basic_cells, self.basic_sections, strict=True)
        )
        facts.summary = _summary(self.forms, self.basic_cells)
        facts.list_total = self.list_total
        return facts


def _last_page(table: Table) -> int | None:
    return table.page_of_row(table.n_rows - 1) if table.n_rows else None


def _one_per_name(projects: list[ProjectRecord]) -> list[ProjectRecord]:
    """One project per name: a form continued under a repeated header is the same project
    (its figures fill what the first form left empty). Forms of one name that state
    different money (综合工作经费 of each unit, 260.00 and 38.00) are different projects."""
    merged: list[ProjectRecord] = []
    for project in projects:
        same = next(
            (
                i
                for i, first in enumerate(merged)
                if first.project_name == project.project_name and _agree(first, project)
            ),
            None,
        )
        if same is None:
            merged.append(project)
            continue
        first = merged[same]
        missing = {
            f.name: getattr(project, f.name)
            for f in fields(first)
            if getattr(first, f.name) is None and getattr(project, f.name) is not None
        }
        merged[same] = replace(first, **missing)
    return merged


def _agree(first: ProjectRecord, other: ProjectRecord) -> bool:
    """No money field that both state differs."""
    return all(
        getattr(first, name) is None
        or getattr(other, name) is None
        or getattr(first, name) == getattr(other, name)
        for name in ("budget_initial_wan", "budget_final_wan", "executed_wan")
    )


def _emit_form(form: _Form, facts: TableFacts) -> None:
    scope = PROJECT if form.project_name else form.scope
    if form.table_seq is not None:
        for row in form.indicators:
            facts.indicators.append(
                _indicator_record(row, form.table_seq, scope, form.project_name)
            )
        facts.table_kinds.append(scope)
        total = form.block.total if form.block else None
        budget = form.budget
        if total is not None:
            facts.totals.append(
                TableTotal(
                    table_seq=form.table_seq,
                    weight=total.weight,
                    score=total.score,
                    scope=scope,
                    project_name=form.project_name,
                    execution_weight=budget.weight if budget else None,
                    execution_score=budget.score if budget else None,
                    level_weights=tuple(form.level_weights.items()),
                    page=total.page,
                )
            )
    for budget_block, section in zip(form.budgets, form.budget_sections, strict=True):
        facts.amounts.extend(_amount(cell, section) for cell in budget_block.cells)
    for name, cell in form.key_values.items():
        if form.budget is None or getattr(form.budget, name) is None:
            facts.amounts.append(_amount(cell, form.key_value_sections[name]))
    if form.project_name:
        facts.projects.append(_project_record(form))


def _project_record(form: _Form) -> ProjectRecord:
    assert form.project_name is not None
    budget = form.budget

    def money(name: str) -> Decimal | None:
        stated = getattr(budget, name) if budget else None
        if stated is None and name in form.key_values:
            stated = form.key_values[name].money
        return stated.value_wan if stated is not None else None

    total = form.block.total if form.block else None
    return ProjectRecord(
        project_name=form.project_name,
        budget_initial_wan=money("budget_initial"),
        budget_final_wan=money("budget_final"),
        executed_wan=money("executed"),
        execution_rate=budget.rate if budget else None,
        score=_decimal(total.score) if total else None,
    )


def _summary(forms: list[_Form], basic_cells: list[MoneyCell]) -> DocSummaryRecord:
    department = [f for f in forms if not f.project_name and f.scope == DEPARTMENT]
    # the department's budget block: in its 自评表 (a form with indicators) or labelled as
    # the whole budget; not any table with a 合计 row
    budget = next(
        (
            f.budget
            for f in department
            if f.budget is not None and (f.table_seq is not None or f.budget.department_total)
        ),
        None,
    )
    scored = next((f for f in department if f.block and f.block.total), None)
    basic = {cell.metric: cell.money for cell in reversed(basic_cells) if cell.subject is None}
    grade_raw = next((f.grade_raw for f in department if f.grade_raw), None)
    summary = DocSummaryRecord(
        grade_raw=grade_raw,
        grade=normalise_grade(grade_raw),
        self_score=_decimal(scored.block.total.score)
        if scored and scored.block and scored.block.total
        else None,
        three_public_wan=_wan(basic.get("三公经费")),
        income_wan=_wan(basic.get(INCOME_METRIC)),
        basic_expenditure_wan=_wan(basic.get("基本支出")),
        project_expenditure_wan=_wan(basic.get("项目支出")),
    )
    if budget is None:
        return summary
    return replace(
        summary,
        budget_initial_wan=_wan(budget.budget_initial),
        budget_final_wan=_wan(budget.budget_final),
        expenditure_wan=_wan(budget.executed),
        carryover_wan=_wan(budget.carryover),
        execution_rate=budget.rate,
        basic_expenditure_wan=_wan(budget.by_metric.get("基本支出"))
        or summary.basic_expenditure_wan,
        project_expenditure_wan=_wan(budget.by_metric.get("项目支出"))
        or summary.project_expenditure_wan,
    )


def _indicator_record(
    row: IndicatorRow, table_seq: int, scope: str, project_name: str | None
) -> IndicatorRecord:
    """The row as the table states it, placed: which table, whose scope, which project."""
    # IndicatorRow holds scalars only: read its fields directly (asdict deep-copies each)
    values = {f.name: getattr(row, f.name) for f in fields(row)}
    return IndicatorRecord(table_seq=table_seq, scope=scope, project_name=project_name, **values)


def _amount(cell: MoneyCell, section: str | None) -> AmountRecord:
    # Money in the amounts table is never negative: a written minus stays in raw_value
    # (parsers.amounts.suspicious_amounts names it), as for prose figures.
    return AmountRecord(
        seq=0,
        section=section,
        metric=cell.metric,
        subject=cell.subject,
        value_wan=abs(cell.money.value_wan),
        raw_value=cell.money.raw_value,
        raw_unit=cell.money.raw_unit,
        sentence=cell.row_text,
        page=cell.page,
        char_start=None,
        source="table",
    )


def _wan(money: Money | None) -> Decimal | None:
    return money.value_wan if money is not None else None


def _decimal(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


__all__ = ["TableFacts", "TableTotal", "read_tables"]
