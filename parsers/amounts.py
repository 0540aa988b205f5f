"""Money figures in prose, each with its evidence: metric, subject, sentence, page, offset.

Only Paragraph blocks are read (table cells belong to ``parsers.tables``). Consecutive
paragraphs are scanned as one run (``parsers.prose``) so that a number broken by a PDF
line break (``1022.\\n89万元``) is still found. Each figure (``parsers.money``) gets its
canonical metric from the words before it in its clause (``parsers.metrics``), a subject
when it belongs to a project (``parsers.project_blocks``), a fund or a per-person standard
rather than to the department, its sentence (``parsers.clauses``), page and offset.

The figures themselves, their reading of ``万``, signs and ranges, and
``suspicious_amounts`` live in ``parsers.money``; they are re-exported here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from extractors.model import Document, Paragraph
from normalizers.text import fold_width
from parsers.clauses import (
    SENTENCE_END,
    boundary_after,
    boundary_before,
    context_before,
    one_line,
    unwrap,
)
from parsers.clauses import (
    clause_start as label_clause_start,
)
from parsers.metrics import MEASURE, find_metric, metric_aliases
from parsers.money import IMPLAUSIBLE_WAN, MoneyFigure, money_figures, suspicious_amounts
from parsers.project_blocks import OPENER_METRIC, project_blocks
from parsers.prose import paragraph_at, prose_runs
from records import AmountRecord, SectionRecord

__all__ = [
    "IMPLAUSIBLE_WAN",
    "MoneyFigure",
    "context_before",
    "find_amounts",
    "money_figures",
    "project_blocks",
    "section_at",
    "suspicious_amounts",
]

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
      | [\u4e00-\u9fff]{1,20}?(?:局|委员会|中心|政府|办公室|办|院|所|站|厅|处|馆)(?=\s*\d{4}\s*年)
      | (?:该|本|我|各|此)(?:部门|单位|局|项目)|部门|单位
      | 年[底末中]
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
CONJUNCTION = re.compile(r"^\s*(?:和|及|与|、|或|至|-|~)\s*$")
MAX_SUBJECT_CHARS = 40
# A table cell holding a sentence (not a figure with its label) is at least this long.
CELL_SENTENCE_MIN_CHARS = 12


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
    """Every money figure in the document's prose, in text order, then those written in
    sentences inside table cells (``cell_amounts``)."""
    return prose_amounts(doc, sections) + cell_amounts(doc, sections)


def cell_amounts(doc: Document, sections: list[SectionRecord]) -> list[AmountRecord]:
    """Money written in sentences inside table cells (本项目共申请预算资金90万元。其中…):
    read as prose is, kept with ``source`` table and no offset (the cell is their
    sentence's place). Cells that are a figure alone are the table parsers'."""
    amounts: list[AmountRecord] = []
    for table in doc.tables():
        section = section_at(sections, table.char_start)
        seen: set[str] = set()
        for r, row in enumerate(table.rows):
            for cell in row:
                if cell in seen or not _is_cell_sentence(cell):
                    continue
                seen.add(cell)
                paragraph = Paragraph(
                    cell, table.page_of_row(r), table.char_start, table.char_start
                )
                previous: AmountRecord | None = None
                previous_end = 0
                for figure in money_figures(cell):
                    place = _Place(cell, 0, paragraph, None, previous, previous_end, None)
                    record, _ = _describe(doc, figure, place, section, 0)
                    amounts.append(replace(record, char_start=None, source="table"))
                    previous, previous_end = record, figure.end
    return amounts


def _is_cell_sentence(cell: str) -> bool:
    text = cell.strip()
    return len(text) >= CELL_SENTENCE_MIN_CHARS and any(mark in text for mark in "。；;，,")


def prose_amounts(doc: Document, sections: list[SectionRecord]) -> list[AmountRecord]:
    """Every money figure in the document's prose (its paragraphs), in text order."""
    projects = project_blocks(doc, sections)
    section_index = SectionIndex(sections)
    amounts: list[AmountRecord] = []
    for run in prose_runs(doc):
        text = doc.text[run.start : run.end]
        previous: AmountRecord | None = None
        head: AmountRecord | None = None
        previous_end = 0
        for figure in money_figures(text):
            offset = run.start + figure.start
            paragraph = paragraph_at(run, offset)
            if not paragraph.char_start <= run.start + previous_end <= paragraph.char_end:
                previous = head = None  # list inheritance stays inside one paragraph
            project = projects.get(paragraph.char_start)
            place = _Place(text, run.start, paragraph, project, previous, previous_end, head)
            section = section_index.at(offset)
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
    clause_start = max(label_clause_start(text, figure.start), place.previous_end)
    sentence_start = min(boundary_before(text, figure.start, SENTENCE_END), clause_start)
    sentence_end = boundary_after(text, figure.end, SENTENCE_END)
    context = unwrap(fold_width(text[sentence_start : figure.start]))
    clause_offset = len(unwrap(fold_width(text[sentence_start:clause_start])))
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
        sentence=one_line(text[sentence_start:sentence_end]),
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


def section_at(sections: Sequence[SectionRecord], offset: int) -> str | None:
    """The canonical of the deepest section holding ``offset``, or None before any."""
    return SectionIndex(sections).at(offset)


class SectionIndex:
    """`section_at` for many offsets: per heading level, the sections by start, so a lookup
    is a binary search per level instead of a scan of every section (amounts ask once each:
    a long document with thousands of both took minutes)."""

    def __init__(self, sections: Sequence[SectionRecord]) -> None:
        by_level: dict[int, list[tuple[int, int, SectionRecord]]] = {}
        for order, section in enumerate(sections):
            # Equal starts: the first listed wins, as in a scan; it sorts last.
            by_level.setdefault(section.level, []).append((section.char_start, -order, section))
        self._levels = sorted(by_level)
        self._sections: dict[int, list[SectionRecord]] = {}
        self._starts: dict[int, list[int]] = {}
        self._reach: dict[int, list[int]] = {}  # the furthest end among sections 0..i
        for level, found in by_level.items():
            found.sort(key=lambda item: item[:2])
            self._sections[level] = [section for _, _, section in found]
            self._starts[level] = [start for start, _, _ in found]
            self._reach[level] = list(accumulate((s.char_end for _, _, s in found), max))

    def at(self, offset: int) -> str | None:
        for level in self._levels:  # the lowest level holding the offset wins
            found = self._latest_holding(level, offset)
            if found is not None:
                return found.canonical
        return None

    def _latest_holding(self, level: int, offset: int) -> SectionRecord | None:
        sections, reach = self._sections[level], self._reach[level]
        i = bisect_right(self._starts[level], offset) - 1
        while i >= 0 and reach[i] > offset:  # some section up to i still runs past offset
            if offset < sections[i].char_end:
                return sections[i]
            i -= 1
        return None
