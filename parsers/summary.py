"""Headline figures of a document (doc_summary) from its prose, with tables taking precedence.

Each field is filled by the first rule, in priority order, that some eligible prose
amount (or score/rate sentence) satisfies; among amounts satisfying one rule the first in
the text wins. Eligible means: the department's own figure (no subject: not a project, a
fund, a list item or a per-person standard), for the evaluated year (no other year named
before it in its sentence), and not a change: no comparison with another period before it
in its sentence (与2019年相比…减少), no change word in its own clause (比年初预算增加…).
Totals (income, expenditure, budgets) must also not be a sub-item (其中…) nor a figure of
a topic such as 三公经费 or 公用经费 ("年初日常公用经费预算安排59.55万元"). Parenthesised
asides before the figure (含2023年转列项目5个) are not read for any of these.

Score, grade and execution rate are the department's: written in a sentence about the
department, outside a project's paragraphs (``综合得分96分，评价结果：优``), or as a
result label line with its value on the next line (``评价结果`` / ``优秀(93分)``). A report
whose whole subject is one project (a title names that project's evaluation, none the
department as a whole: …资金项目绩效再评价报告) is scored by that project: its score is
the report's self_score, as the contract's "total score" of that report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from extractors.model import Document
from normalizers.grades import normalise_grade
from normalizers.numbers import parse_number
from normalizers.text import fold_width
from parsers.amounts import context_before, project_blocks
from parsers.headline_scope import limited_to_one_fund, topic_heading_spans, under_topic_heading
from parsers.metrics import mentions_topic
from parsers.planned import in_planned_section
from parsers.prose_rules import prose_rules
from parsers.titles import find_titles
from records import AmountRecord, DocSummaryRecord, SectionRecord


@dataclass(frozen=True)
class AmountRule:
    """A prose amount with ``metric`` whose clause matches ``clause`` and not ``unless``
    (and whose sentence so far matches ``sentence``) fills ``field``."""

    field: str
    metric: str
    clause: str | None = None
    sentence: str | None = None
    unless: str | None = None
    total: bool = True  # a department total: sub-items and topic figures are excluded


AMOUNT_RULES: tuple[AmountRule, ...] = (
    # the year's own income first: "总收入581.45万元，其中本年收入390.55万元" (the total
    # holds the money carried in), "本年收入合计4125.49万元"; 财政拨款收入合计 is the
    # appropriations only, not the income total
    AmountRule("income_wan", "收入", clause=r"本年收入", total=False),
    AmountRule("income_wan", "收入", clause=r"收入合计", unless=r"财政拨款"),
    AmountRule(
        "income_wan",
        "收入",
        clause=r"财政拨款(本年)?收入|预算收入|本年收入|收入总额|总收入|(部门|单位|全年|年度)收入|收入决算"
        # a bare label with the figure after its colon: "1、收入：792.22万元"
        r"|^收入\s*:$",
    ),
    # 收入总计/支出总计 include the carry-overs (上年结转, 年末结转和结余): the year's own
    # 本年收入合计/本年支出合计, or any other level, come first.
    AmountRule("income_wan", "收入", clause=r"收入总计", unless=r"财政拨款"),
    AmountRule("expenditure_wan", "执行数", clause=r"本年支出", total=False),
    AmountRule("expenditure_wan", "执行数", clause=r"支出合计", unless=r"财政拨款"),
    AmountRule(
        "expenditure_wan",
        "执行数",
        clause=(
            r"(本年|全年|年末|年度)(实际)?支出|(部门|单位)支出|实际支出|支出决算|执行数|决算数"
            r"|预算支出|支出总额"
            r"|共支出|总支出|^支出\s*:$|(共|实际|累计)使用|实际执行"
        ),
    ),
    AmountRule("expenditure_wan", "执行数", clause=r"支出总计"),
    AmountRule("budget_initial_wan", "年初预算数", clause=r"年初预算"),
    AmountRule("budget_initial_wan", "年初预算数"),
    AmountRule("budget_final_wan", "全年预算数", clause=r"全年预算|调整后|调整预算"),
    AmountRule("budget_final_wan", "全年预算数"),
    AmountRule("basic_expenditure_wan", "基本支出", total=False),
    AmountRule("project_expenditure_wan", "项目支出", total=False),
    # the year-end carryover, not the money brought into the year (年初结转和结余, 上年结转)
    AmountRule("carryover_wan", "结转结余", unless=r"年初|上年|以前年度|上一年", total=False),
    # "“三公”经费财政拨款支出预算为76.43万元" is the budget, not the spending
    AmountRule(
        "three_public_wan",
        "三公经费",
        clause=r"支出|决算|实际",
        unless=r"预算(?!执行)(?!.*(决算|实际|执行))",
        total=False,
    ),
    AmountRule("three_public_wan", "执行数", sentence=r"三公", total=False),
)

# A budget's (部门预算, 单位预算) figures are all planned: 支出预算/支出总计 is its 年初预算数,
# and it states no actual spending.
BUDGET_AMOUNT_RULES: tuple[AmountRule, ...] = (
    AmountRule("budget_initial_wan", "年初预算数", clause=r"支出预算|支出总计|支出合计|预算支出"),
    AmountRule("income_wan", "收入", clause=r"收入预算|收入总计|收入合计"),
    AmountRule("income_wan", "年初预算数", clause=r"收入预算|收入总计|收入合计"),
    *(r for r in AMOUNT_RULES if r.field not in {"expenditure_wan", "three_public_wan"}),
)
ACTUAL_FIELDS = ("expenditure_wan", "three_public_wan", "execution_rate")
# Fields a report's target section (绩效目标情况) cannot fill: it states the plan.
PLANNED_NOT_ACTUAL = frozenset(
    {
        "expenditure_wan",
        "three_public_wan",
        "basic_expenditure_wan",
        "project_expenditure_wan",
        "carryover_wan",
    }
)
BUDGET_REPORT_TYPES = frozenset({"部门预算", "单位预算"})
OTHER_REPORT_TYPE = "other"
MONEY_TOLERANCE = Decimal("0.01")

# A comparison with another period anywhere before a figure in its sentence makes it a
# change, not a level (与2019年相比，本年支出合计减少…); a change word counts only in the
# figure's own clause (…，比年初预算增加758.97万元，全年执行数1767.21万元 is a level).
COMPARISON_WORDS = re.compile(r"相比|同比|比上年|较上年|上年同期")
CHANGE_WORDS = re.compile(r"增加|减少|增长|下降|增减|节约")
# "结转2019年资金": the year money is carried into names no other period of the figure.
CARRIED_INTO = re.compile(r"结转(?:到|至)?\s*\d{4}\s*年")
# A numbered item's label ending in a full stop before its figures (1.因公出国（境）费用。
# 2026年预算数36.14万元): the figures are the item's.
NUMBERED_LABEL = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(][一二三四五六七八九十\d]{1,2}[)）])")
OTHER_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
SUB_ITEM = re.compile(r"其中")
# A closed parenthesised aside (含2023年转列项目5个) speaks of something else: it does not
# make the figures after it another year's, a topic's or a sub-item.
ASIDE = re.compile(r"[（(][^（()）]*[）)]")

# Score, grade and rate phrasings: data/prose_facts.toml [headline].
SCORE_PATTERNS = prose_rules().scores
GRADE_PATTERN = prose_rules().grade
RATE_PATTERNS = prose_rules().rates

# 完成年初预算的91.14%: a 决算's execution rate, in a sentence stating 年初预算 and 决算.
COMPLETION_PATTERN = re.compile(r"完成(?:年初|全年)?预算(?:数)?的\s*(?P<rate>\d+(?:\.\d+)?)\s*%")
COMPLETION_CONTEXT = re.compile(r"年初预算.*决算|决算.*年初预算")
MAX_HEADING_SENTENCE = 60
COMPLETION_NOT_OWN = re.compile(r"三公|公务|出国|接待|会议|培训|[（(][类款项][)）]|其中|项目")


@dataclass(frozen=True)
class Scope:
    """Whose rate, score and grade a report's headline is: a rate or grade counts when its
    sentence speaks of ``own`` and not of ``other``; a score when its clause names no
    ``other`` (an indicator's ``设定5分，得分4分``, another project's score)."""

    own: re.Pattern[str]
    other: re.Pattern[str]
    skip_project_blocks: bool


DEPARTMENT_SCOPE = Scope(
    re.compile(r"部门|整体|单位|全局|本局|我局"), re.compile(r"项目|设定"), True
)
# A report whose whole subject is one project (a finance bureau's 项目绩效再评价报告):
# that project's total score is the report's self_score, as a 部门整体 total is a
# department report's.
PROJECT_SCOPE = Scope(re.compile(r"项目|部门|整体|单位|全局|本局|我局"), re.compile(r"设定"), False)
# Report titles: one naming a project's evaluation by the project's name (…补助资金项目
# 绩效再评价报告; not 2024年度项目支出绩效自评报告 nor 某中心项目支出…, which cover all the
# body's projects), and one naming the department as a whole.
ONE_PROJECT_TITLE = re.compile(
    r"(?<![\d年度局心院委办所站队厅])项目(?:资金)?(?:支出)?(?:绩效)?(?:再|重点|自)?评价?报告"
)
DEPARTMENT_TITLE = re.compile(r"部门整体|整体支出|部门绩效|部门支出|单位整体|决算")

# A line ending in a score's or rate's label: its figure went to the next line.
WRAPPED_BEFORE_FIGURE = re.compile(r"(?:得分|评分|总分|执行率)(?:为|是|:)?\s*$")
# A form's type: its total score may be a label cell and a value cell (自评得分 | 98).
FORM_REPORT_TYPES = frozenset({"绩效自评表"})
# Subjects that mark a per-unit standard (parsers.amounts), never a report's total.
PER_UNIT_SUBJECTS = frozenset({"人均标准", "次均标准", "户均标准"})
# Report types whose subject is a project: their total score is the report's self_score.
PROJECT_REPORT_TYPES = frozenset({"项目支出绩效自评报告"})

GRADE_WORDS = r"优秀|良好|不合格|合格|中等|较差|优|良|中|差"
# A result written as a label cell and a value cell on the next line (评价结果 / 优秀(93分)),
# as a 结果一览表 reads when a PDF is dumped one cell per line.
RESULT_LABEL = re.compile(
    r"(?:绩效|综合)?(?:再)?(?:评价|自评)(?:结果|等级|等次|得分)|综合得分|综合评分|评价结论"
)
RESULT_VALUE = re.compile(
    rf"[(（)）,，、/:：]*(?:(?:{GRADE_WORDS}|\d+(?:\.\d+)?分)[(（)）,，、/:：]*){{1,2}}"
)
RESULT_SCORE = re.compile(r"(\d+(?:\.\d+)?)分")
RESULT_GRADE = re.compile(GRADE_WORDS)


def summarise(
    doc: Document,
    sections: list[SectionRecord],
    prose_amounts: list[AmountRecord],
    table_summary: DocSummaryRecord,
    fiscal_year: int | None,
    *,
    budget: bool = False,
    report_type: str | None = None,
) -> DocSummaryRecord:
    """The document's headline figures: table values where present, prose for the rest."""
    return summarise_checked(
        doc,
        sections,
        prose_amounts,
        table_summary,
        fiscal_year,
        budget=budget,
        report_type=report_type,
    )[0]


