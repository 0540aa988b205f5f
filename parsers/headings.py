"""Find the headings of a report and their level (1 一、/第一部分, 2 （一）, 3 1.).

Headings are Paragraph blocks, never table cells. Levels are relative to context, the
way a reader infers them: a numbering style seen for the first time nests under the
current heading, a style already open is a sibling, and a number that continues an
open sibling's sequence in a related style stands in for it (``（2）`` after ``（一）``
is ``（二）``; ``4、`` after ``三、`` is ``四、``). A restart at ``一、`` inside a level-1
section nests (yueyanglou's ``六、`` holds ``一、…`` and ``2、 …``). Headings without a
number (``综合评价结论``) fill a gap in the numbering when there is one, else take the
level of the open heading they resemble most (same ending) or of the latest heading.
Lines of a table a PDF dumped one cell per line (header words such as ``完成情况``, or a
short fragment after two short cell lines) are not unnumbered headings.

Boundaries reset the nesting and are level 1: ``第一部分``, ``附件1`` and a report title
(``…报告`` lines) that is not already introduced by an ``附件`` line. Headings nested
deeper than level 3 are not returned; their text belongs to the level-3 section.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from extractors.model import Document, Paragraph
from parsers.numbering import (
    CUSTOMARY_RANK,
    SCORE_NOTE,
    NumberingStyle,
    match_numbering,
    strip_numbering,
)
from parsers.titles import HEADING_ENDINGS, TITLE_ENDINGS, Title, find_titles, paragraph_lines

# The whole text of a section that has nothing to say (``其他需要说明的问题`` / ``无。``).
NIL_BODIES = ("无", "无。", "暂无", "暂无。", "无.")
# Styles whose ``（一）基本情况：…`` opens a section; under arabic numbers a colon labels a
# list item (``1.财政拨款收入：指…``).
COLON_LEAD_STYLES = frozenset({"cn_dun", "paren_cn"})
PARAGRAPH_ENDS = tuple('。！？!?：:；;）)”"') + NIL_BODIES
SENTENCE_PUNCT = "，,；;"
TERMINATORS = tuple("。！？!?：:")
# A table-of-contents line: leader dots then a page number (``一、部门基本情况……1``).
TOC_LINE = re.compile(r"(?:\.{3,}|…+|·{3,}|－{2,}|-{3,}|_{3,})\s*\d{1,3}\s*$")
PARENTHETICAL = re.compile(r"[（(][^（()）]*[）)]")
# Column headers of the 绩效自评表 family: a line made only of these (one or several,
# space-separated: ``预期目标 目标实际完成情况``) is a table's header row dumped to text.
TABLE_HEADER_WORDS = frozenset(
    {
        "指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标",
        "指标值",
        "年度指标值",
        "实际完成值",
        "全年完成值",
        "实际完成情况",
        "目标实际完成情况",
        "完成情况",
        "预期目标",
        "分值",
        "得分",
        "权重",
        "偏差原因分析及改进措施",
        "未完成原因和改进措施",
        "未完成原因分析",
    }
)
PROSE_PUNCT = "，,。；;！？!?"


@dataclass(frozen=True)
class HeadingRules:
    """Named limits that tell a heading from a numbered sentence."""

    max_title_chars: int = 50  # a whole line with no terminator (after the number)
    max_short_sentence_chars: int = 16  # a whole line ending in 。 (``机构组成。``)
    max_lead_chars: int = 24  # ``稳步落实基本医保全民参保。`` followed by its text
    max_unnumbered_chars: int = 20
    min_body_chars: int = 8  # what follows an unnumbered heading must be text
    # A PDF table dumped one cell per line: lines of at most ``max_cell_chars`` without
    # a terminator. An unnumbered line of at most ``max_fragment_chars`` after two such
    # lines (``年度绩效`` / ``指标完成`` / ``情况``) is a cell, unless prose follows it.
    max_cell_chars: int = 12
    max_fragment_chars: int = 6
    # Text wrapped at a fixed width: at least this share of its lines (of this many
    # lines of at least this length) are within two characters of one length.
    wrapped_share: float = 0.4
    min_wrapped_lines: int = 10
    min_wrapped_chars: int = 15
    max_level: int = 3


@dataclass(frozen=True)
class Heading:
    text: str  # as written, without surrounding spaces
    level: int
    block_index: int
    char_start: int
    char_end: int
    page: int | None
    kind: str = "numbered"  # numbered, unnumbered, part, annex, title
    number: int | None = None
    boundary: bool = False  # starts a part, an attachment or a report: nesting resets


@dataclass(frozen=True)
class _Candidate:
    block_index: int
    text: str  # heading text as written
    style: NumberingStyle | None  # None: unnumbered or title
    number: int | None
    shape: str  # title (whole line), lead (lead phrase + text), sentence
    kind: str


@dataclass(frozen=True)
class _Entry:
    style: str
    family: str
    number: int
    boundary: bool
    text: str


def _is_sentence_like(fragment: str) -> bool:
    return any(p in PARENTHETICAL.sub("", fragment) for p in SENTENCE_PUNCT)


def shape_of(rest: str, rules: HeadingRules, colon_leads: bool = True) -> tuple[str, str]:
    """Classify the text after a number: (title | lead | sentence, heading part of it).

    ``colon_leads=False`` reads ``财政拨款收入：指…`` as a labelled sentence (definition and
    list items under arabic numbers), not as a heading followed by its text.
    """
    rest = rest.strip()
    if not rest or not re.search(r"[\u4e00-\u9fff]", rest):
        return "sentence", rest
    cut = next((i for i, ch in enumerate(rest) if ch in TERMINATORS), None)
    if cut is None:
        ok = len(rest) <= rules.max_title_chars and not _is_sentence_like(rest)
        return ("title" if ok else "sentence"), rest
    lead, body = rest[:cut], rest[cut + 1 :].strip()
    if _is_sentence_like(lead) or not lead:
        return "sentence", rest
    if not body:
        return ("title" if len(lead) <= rules.max_short_sentence_chars else "sentence"), rest
    if rest[cut] in "：:" and not colon_leads:
        return "sentence", rest
    if len(lead) <= rules.max_lead_chars:
        return "lead", rest[: cut + 1]
    return "sentence", rest


def _core(text: str) -> str:
    """Heading text without number, score note and closing punctuation, for comparisons."""
    return SCORE_NOTE.sub("", strip_numbering(text)).strip().rstrip("。.:：").strip()


def wrap_width(lines: list[str], rules: HeadingRules) -> int | None:
    """The line width of text wrapped by PDF-to-text, when most lines share one length."""
    lengths = [len(line.strip()) for line in lines if len(line.strip()) >= rules.min_wrapped_chars]
    if len(lengths) < rules.min_wrapped_lines:
        return None
    width = Counter(lengths).most_common(1)[0][0]
    near = sum(width - 2 <= n <= width + 2 for n in lengths)
    return width if near >= rules.wrapped_share * len(lengths) else None


def _numbered_candidates(doc: Document, rules: HeadingRules) -> dict[int, _Candidate]:
    found: dict[int, _Candidate] = {}
    lines = paragraph_lines(doc)
    width = wrap_width(list(lines.values()), rules)
    for i, line in lines.items():
        text = line.strip()
        if TOC_LINE.search(text):
            continue
        numbering = match_numbering(text)
        if numbering is None:
            continue
        style, number, rest = numbering
        if number is None and not style.boundary:
            continue  # 二三、: a damaged numeral no report writes, not a heading's number
        if style.boundary:
            if len(text) <= rules.max_title_chars + 10:
                found[i] = _Candidate(i, text, style, number, "title", style.name)
            continue
        shape, head = shape_of(rest, rules, colon_leads=style.name in COLON_LEAD_STYLES)
        if (
            shape == "title"
            and width
            and style.name not in COLON_LEAD_STYLES
            and len(text) >= width - 2
            and not text.endswith(TERMINATORS)
        ):
            shape = "sentence"  # a list item cut by the wrap (一、 and （一） lines stay headings)
        heading_text = text[: len(text) - len(rest.strip())] + head if shape == "lead" else text
        found[i] = _Candidate(i, heading_text, style, number, shape, "numbered")
    return found


def _drop_lists(candidates: dict[int, _Candidate]) -> dict[int, _Candidate]:
    """Keep the headings among numbered lines: a run of consecutive numbered lines that are
    mostly sentences, or that are all bare titles without text of their own, is a list."""
    keep = {i: c for i, c in candidates.items() if c.shape != "sentence"}
    indices = sorted(i for i, c in candidates.items() if c.style and not c.style.boundary)
    run: list[_Candidate] = []

    def close(run: list[_Candidate]) -> None:
        if len(run) < 2:
            return
        sentences = sum(c.shape == "sentence" for c in run)
        if sentences * 2 >= len(run) or all(c.shape == "title" for c in run):
            for c in run:
                keep.pop(c.block_index, None)

    for i in indices:
        c = candidates[i]
        if (
            run
            and i == run[-1].block_index + 1
            and c.style == run[-1].style
            and c.number is not None
            and run[-1].number is not None
            and c.number == run[-1].number + 1
        ):
            run.append(c)
            continue
        close(run)
        run = [c]
    close(run)
    return keep


def _unnumbered_candidates(
    doc: Document, numbered: dict[int, _Candidate], rules: HeadingRules
) -> dict[int, _Candidate]:
    lines = paragraph_lines(doc)
    found: dict[int, _Candidate] = {}
    for i, line in lines.items():
        text = line.strip()
        if i in numbered or match_numbering(text):
            continue
        core = SCORE_NOTE.sub("", text).strip().rstrip("。").strip()
        if (
            not core
            or len(core) > rules.max_unnumbered_chars
            or any(p in core for p in '，,；;：:。《》“”"')
            or not core.endswith(HEADING_ENDINGS)
        ):
            continue
        after = lines.get(i + 1, "").strip()
        if i + 1 not in numbered and len(after) < rules.min_body_chars and after not in NIL_BODIES:
            continue
        if not _starts_paragraph(doc, i) or _is_table_cell(lines, i, core, rules):
            continue
        found[i] = _Candidate(i, text, None, None, "title", "unnumbered")
    return found


def _is_table_cell(lines: dict[int, str], index: int, core: str, rules: HeadingRules) -> bool:
    """Whether unnumbered line ``index`` is a cell of a table dumped one cell per line:
    header words only, or a short fragment after two cell lines and not before prose
    (a heading may follow a table: ``综合评价结论`` then its sentences)."""
    if all(part in TABLE_HEADER_WORDS for part in core.split()):
        return True
    if len(core) > rules.max_fragment_chars:
        return False
    before = (lines.get(index - 1, ""), lines.get(index - 2, ""))
    if not all(_is_cell_line(b, rules) for b in before):
        return False
    after = lines.get(index + 1, "").split()
    if after and after[0] in TABLE_HEADER_WORDS:
        return True  # the table's header row follows
    return not any(p in part for part in after for p in PROSE_PUNCT)


def _is_cell_line(line: str, rules: HeadingRules) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= rules.max_cell_chars
        and not text.endswith(TERMINATORS + tuple("；;"))
        and match_numbering(text) is None
    )


def _starts_paragraph(doc: Document, index: int) -> bool:
    """False for the tail of a wrapped line (the line before it stops mid-sentence)."""
    if index == 0:
        return True
    before = doc.blocks[index - 1]
    if not isinstance(before, Paragraph):
        return True
    text = before.text.strip()
    return text.endswith(PARAGRAPH_ENDS) or match_numbering(text) is not None or len(text) <= 20


def _title_candidates(
    doc: Document, numbered: dict[int, _Candidate]
) -> dict[int, tuple[_Candidate, Title]]:
    found: dict[int, tuple[_Candidate, Title]] = {}
    seen: set[str] = set()
    for title in find_titles(doc):
        if title.text in seen:
            continue  # a running page header repeating the report's title
        seen.add(title.text)
        before = numbered.get(title.first_block - 1)
        if before is not None and before.style is not None and before.style.boundary:
            continue  # 附件2 / 部门整体支出…报告: the 附件 line is the heading
        if not title.text.endswith(TITLE_ENDINGS):
            continue
        candidate = _Candidate(title.first_block, title.text, None, None, "title", "title")
        found[title.first_block] = (candidate, title)
    return found


def _level(stack: list[_Entry]) -> int:
    if stack[-1].boundary:
        return 1
    return max(1, sum(not e.boundary for e in stack))


def _place_numbered(stack: list[_Entry], c: _Candidate) -> list[_Entry] | None:
    """The stack after numbered heading ``c``, or None when ``c`` repeats the last heading.

    Only a boundary may lack a number (``附件`` alone); it counts as number 0.
    """
    if c.style is None:
        raise ValueError(f"not a numbered heading: {c.text}")
    entry = _Entry(c.style.name, c.style.family, c.number or 0, c.style.boundary, c.text)
    if c.style.boundary:
        return [entry]
    top = stack[-1] if stack else None
    if (
        top
        and top.style == "annex"
        and c.style.family in {"dot", "dun"}
        and c.shape == "title"
        and top.number > 0
        and c.number == top.number + 1
    ):
        return None  # 附件1. …表 / 2. …表: a list of attachments, not a heading
    same = [i for i, e in enumerate(stack) if e.style == c.style.name and not e.boundary]
    continuing = [
        i
        for i, e in enumerate(stack)
        if not e.boundary and e.family == c.style.family and c.number == e.number + 1
    ]
    if continuing:
        exact = [i for i in continuing if stack[i].style == c.style.name]
        at = (exact or continuing)[-1]
        return [*stack[:at], replace(entry, style=stack[at].style)]
    if same:
        at = same[-1]
        last = stack[at]
        if c.number == last.number and _core(c.text) == _core(last.text):
            return None
        if c.number == 1 and last.number > 1:
            return [*stack, entry]  # a numbering restarts inside the current section
        return [*stack[:at], entry]
    return [*_close_deeper_styles(stack, c.style.name), entry]


def _close_deeper_styles(stack: list[_Entry], style: str) -> list[_Entry]:
    """Close open headings whose style is conventionally deeper than ``style``.

    A style seen for the first time nests, except that 一、 never nests under （一） or
    1. (the customary order 一、 > （一） > 1. > （1） > ⑴ > ①).
    """
    rank = CUSTOMARY_RANK.get(style, float(len(CUSTOMARY_RANK)))
    kept = list(stack)
    while kept and not kept[-1].boundary and CUSTOMARY_RANK.get(kept[-1].style, 0) > rank:
        kept.pop()
    return kept


def _gap_slot(
    stack: list[_Entry],
    position: int,
    ordered: list[_Candidate],
) -> tuple[int, _Entry] | None:
    """Where an unnumbered heading fills a hole in the numbering, e.g. ``一、`` … ``三、``.

    Looks ahead to the next numbered heading of an open style (or, under a boundary, of
    any style); when numbers are missing before it and this heading is among the last
    unnumbered headings before it, it takes the first missing number.
    """
    later = [c for c in ordered if c.block_index > position]
    scopes: list[tuple[int, _Entry | None]] = [
        (i, e) for i, e in enumerate(stack) if e.style != "annex"
    ]
    if stack and stack[-1].boundary:
        scopes.append((len(stack), None))  # first child under a boundary
    for at, entry in scopes:
        shallower = {e.style for e in stack[:at]} | {e.family for e in stack[:at]}
        unnumbered_between = 1
        for c in later:
            if c.style is None:
                if c.kind == "unnumbered":
                    unnumbered_between += 1
                    continue
                break  # a title
            if c.style.boundary and (entry is None or not entry.boundary):
                break
            if entry is None or c.style.family == entry.family:
                previous = 0 if entry is None else entry.number
                missing = (c.number or 0) - previous - 1
                if missing >= unnumbered_between:
                    assert c.number is not None
                    number = c.number - unnumbered_between
                    template = entry or _Entry(c.style.name, c.style.family, 0, False, "")
                    return at, replace(template, number=number)
                break
            if c.style.name in shallower or c.style.family in shallower:
                break
    return None


def _shared_ending(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _place_unnumbered(
    stack: list[_Entry], c: _Candidate, ordered: list[_Candidate]
) -> list[_Entry]:
    gap = _gap_slot(stack, c.block_index, ordered)
    if gap is not None:
        at, entry = gap
        entry = replace(entry, text=c.text)
        return [entry] if entry.boundary else [*stack[:at], entry]
    core = _core(c.text)
    best, best_len = None, 2
    for i, e in enumerate(stack):
        n = _shared_ending(core, _core(e.text))
        if not e.boundary and n >= best_len:
            best, best_len = i, n
    if best is not None:
        e = stack[best]
        return [*stack[:best], replace(e, number=e.number + 1, text=c.text)]
    if not stack or stack[-1].boundary:
        return [*stack, _Entry("plain", "plain", 1, False, c.text)]
    top = stack[-1]
    return [*stack[:-1], replace(top, number=top.number + 1, text=c.text)]


def detect_headings(doc: Document, rules: HeadingRules | None = None) -> list[Heading]:
    """Every heading of ``doc`` in document order, levels 1 to 3."""
    rules = rules or HeadingRules()
    numbered = _drop_lists(_numbered_candidates(doc, rules))
    unnumbered = _unnumbered_candidates(doc, numbered, rules)
    titles = _title_candidates(doc, numbered)
    for start, (_, title) in titles.items():
        for i in range(start, title.last_block + 1):
            unnumbered.pop(i, None)
            numbered.pop(i, None)
    candidates: dict[int, _Candidate] = {**numbered, **unnumbered}
    candidates |= {i: c for i, (c, _) in titles.items()}
    ordered = [candidates[i] for i in sorted(candidates)]

    headings: list[Heading] = []
    stack: list[_Entry] = []
    for c in ordered:
        if c.kind == "title":
            stack = [_Entry("title", "title", 0, True, c.text)]
        elif c.style is None:
            stack = _place_unnumbered(stack, c, ordered)
        else:
            placed = _place_numbered(stack, c)
            if placed is None:
                continue
            stack = placed
        level = _level(stack)
        if level > rules.max_level:
            continue
        headings.append(_heading(doc, c, level, titles, boundary=stack[-1].boundary))
    return headings


def _heading(
    doc: Document,
    c: _Candidate,
    level: int,
    titles: dict[int, tuple[_Candidate, Title]],
    boundary: bool,
) -> Heading:
    block = doc.blocks[c.block_index]
    start = block.char_start + (len(block.text) - len(block.text.lstrip()))
    if c.kind == "title":
        last = doc.blocks[titles[c.block_index][1].last_block]
        end = last.char_start + len(last.text.rstrip())
    else:
        end = start + len(c.text)
    return Heading(
        text=c.text,
        level=level,
        block_index=c.block_index,
        char_start=start,
        char_end=end,
        page=block.page,
        kind=c.kind,
        number=c.number,
        boundary=boundary,
    )
