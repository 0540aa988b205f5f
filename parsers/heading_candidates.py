"""Lines of a document that may be headings: numbered lines shaped like a heading (not
list items or sentences), unnumbered lines with a heading's ending (not table cells) and
report titles. Each candidate says its numbering, its shape and its kind; its level is
decided later, from context.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from extractors.model import Document, Paragraph
from parsers.heading_rules import (
    COLON_LEAD_STYLES,
    NIL_BODIES,
    PARAGRAPH_ENDS,
    PARENTHETICAL,
    PROSE_PUNCT,
    SENTENCE_PUNCT,
    TABLE_HEADER_WORDS,
    TERMINATORS,
    TOC_LINE,
    HeadingRules,
)
from parsers.numbering import SCORE_NOTE, NumberingStyle, match_numbering
from parsers.titles import HEADING_ENDINGS, TITLE_ENDINGS, Title, find_titles, paragraph_lines

PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")
MIN_RUNNING_HEADER_PAGES = 3
LIST_INTRODUCERS = ("：", ":")
MIN_INTRODUCED_LIST = 3


@dataclass(frozen=True)
class Candidate:
    block_index: int
    text: str  # heading text as written
    style: NumberingStyle | None  # None: unnumbered or title
    number: int | None
    shape: str  # title (whole line), lead (lead phrase + text), sentence
    kind: str


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


def wrap_width(lines: list[str], rules: HeadingRules) -> int | None:
    """The line width of text wrapped by PDF-to-text, when most lines share one length."""
    lengths = [len(line.strip()) for line in lines if len(line.strip()) >= rules.min_wrapped_chars]
    if len(lengths) < rules.min_wrapped_lines:
        return None
    width = Counter(lengths).most_common(1)[0][0]
    near = sum(width - 2 <= n <= width + 2 for n in lengths)
    return width if near >= rules.wrapped_share * len(lengths) else None


def numbered_candidates(doc: Document, rules: HeadingRules) -> dict[int, Candidate]:
    found: dict[int, Candidate] = {}
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
                found[i] = Candidate(i, text, style, number, "title", style.name)
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
        found[i] = Candidate(i, heading_text, style, number, shape, "numbered")
    return found


def drop_lists(
    candidates: dict[int, Candidate], lines: dict[int, str] | None = None
) -> dict[int, Candidate]:
    """Keep the headings among numbered lines: a run of consecutive numbered lines that are
    mostly sentences, or that are all bare titles without text of their own, is a list; so
    is a run of three or more that a line ending in a colon introduces (``主要职能包括：``
    then the duties, each opening with a short sentence), or whose items each define a
    term (``一、财政拨款收入：指…``)."""
    keep = {i: c for i, c in candidates.items() if c.shape != "sentence"}
    indices = sorted(i for i, c in candidates.items() if c.style and not c.style.boundary)
    lines = lines or {}
    run: list[Candidate] = []

    def close(run: list[Candidate]) -> None:
        if len(run) < 2:
            return
        sentences = sum(c.shape == "sentence" for c in run)
        introduced = lines.get(run[0].block_index - 1, "").strip().endswith(LIST_INTRODUCERS)
        if (
            sentences * 2 >= len(run)
            or all(c.shape == "title" for c in run)
            or (introduced and len(run) >= MIN_INTRODUCED_LIST)
            or (len(run) >= MIN_INTRODUCED_LIST and all(_is_definition(c) for c in run))
        ):
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


def _is_definition(c: Candidate) -> bool:
    """``一、财政拨款收入：指…``: a term and its definition, as a 名词解释 lists them."""
    return c.shape == "lead" and c.text.rstrip().endswith(("：", ":"))


def unnumbered_candidates(
    doc: Document, numbered: dict[int, Candidate], rules: HeadingRules
) -> dict[int, Candidate]:
    """Unnumbered lines with a heading's ending and text after them. A page's title (the
    first line of a page) may be longer, and is of kind ``page_title``."""
    lines = paragraph_lines(doc)
    tops = page_tops(doc)
    headers = _running_headers(doc)
    endings = HEADING_ENDINGS + unnumbered_endings()
    found: dict[int, Candidate] = {}
    for i, line in lines.items():
        text = line.strip()
        if i in numbered or match_numbering(text) or text in headers:
            continue
        core = SCORE_NOTE.sub("", text).strip().rstrip("。").strip()
        limit = rules.max_page_title_chars if i in tops else rules.max_unnumbered_chars
        if (
            not core
            or len(core) > limit
            or any(p in core for p in '，,；;：:。《》“”"')
            or not core.endswith(endings)
        ):
            continue
        after = lines.get(i + 1, "").strip()
        if i + 1 not in numbered and len(after) < rules.min_body_chars and after not in NIL_BODIES:
            continue
        if not _starts_paragraph(doc, i) or _is_table_cell(lines, i, core, rules):
            continue
        kind = "page_title" if i in tops else "unnumbered"
        found[i] = Candidate(i, text, None, None, "title", kind)
    return found


@cache
def unnumbered_endings() -> tuple[str, ...]:
    raw = files("parsers.data").joinpath("heading_terms.toml").read_text("utf-8")
    return tuple(tomllib.loads(raw)["unnumbered_endings"])


def page_tops(doc: Document) -> frozenset[int]:
    """The first paragraph of each PDF page, past a running header (a first line that
    opens several pages) and a bare page number."""
    headers = _running_headers(doc)
    firsts: dict[int, int] = {}
    for i, block in enumerate(doc.blocks):
        if block.page is None or block.page in firsts or not isinstance(block, Paragraph):
            continue
        if PAGE_NUMBER.match(block.text) or block.text.strip() in headers:
            continue
        firsts[block.page] = i
    return frozenset(firsts.values())


def _running_headers(doc: Document) -> frozenset[str]:
    opening: Counter[str] = Counter()
    seen: set[int | None] = set()
    for block in doc.blocks:
        if block.page is not None and block.page not in seen and isinstance(block, Paragraph):
            seen.add(block.page)
            opening[block.text.strip()] += 1
    return frozenset(text for text, n in opening.items() if n >= MIN_RUNNING_HEADER_PAGES)


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


def title_candidates(
    doc: Document, numbered: dict[int, Candidate]
) -> dict[int, tuple[Candidate, Title]]:
    found: dict[int, tuple[Candidate, Title]] = {}
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
        candidate = Candidate(title.first_block, title.text, None, None, "title", "title")
        found[title.first_block] = (candidate, title)
    return found