def summarise_checked(
    doc: Document,
    sections: list[SectionRecord],
    prose_amounts: list[AmountRecord],
    table_summary: DocSummaryRecord,
    fiscal_year: int | None,
    *,
    budget: bool = False,
    report_type: str | None = None,
    list_total: DocSummaryRecord | None = None,
) -> tuple[DocSummaryRecord, list[str]]:
    """The headline figures and where the prose states another figure than the table (the
    table's is kept). A budget (``budget``) states no actual spending: its execution
    fields stay null whatever the text says. A report on one project (or fund) takes the
    figures its sub-project list's 合计 row states (``list_total``) where no other table
    gives them."""
    if list_total is not None and is_one_project_report(doc, report_type):
        table_summary = merge_summaries(table_summary, list_total)
    prose, one_fund_fields = prose_summary(
        doc, sections, prose_amounts, fiscal_year, budget=budget, report_type=report_type
    )
    merged = merge_summaries(table_summary, prose)
    if budget:
        merged = replace(merged, **dict.fromkeys(ACTUAL_FIELDS))
    return merged, disagreements(table_summary, prose, one_fund_fields)


def disagreements(
    table: DocSummaryRecord, prose: DocSummaryRecord, partial: frozenset[str] = frozenset()
) -> list[str]:
    """One message per money field that the table and the prose both state, differently;
    a prose figure of one fund only (``partial``) is no statement of the whole."""
    found = []
    for f in fields(DocSummaryRecord):
        stated, said = getattr(table, f.name), getattr(prose, f.name)
        if not f.name.endswith("_wan") or stated is None or said is None:
            continue
        if f.name in partial:
            continue
        if not _agree(stated, said):
            found.append(
                f"{f.name}: the table states {stated} 万元, the text {said} 万元; "
                "the table's figure is kept"
            )
    return found


