"""Money figures in prose: every ``880.52万元`` / ``217402.51元`` / ``1.2亿元`` with its evidence.

Only Paragraph blocks are read (table cells belong to ``parsers.tables``). Consecutive
paragraphs are scanned as one run so that a number broken by a PDF line break
(``1022.\\n89万元``) is still found. Each figure gets its canonical metric from the words
before it in its clause (``parsers.metrics``), a subject when it belongs to a project, a
fund or a per-person standard rather than to the department, its sentence, page and
offset.

``万`` alone after a number (``医保报销2112.27万；``) is read as 万元 when a clause or
sentence ends right after it; ``1.67万人`` and ``9.3万人次`` are counts, not money.

Money is never negative in the curated data: a minus sign written right before a figure
(``结转结余-5.18万元``, ``减少-3.2万元``) is kept in ``raw_value`` ("-5.18") and in the
sentence, ``value_wan`` holds the absolute value, and ``suspicious_amounts`` names the
figure so the extraction records a warning. A hyphen between two figures (``100-200元``,
``2900元-3500元``) is a range, not a sign. Scientific notation (``1e9万元``) is not how these reports write
money: it is not read at all. A figure above ``IMPLAUSIBLE_WAN`` is kept and named too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from extractors.model import Document, Paragraph, Table
from jixiao.records import AmountRecord, SectionRecord
from normalizers.numbers import digits_as_written, parse_number
from normalizers.text import fold_width
from normalizers.units import canonical_unit, to_wan
from parsers.metrics import MEASURE, find_metric, metric_aliases

_BREAK = r"[ \t]*\n?[ \t]*"  # spaces and at most one line break (PDF text)
_UNIT_END = r"(?=[;；,，。.、)）:：\s]|$)"
MONEY = re.compile(
    rf"""
    (?<![\d.])(?<!\d,)(?<!\d[eE])(?<!\d[eE][+-])  # not inside a number or 1e9 / 2.5e+3
    (?:(?<![元万亿千%])(?P<sign>[-−])(?=\d))?  # 2900元-3500元 is a range, not a sign
    (?P<num>(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:{_BREAK}\.{_BREAK}\d+)?)
    (?P<gap>{_BREAK})
    (?P<unit>亿元|千元|万元|元(?![旦宵])|万{_UNIT_END}|亿{_UNIT_END})
    """,
    re.VERBOSE,
)

SENTENCE_END = "。；;！!？?\n"
CLAUSE_END = SENTENCE_END + "，,：:、"

# Paragraphs that open a project's block: amounts in it and in the paragraphs after it
# (until a heading, a table or the next opener) belong to the project named here.
PROJECT_OPENERS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"^\s*项目\s*\d+\s*[：:]\s*(?P<name>.+?)"
        r"(?:\s*\d[\d.,]*\s*(?:亿元|万元|元|万)|[。；;，,]|\s*$)"
    ),
    re.compile(r"^\s*[（(]\d+[)）]\s*(?P<name>[^。；，,]+?)项目(?:绩效|支出|资金|实施|完成)"),
)
# Figures in an opener's own name clause are the project's money (项目1：…经费10万元).
OPENER_METRIC = "项目支出"

# An attached project report: "2020年度项目支出绩效自评报告" then "（二乙伤残军人医疗）".
PROJECT_REPORT_TITLE = re.compile(r"项目(支出)?绩效(自评|评价)报告\s*$")
PROJECT_REPORT_NAME = re.compile(r"^[（(](?P<name>[^()（）]{2,40})[)）]$")
REPORT_BOUNDARY = re.compile(r"^附件\s*\d*\s*$|报告\s*$")

# A heading ends a project block.
HEADING = re.compile(
    r"""^\s*(?:
        第[一二三四五六七八九十]+部分
      | [一二三四五六七八九十]+\s*[、.．]
      | [（(][一二三四五六七八九十]+[)）]
      | [（(]?\d{1,2}[)）、.．](?=[^。]{0,30}$)
    )""",
    re.VERBOSE,
)

# A line at least this long that ends without punctuation is wrapped, not ended.
SOFT_WRAP_MIN_LINE = 25
SOFT_WRAP_ENDS = '。；;！!？?：:）)”"】」'
LIST_ITEM = re.compile(
    r"^\s*(?:\d{1,2}\s*[、.．]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+是|项目\s*\d+\s*[：:]|附件)"
)

# Per-unit standards: money, but not a total of the department (subject label).
PER_UNIT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"次均|每次|每人次"), "次均标准"),
    (re.compile(r"人均|每人|每名|每位"), "人均标准"),
    (re.compile(r"户均|每户"), "户均标准"),
    (re.compile(r"补助标准|标准[为是]?$"), "人均标准"),
)
PER_UNIT_AFTER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*/\s*人次"), "次均标准"),
    (re.compile(r"\s*/\s*次"), "次均标准"),
    (re.compile(r"\s*[/每]\s*人"), "人均标准"),
    (re.compile(r"\s*[/每]\s*户"), "户均标准"),
)

# Words that may stand between a metric and its figure: 年初预算安排…, 执行数为…
GAP_WORDS = re.compile(
    r"为|是|达到|达|约|共计|共|合计|总计|累计|计|已|的|了|安排|下达|完成|年末|全年|实际"
    r"|预算|决算|数|金额|资金|总额|财政拨款|一般公共预算|拨款|[“”\"'‘’（）()：:\s]"
)
MAX_GAP_CHARS = 2

# Words stripped from the text before a figure before it can name a subject: dates,
# the department talking about itself, list markers, verbs, department-wide funding.
SUBJECT_LEADING_NOISE = re.compile(
    r"""^(?:
        截[至止]|到|在|至
      | \d{4}\s*年(?:度|底|末)?|\d{1,2}月(?:\d{1,2}日)?(?:底|末)
      | (?:\d+|[一二三四五六七八九十]+)\s*[、.．]|[（(]\s*(?:\d+|[一二三四五六七八九十]+)\s*[)）]
      | [一二三四五六七八九十]是
      | 其中|具体(?:支出)?为|主要用于以下方面|主要包括|包括|分别为|含|另|共计|共|已
      | [县区市州省]?医保局|[\u4e00-\u9fff]{0,10}医疗保障局
      | (?:该|本|我|各)(?:部门|单位|局)|部门|单位
      | 全年|本年|当年|今年|年末|年初|全市|全区|全县|全局|整体
      | 一般公共预算|财政拨款|财政资金
      | [“”"'‘’《》：:\s，,、]
    )+""",
    re.VERBOSE,
)
SUBJECT_TRAILING_NOISE = re.compile(
    r"(?:共计|合计|总计|累计|共|为|达到|达|约|实际|完成|涉及|下达|安排|用于|的|了|[“”\"'‘’：:\s])+$"
)
# Without a metric, only a named thing is a subject (…经费, …资金, …补助, …项目, …部分).
SUBJECT_TAIL = re.compile(
    r"(?:经费|资金|费用?|补助|补贴|配套|项目|部分|基金|专项|清算|救助|保险|账户|工资|奖金"
    r"|缴费|公积金|支出|收入|金额|结余|购置|更新|[金款奖])(?:\([^)]*\))?$"
)
# Between a list's figures: nothing but punctuation and list markers (…10万元；医疗补助…).
LIST_GLUE = re.compile(
    r"^(?:[，,；;：:、。\s]|其中|具体(?:支出)?为|主要包括|包括|分别为|(?:其中)?项目\s*\d+\s*个"
    r"|\d+\s*[、.．]|[（(]\d+[)）]|[一二三四五六七八九十]是)*$"
)
MINUS_SIGNS = "-−"
# More than any department's or fund's year (10^8 万元 = 1万亿元): a misread or a typo.
IMPLAUSIBLE_WAN = Decimal(10) ** 8
MAX_WARNING_SENTENCE = 120
CONJUNCTION = re.compile(r"^\s*(?:和|及|与|、|或|至|-|~)\s*$")
MAX_SUBJECT_CHARS = 40


@dataclass(frozen=True)
class MoneyFigure:
    """One money figure found in a text: offsets of its number, raw forms, value.

    ``start`` is the minus sign's offset when one is written; ``value_wan`` is never negative.
    """

    start: int
    end: int  # end of the unit
    raw_value: str  # with its minus sign, when written
    raw_unit: str
    value_wan: Decimal


def money_figures(text: str) -> Iterator[MoneyFigure]:
    """Every money figure in ``text`` (pure; offsets are offsets into ``text``)."""
    folded = fold_width(text)
    for match in MONEY.finditer(folded):
        value = parse_number(match.group("num"))
        if value is None:
            continue
        unit = match.group("unit")
        start = match.start("sign") if match.group("sign") else match.start("num")
        yield MoneyFigure(
            start=start,
            end=match.end("unit"),
            raw_value=digits_as_written(text[start : match.end("num")]),
            raw_unit=canonical_unit(unit),
            value_wan=to_wan(value, unit),
        )


def suspicious_amounts(amounts: Iterable[AmountRecord]) -> list[str]:
    """One line per kept figure a person should check: a minus sign written before it
    (its value is kept as the absolute value) or a value above ``IMPLAUSIBLE_WAN``.
    """
    warnings: list[str] = []
    for amount in amounts:
        written = f"{amount.raw_value}{amount.raw_unit}"
        sentence = amount.sentence[:MAX_WARNING_SENTENCE]
        if fold_width(amount.raw_value).lstrip()[:1] in MINUS_SIGNS:
            warnings.append(
                f"negative figure {written} kept as {amount.value_wan:f} 万元 "
                f"(the sign stays in raw_value): {sentence}"
            )
        if amount.value_wan > IMPLAUSIBLE_WAN:
            warnings.append(
                f"implausible figure {written} = {amount.value_wan:f} 万元 "
                f"(more than 10^8 万元): {sentence}"
            )
    return warnings


@dataclass(frozen=True)
class _Run:
    """Consecutive prose paragraphs, scanned as one text."""

    paragraphs: tuple[Paragraph, ...]
    start: int
    end: int


@dataclass(frozen=True)
class _Place:
    """Where a figure stands: its run, paragraph, project block and the figure before it."""

    run_text: str
    run_start: int
    paragraph: Paragraph
    project: str | None
    previous: AmountRecord | None
    previous_end: int  # end of the previous figure in the run (0 when none)
    list_head: AmountRecord | None  # the paragraph's last figure of the department itself


def find_amounts(doc: Document, sections: list[SectionRecord]) -> list[AmountRecord]:
    """Every money figure in the document's prose, in text order."""
    projects = project_blocks(doc, sections)
    amounts: list[AmountRecord] = []
    for run in _prose_runs(doc):
        text = doc.text[run.start : run.end]
        previous: AmountRecord | None = None
        head: AmountRecord | None = None
        previous_end = 0
        for figure in money_figures(text):
            offset = run.start + figure.start
            paragraph = _paragraph_at(run, offset)
            if not paragraph.char_start <= run.start + previous_end <= paragraph.char_end:
                previous = head = None  # list inheritance stays inside one paragraph
            project = projects.get(paragraph.char_start)
            place = _Place(text, run.start, paragraph, project, previous, previous_end, head)
            section = section_at(sections, offset)
            record, in_list = _describe(doc, figure, place, section, len(amounts))
            amounts.append(record)
            previous, previous_end = record, figure.end
            if record.subject is None and record.metric is not None and not in_list:
                head = record
    return amounts


def _describe(
    doc: Document, figure: MoneyFigure, place: _Place, section: str | None, seq: int
) -> tuple[AmountRecord, bool]:
    """The figure's record, and whether it is an item of a list under an earlier figure."""
    text = place.run_text
    clause_start = max(_boundary_before(text, figure.start, CLAUSE_END), place.previous_end)
    sentence_start = min(_boundary_before(text, figure.start, SENTENCE_END), clause_start)
    sentence_end = _boundary_after(text, figure.end, SENTENCE_END)
    context = _unwrap(fold_width(text[sentence_start : figure.start]))
    clause_offset = len(_unwrap(fold_width(text[sentence_start:clause_start])))
    clause = context[clause_offset:]
    after = fold_width(text[figure.end : figure.end + 6])

    found = find_metric(context, clause_offset)
    if found is not None and not _labels_figure(context[found.end :]):
        found = None
    metric = found.metric if found else None
    qualifier = clause[: max(found.start - clause_offset, 0)] if found else clause
    subject = _subject_of(qualifier, has_metric=found is not None)

    previous, head = place.previous, place.list_head
    in_list = previous is not None and bool(
        LIST_GLUE.match(fold_width(text[place.previous_end : clause_start]))
    )
    same_sentence = previous is not None and place.previous_end > sentence_start
    if place.project is not None and clause.strip() == place.project:
        metric = metric or OPENER_METRIC
    elif previous is not None and metric is None and CONJUNCTION.match(clause):
        metric, subject = previous.metric, previous.subject  # 2900元和1300元
    elif in_list and head is not None and (metric is None or subject is not None):
        # A list item under a total: 项目支出994.5万元，其中：业务工作经费154万元，
        # 编外用工人员经费77.19万元 (a named item, even when its name holds a metric word).
        named = _subject_of(clause, has_metric=False)
        if named is not None or subject is not None:
            metric, subject = head.metric, named or subject
    elif (
        same_sentence
        and previous is not None
        and found is not None
        and found.kind == MEASURE
        and subject is None
        and not SUBJECT_LEADING_NOISE.sub("", qualifier).strip()
    ):
        subject = previous.subject  # 城乡居民医疗保险收入566.93万元，支出24403.76万元
    if place.project is not None:
        subject = place.project
    per_unit = _per_unit(clause, after)
    if per_unit is not None:
        subject = per_unit

    paragraph = place.paragraph
    record = AmountRecord(
        seq=seq,
        section=section,
        metric=metric,
        subject=subject,
        value_wan=figure.value_wan,
        raw_value=figure.raw_value,
        raw_unit=figure.raw_unit,
        sentence=_one_line(text[sentence_start:sentence_end]),
        page=paragraph.page if paragraph.page is not None else doc.page_at(paragraph.char_start),
        char_start=place.run_start + figure.start,
        source="prose",
    )
    return record, in_list and head is not None


def _labels_figure(gap: str) -> bool:
    """Whether the words between a metric alias and the figure still let it label it.

    "年初预算安排10710.15万元" and "执行数为21.74万元" do; "按往年支出测算约需40万元" does
    not (支出 there belongs to another phrase).
    """
    rest = GAP_WORDS.sub("", gap)
    for alias in metric_aliases():
        rest = alias.pattern.sub("", rest)
    return len(rest) <= MAX_GAP_CHARS


def _subject_of(qualifier: str, *, has_metric: bool) -> str | None:
    """What the figure belongs to, from the clause text before its metric (or before it)."""
    text = SUBJECT_TRAILING_NOISE.sub("", SUBJECT_LEADING_NOISE.sub("", qualifier))
    text = text.strip(" ，,、(")
    if len(text) < 2 or len(text) > MAX_SUBJECT_CHARS:
        return None
    if not re.search(r"[\u4e00-\u9fff]", text):
        return None
    if has_metric:
        # 基本支出收入人员经费: a heading phrase before the metric, not a named thing.
        return None if find_metric(text) is not None else text
    return text if SUBJECT_TAIL.search(text) else None


def _per_unit(clause: str, after: str) -> str | None:
    for pattern, label in PER_UNIT:
        if pattern.search(clause):
            return label
    for pattern, label in PER_UNIT_AFTER:
        if pattern.match(after):
            return label
    return None


def project_blocks(doc: Document, sections: list[SectionRecord]) -> dict[int, str | None]:
    """For each paragraph (by char_start), the project it speaks about, or None.

    A project block opens at a PROJECT_OPENERS paragraph and ends at a heading, a table
    or the next opener. A whole attached project report (a PROJECT_REPORT_TITLE line
    followed by the project name in brackets) belongs to that project until the next
    attachment or report title.
    """
    section_starts = {s.char_start for s in sections}
    block_project: str | None = None
    report_project: str | None = None
    blocks: dict[int, str | None] = {}
    paragraphs = list(doc.blocks)
    for index, block in enumerate(paragraphs):
        if isinstance(block, Table) or _is_table_cell(block):
            block_project = None
            continue
        text = fold_width(block.text).strip()
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if REPORT_BOUNDARY.match(text):
            report_project = None
        if PROJECT_REPORT_TITLE.search(text) and isinstance(following, Paragraph):
            named = PROJECT_REPORT_NAME.match(fold_width(following.text).strip())
            report_project = named.group("name").strip() if named else None
        name = _opened_project(text)
        if name is not None:
            block_project = name
        elif block.char_start in section_starts or HEADING.match(text):
            block_project = None
        blocks[block.char_start] = block_project or report_project
    return blocks


def _opened_project(text: str) -> str | None:
    for pattern in PROJECT_OPENERS:
        match = pattern.match(text)
        if match:
            return match.group("name").strip()
    return None


def _prose_runs(doc: Document) -> list[_Run]:
    runs: list[_Run] = []
    current: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and not _is_table_cell(block):
            current.append(block)
            continue
        if current:
            runs.append(_Run(tuple(current), current[0].char_start, current[-1].char_end))
            current = []
    if current:
        runs.append(_Run(tuple(current), current[0].char_start, current[-1].char_end))
    return runs


def _is_table_cell(paragraph: Paragraph) -> bool:
    # A TXT export line starting with TAB is a table cell the reader did not assemble
    # into a Table; its figures are the table parser's, not prose.
    return paragraph.text.startswith("\t")


def _paragraph_at(run: _Run, offset: int) -> Paragraph:
    for paragraph in run.paragraphs:
        if paragraph.char_start <= offset < paragraph.char_end + 1:
            return paragraph
    return run.paragraphs[-1]


def section_at(sections: Sequence[SectionRecord], offset: int) -> str | None:
    """The canonical of the deepest section holding ``offset``, or None before any."""
    containing = [s for s in sections if s.char_start <= offset < s.char_end]
    if not containing:
        return None
    return min(containing, key=lambda s: (s.level, -s.char_start)).canonical


def _boundary_before(text: str, position: int, stops: str) -> int:
    index = position - 1
    while index >= 0 and (text[index] not in stops or _soft_break(text, index)):
        index -= 1
    return index + 1


def _boundary_after(text: str, position: int, stops: str) -> int:
    index = position
    while index < len(text) and (text[index] not in stops or _soft_break(text, index)):
        index += 1
    if index < len(text) and text[index] != "\n":
        index += 1  # keep the sentence's own end mark
    return index


def _soft_break(text: str, index: int) -> bool:
    """Whether the line break at ``index`` wraps a paragraph rather than ending a line.

    PDF-derived text breaks long lines anywhere ("参保率96\n.19%"); a break after a long
    line that ends without punctuation, before a line that opens no heading or list item,
    continues the sentence.
    """
    if text[index] != "\n":
        return False
    line_start = text.rfind("\n", 0, index) + 1
    line = text[line_start:index].rstrip()
    if len(line) < SOFT_WRAP_MIN_LINE or line[-1] in SOFT_WRAP_ENDS:
        return False
    following = text[index + 1 : text.find("\n", index + 1) if "\n" in text[index + 1 :] else None]
    return (
        bool(following.strip()) and not HEADING.match(following) and not LIST_ITEM.match(following)
    )


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip().lstrip("）)]】」』")


def context_before(text: str, offset: int) -> tuple[str, str]:
    """The sentence and the clause of ``text`` up to ``offset`` (width-folded, unwrapped)."""
    sentence_start = _boundary_before(text, offset, SENTENCE_END)
    clause_start = _boundary_before(text, offset, CLAUSE_END)
    return (
        _unwrap(fold_width(text[sentence_start:offset])),
        _unwrap(fold_width(text[clause_start:offset])),
    )


def _unwrap(text: str) -> str:
    """Text with its (soft) line breaks and the spaces around them removed."""
    return re.sub(r"[ \t]*\n[ \t]*", "", text)