def _agree(stated: Decimal, said: Decimal) -> bool:
    """The same figure, or the text's rounding of the table's (19577 万元 for 19577.43)."""
    if abs(stated - said) <= MONEY_TOLERANCE:
        return True
    coarser = said.as_tuple().exponent > stated.as_tuple().exponent  # type: ignore[operator]
    return coarser and stated.quantize(said, rounding=ROUND_HALF_UP) == said


def merge_summaries(table: DocSummaryRecord, prose: DocSummaryRecord) -> DocSummaryRecord:
    """Every non-null table field wins; a table grade brings its own normalised grade."""
    merged = {
        f.name: getattr(table, f.name)
        if getattr(table, f.name) is not None
        else getattr(prose, f.name)
        for f in fields(DocSummaryRecord)
    }
    if table.grade_raw is not None:
        merged["grade"] = table.grade or normalise_grade(table.grade_raw)
    return DocSummaryRecord(**merged)


def prose_summary(
    doc: Document,
    sections: list[SectionRecord],
    amounts: list[AmountRecord],
    fiscal_year: int | None,
    *,
    budget: bool = False,
    report_type: str | None = None,
) -> tuple[DocSummaryRecord, frozenset[str]]:
    """The prose's headline figures, and which money fields were filled by a figure of
    one fund only (taken when no figure states the whole)."""
    one_project = is_one_project_report(doc, report_type)
    prose = [a for a in amounts if a.source == "prose" and a.char_start is not None]
    if budget:
        prose = as_budget_amounts(prose)
    # a 自评 report's target section states the plan: not the year's actual figures
    planned = (
        set()
        if budget
        else {a.char_start for a in prose if in_planned_section(sections, a.char_start or 0)}
    )
    rules = BUDGET_AMOUNT_RULES if budget else AMOUNT_RULES
    topical = topic_heading_spans(sections)
    values: dict[str, Decimal] = {}
    partial: set[str] = set()
    for whole in (True, False):
        for rule in rules:
            if values.get(rule.field) is not None:
                continue
            for amount in prose:
                if rule.field in PLANNED_NOT_ACTUAL and amount.char_start in planned:
                    continue
                if _satisfies(
                    doc.text, amount, rule, fiscal_year, one_project=one_project
                ) and _in_scope(doc.text, amount, rule, topical, whole=whole):
                    values[rule.field] = amount.value_wan
                    if not whole:
                        partial.add(rule.field)
                    break
    scope = PROJECT_SCOPE if one_project else DEPARTMENT_SCOPE
    excluded = _project_offsets(doc, sections) if scope.skip_project_blocks else set()
    score = self_score(doc, excluded, scope) or labelled_result(doc, excluded)
    if (score is None or score[1] is None) and (one_project or report_type in FORM_REPORT_TYPES):
        cell = labelled_cell(doc)
        if cell is not None:
            score = (score[0] if score else cell[0], (score[1] if score else None) or cell[1])
    grade_raw = score[1] if score else None
    if grade_raw is None:
        grade_raw = stated_grade(doc, excluded, scope)
    return DocSummaryRecord(
        budget_initial_wan=values.get("budget_initial_wan"),
        budget_final_wan=values.get("budget_final_wan"),
        expenditure_wan=values.get("expenditure_wan"),
        income_wan=values.get("income_wan"),
        basic_expenditure_wan=values.get("basic_expenditure_wan"),
        project_expenditure_wan=values.get("project_expenditure_wan"),
        carryover_wan=values.get("carryover_wan"),
        three_public_wan=values.get("three_public_wan"),
        execution_rate=completion_rate(doc, excluded) or execution_rate(doc, excluded, scope),
        self_score=score[0] if score else None,
        grade_raw=grade_raw,
        grade=normalise_grade(grade_raw),
    ), frozenset(partial)


def _in_scope(
    text: str,
    amount: AmountRecord,
    rule: AmountRule,
    topical: list[tuple[int, int]],
    *,
    whole: bool,
) -> bool:
    """Whether ``amount`` is the department's own figure beyond its sentence: not under a
    minor topic's heading, not a placeholder 0 for a total, and (when ``whole``) not one
    fund's figure. ``three_public_wan`` is a topic's by definition."""
    assert amount.char_start is not None
    if rule.field.startswith("three_public"):
        return True
    if under_topic_heading(amount.char_start, topical):
        return False
    if rule.total and amount.value_wan == 0:
        return False
    sentence, _ = context_before(text, amount.char_start)
    return limited_to_one_fund(text, amount.char_start, sentence) != whole


def _satisfies(
    text: str,
    amount: AmountRecord,
    rule: AmountRule,
    fiscal_year: int | None,
    *,
    one_project: bool = False,
) -> bool:
    # In a report on one project, the project's own funds (衔接资金项目预算资金105万元) are
    # the report's figures; a per-person standard never is.
    owned = amount.subject is None or (one_project and amount.subject not in PER_UNIT_SUBJECTS)
    if amount.metric != rule.metric or not owned:
        return False
    assert amount.char_start is not None
    sentence, clause = context_before(text, amount.char_start)
    if rule.clause and not re.search(rule.clause, clause):
        return False
    if rule.unless and re.search(rule.unless, clause):
        return False
    if rule.sentence and not re.search(rule.sentence, sentence):
        return False
    said = without_asides(sentence)
    if COMPARISON_WORDS.search(said) or CHANGE_WORDS.search(without_asides(clause)):
        return False
    if rule.total and _under_item_label(text, amount.char_start):
        return False
    if _names_other_year(CARRIED_INTO.sub("", said), fiscal_year):
        return False
    return not (rule.total and (SUB_ITEM.search(said) or mentions_topic(said)))


def is_budget_document(report_type: str | None, table_kind: str | None) -> bool:
    """A 部门预算/单位预算 by its title, or, with no telling title, by its standard tables
    (only 预算 tables: ``parsers.tables.template_summary.document_kind``)."""
    if report_type in BUDGET_REPORT_TYPES:
        return True
    return report_type in (None, OTHER_REPORT_TYPE) and table_kind == "预算"


def as_budget_amounts(amounts: list[AmountRecord]) -> list[AmountRecord]:
    """A budget's 支出 figures are planned, not spent: 执行数 becomes 年初预算数."""
    return [replace(a, metric="年初预算数") if a.metric == "执行数" else a for a in amounts]


def without_asides(text: str) -> str:
    """``text`` without its closed parenthesised asides (nested ones too)."""
    while True:
        stripped = ASIDE.sub("", text)
        if stripped == text:
            return text
        text = stripped


def _names_other_year(sentence: str, fiscal_year: int | None) -> bool:
    if fiscal_year is None:
        return False
    return any(int(year) != fiscal_year for year in OTHER_YEAR.findall(sentence))


def is_one_project_report(doc: Document, report_type: str | None = None) -> bool:
    """Whether the report's subject is a project: its type is a 项目支出绩效自评报告, or a
    title names one project's evaluation and none the department as a whole."""
    if report_type in PROJECT_REPORT_TYPES:
        return True
    titles = [fold_width(t.text) for t in find_titles(doc)]
    return any(ONE_PROJECT_TITLE.search(t) for t in titles) and not any(
        DEPARTMENT_TITLE.search(t) for t in titles
    )


def _project_offsets(doc: Document, sections: list[SectionRecord]) -> set[int]:
    """Start offsets of the paragraphs that speak about one project."""
    return {start for start, name in project_blocks(doc, sections).items() if name is not None}


def _department_paragraphs(doc: Document, excluded: set[int]) -> list[tuple[int, str]]:
    """The department's paragraphs, width-folded; a line that stops before its figure
    (``自评得分`` / ``90 分，…``, as a PDF wraps it) is joined with the next one."""
    found: list[tuple[int, str]] = []
    for p in doc.paragraphs():
        if p.char_start in excluded or p.text.startswith("\t"):
            continue
        text = fold_width(p.text)
        if found and WRAPPED_BEFORE_FIGURE.search(found[-1][1]) and text.lstrip()[:1].isdigit():
            found[-1] = (found[-1][0], found[-1][1].rstrip() + text.lstrip())
        else:
            found.append((p.char_start, text))
    return found


def execution_rate(
    doc: Document, excluded: set[int], scope: Scope = DEPARTMENT_SCOPE
) -> Decimal | None:
    """预算执行率 of the department as stated in prose (a fraction), or None."""
    for _, text in _department_paragraphs(doc, excluded):
        for match in (m for p in RATE_PATTERNS for m in p.finditer(text)):
            sentence, clause = context_before(text, match.start())
            whole = sentence + _rest_of_sentence(text, match.start())
            if scope.other.search(clause) or not scope.own.search(whole):
                continue
            value = parse_number(match.group("rate"))
            if value is not None:
                return value / 100
    return None


def completion_rate(doc: Document, excluded: set[int]) -> Decimal | None:
    """The department's 完成年初预算的X% (a 决算's execution rate), or None.

    Its sentence states the year's 年初预算 and 决算 of the department's spending; one about
    a budget line (一般公共服务（类）…（项）), a sub-item (其中), a project or the 三公
    经费 is not the department's. A 0% rate is a placeholder of a form left unfilled.
    """
    for _, text in _department_paragraphs(doc, excluded):
        for match in COMPLETION_PATTERN.finditer(text):
            sentence, _ = context_before(text, match.start())
            if not COMPLETION_CONTEXT.search(sentence):
                continue
            if COMPLETION_NOT_OWN.search(sentence + _heading_before(text, match.start())):
                continue
            value = parse_number(match.group("rate"))
            if value:
                return value / 100
    return None


def _under_item_label(text: str, offset: int) -> bool:
    """Whether the sentence before the figure's is a numbered item's label naming a topic
    (``1.因公出国（境）费用。``), so the figure is that item's, not the department's."""
    label = _heading_before(text, offset)
    line_start = label.rfind("\n") + 1
    label = label[line_start:]
    return bool(NUMBERED_LABEL.match(label)) and mentions_topic(label)


def _heading_before(text: str, offset: int) -> str:
    """The short sentence before the one at ``offset`` when it reads as its heading
    (``1.一般公共服务（类）…行政运行（项）。年初预算为…``), else empty."""
    sentences = re.split(r"[。！？!?]", text[:offset])
    previous = sentences[-2] if len(sentences) >= 2 else ""
    return previous if len(previous) <= MAX_HEADING_SENTENCE else ""


def self_score(
    doc: Document, excluded: set[int], scope: Scope = DEPARTMENT_SCOPE
) -> tuple[Decimal, str | None] | None:
    """The department's total score and the grade written with it, or None."""
    paragraphs = _department_paragraphs(doc, excluded)
    for pattern in SCORE_PATTERNS:
        for _, text in paragraphs:
            for match in pattern.finditer(text):
                _, clause = context_before(text, match.start())
                value = parse_number(match.group("score"))
                if scope.other.search(clause) or value is None or not 0 <= value <= 100:
                    continue
                return value, _grade_after(text, match.end())
    return None


def _grade_after(text: str, offset: int) -> str | None:
    """The grade written after a score: in the rest of its sentence, or in the next
    sentence when that one only states the grade (…得分94分。评价等级为“优秀”。)."""
    rest = _rest_of_sentence(text, offset)
    grade = GRADE_PATTERN.search(rest)
    if grade is None:
        following = text[offset + len(rest) + 1 :]
        if prose_rules().grade_sentence.match(following):
            grade = GRADE_PATTERN.search(_rest_of_sentence(following, 0))
    return written_grade(grade.group("grade")) if grade else None


def written_grade(raw: str) -> str:
    """The grade as written, without the spaces a typesetter put between its characters."""
    return "".join(raw.split())


def stated_grade(doc: Document, excluded: set[int], scope: Scope = DEPARTMENT_SCOPE) -> str | None:
    """A department grade written without a score (评价结果为优秀), or None."""
    for _, text in _department_paragraphs(doc, excluded):
        for match in GRADE_PATTERN.finditer(text):
            sentence, _ = context_before(text, match.start())
            whole = sentence + _rest_of_sentence(text, match.start())
            if scope.own.search(whole) and not scope.other.search(whole):
                return written_grade(match.group("grade"))
    return None


def labelled_result(doc: Document, excluded: set[int]) -> tuple[Decimal | None, str | None] | None:
    """Score and grade of a result label line followed by its value line, or None.

    ``评价结果`` / ``优秀(93分)``: the value line holds only a grade and/or a score in 分
    (spaces dropped: ``优 秀93分)``). The label must be the whole line.
    """
    paragraphs = _department_paragraphs(doc, excluded)
    for (_, label), (_, value) in pairwise(paragraphs):
        if not RESULT_LABEL.fullmatch(re.sub(r"\s+", "", label)):
            continue
        cell = re.sub(r"\s+", "", value)
        if not RESULT_VALUE.fullmatch(cell):
            continue
        score_match = RESULT_SCORE.search(cell)
        score = parse_number(score_match.group(1)) if score_match else None
        if score is not None and not 0 <= score <= 100:
            continue
        grade = RESULT_GRADE.search(RESULT_SCORE.sub("", cell))
        return score, grade.group(0) if grade else None
    return None


def labelled_cell(doc: Document) -> tuple[Decimal | None, str | None] | None:
    """A form's score and grade in table rows, each the cell after its label
    (自评得分 | 98, 评价等级 | 优（S≧90）), or None when neither is there."""
    rules = prose_rules()
    score: Decimal | None = None
    grade: str | None = None
    for table in doc.tables():
        for row in table.rows:
            cells = [re.sub(r"\s+", "", fold_width(c)) for c in row if c.strip()]
            for label, value in pairwise(cells):
                number = rules.form_score_value.fullmatch(value)
                if score is None and number and rules.form_score_label.match(label):
                    found = parse_number(number.group("score"))
                    score = found if found is not None and 0 <= found <= 100 else None
                graded = rules.form_grade_value.match(value)
                if grade is None and graded and rules.form_grade_label.match(label):
                    grade = graded.group("grade")
    return (score, grade) if score is not None or grade is not None else None


def _rest_of_sentence(text: str, offset: int) -> str:
    end = offset
    while end < len(text) and text[end] not in "。！？!?\n":
        end += 1
    return text[offset:end]
