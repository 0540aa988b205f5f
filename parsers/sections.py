"""Cut a document at its headings and say what each section is about.

Each heading opens a section that runs to the next heading of any level, so sections
never overlap and a section's ``text`` is the heading plus its own body (a level-1
section's subsections are the following rows). Text before the first heading is a
section only when it has content; its heading is its first line. ``char_end`` is the
end of the last block before the next heading.

``canonical`` classifies a level-1 heading by the terms in ``data/section_terms.toml``
(matched on jieba word boundaries; the first section in the file with a match wins,
then the longest term). A level-1 heading that says
nothing known inherits from the 第X部分 it sits in; level-2/3 headings inherit from their
parent unless they match one of the section's ``child_terms`` (``（二）存在问题`` under
``四、绩效评价情况`` is 问题与建议).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from extractors.model import Document, Table
from parsers.headings import Heading, detect_headings
from parsers.numbering import SCORE_NOTE, strip_numbering
from parsers.tokenize import contains_term, token_bounds
from records import SectionRecord

OTHER = "其他"
SECTION_TERMS = "section_terms.toml"
NOISE = re.compile(r"[“”\"‘’'「」\s]")
TRAILING_NOTE = re.compile(r"[（(][^（()）]*[）)]\s*$")
UNCLASSIFIED_KINDS = frozenset({"annex", "title"})
MAX_UNHEADED_NAME = 60
# A table-of-contents entry whose page number follows after a space (``一、项目基本情况 1``).
PAGE_NUMBER_TAIL = re.compile(r"\S\s+\d{1,3}$")
# … or after leader dots, the number maybe in brackets (``二、部门决算公开表.......(1)``).
LEADER_TAIL = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|．{3,})\s*[（(]?\s*\d{1,3}\s*[）)]?$")
# What the table of contents between a heading and its repeat may hold: short lines
# without a sentence in them.
SENTENCE_MARK = re.compile(r"[。；;！？!?]")
MAX_CONTENTS_CHARS = 3000


@dataclass(frozen=True)
class SectionTerms:
    canonical: str
    terms: tuple[str, ...]
    child_terms: tuple[str, ...]


@cache
def section_terms() -> tuple[SectionTerms, ...]:
    data = tomllib.loads(files("parsers.data").joinpath(SECTION_TERMS).read_text("utf-8"))
    return tuple(
        SectionTerms(s["canonical"], tuple(s["terms"]), tuple(s.get("child_terms", ())))
        for s in data["section"]
    )


def heading_words(heading: str) -> str:
    """The part of a heading that says what it is about: no number, quotes or notes."""
    text = NOISE.sub("", SCORE_NOTE.sub("", strip_numbering(heading)))
    return TRAILING_NOTE.sub("", text) or text


def classify_heading(
    heading: str, child: bool = False, table: tuple[SectionTerms, ...] | None = None
) -> str:
    """The canonical section a heading names, or 其他 (``child`` uses the child terms)."""
    table = section_terms() if table is None else table
    words = heading_words(heading)
    bounds = token_bounds(words)
    for entry in table:
        terms = entry.child_terms if child else entry.terms
        if any(contains_term(words, term, bounds) for term in terms):
            return entry.canonical
    return OTHER


def segment(doc: Document) -> list[SectionRecord]:
    """One SectionRecord per heading (plus the text before the first one, if any)."""
    headings = drop_contents_entries(doc, detect_headings(doc))
    spans: list[tuple[Heading | None, int, int]] = []  # heading, first block, last block
    first_heading_block = headings[0].block_index if headings else len(doc.blocks)
    if first_heading_block > 0 and any(b.text.strip() for b in doc.blocks[:first_heading_block]):
        spans.append((None, 0, first_heading_block - 1))
    for i, found in enumerate(headings):
        last = headings[i + 1].block_index - 1 if i + 1 < len(headings) else len(doc.blocks) - 1
        spans.append((found, found.block_index, last))

    records: list[SectionRecord] = []
    parents: dict[int, str] = {}  # level -> canonical of the open heading at that level
    part_canonical: str | None = None
    for seq, (h, first, last) in enumerate(spans):
        if h is None:
            heading, level, canonical = _first_line(doc, first, last), 1, OTHER
            start = doc.blocks[first].char_start
        else:
            heading, level, start = h.text, h.level, h.char_start
            canonical, part_canonical = _canonical(h, parents, part_canonical)
        parents = {k: v for k, v in parents.items() if k < level} | {level: canonical}
        end = max(doc.blocks[last].char_end, start)
        records.append(
            SectionRecord(
                seq=seq,
                canonical=canonical,
                heading=heading,
                level=level,
                char_start=start,
                char_end=end,
                page_start=doc.blocks[first].page,
                page_end=_last_page(doc, first, last),
                text=doc.text[start:end],
            )
        )
    return records


def _canonical(
    h: Heading, parents: dict[int, str], part_canonical: str | None
) -> tuple[str, str | None]:
    """(canonical of ``h``, canonical of the 第X部分 now open)."""
    if h.kind in UNCLASSIFIED_KINDS:
        return OTHER, None
    if h.boundary:
        own = classify_heading(h.text)
        return own, own
    if h.level == 1:
        own = classify_heading(h.text)
        return (part_canonical if own == OTHER and part_canonical else own), part_canonical
    parent = next((parents[k] for k in sorted(parents, reverse=True) if k < h.level), OTHER)
    own = classify_heading(h.text, child=True)
    return (own if own != OTHER else parent), part_canonical


def drop_contents_entries(doc: Document, headings: list[Heading]) -> list[Heading]:
    """The headings without the entries of a table of contents (目录).

    An entry is a heading line that ends in leader dots and a page number
    (``二、部门决算公开表……(1)``), or in a page number after a space (``一、项目基本情况 1``)
    next to another such line, or a heading that the report repeats later when everything from it
    to its repeat is short lines without a sentence (the 目录 listing 第一部分…第五部分
    before the body opens at 第一部分 again). Their text joins the section before them.
    """
    paged = [bool(PAGE_NUMBER_TAIL.search(h.text)) for h in headings]
    dropped = {
        i
        for i, is_paged in enumerate(paged)
        if is_paged and ((i > 0 and paged[i - 1]) or (i + 1 < len(paged) and paged[i + 1]))
    }
    dropped |= {i for i, h in enumerate(headings) if LEADER_TAIL.search(h.text)}
    keys = [_entry_key(h.text) for h in headings]
    for i, key in enumerate(keys):
        repeat = next((j for j in range(i + 1, len(keys)) if keys[j] == key), None)
        if repeat is None or i in dropped:
            continue
        between = doc.text[headings[i].char_start : headings[repeat].char_start]
        if len(between) <= MAX_CONTENTS_CHARS and not SENTENCE_MARK.search(between):
            dropped.update(range(i, repeat))
    return [h for i, h in enumerate(headings) if i not in dropped]


def _entry_key(heading: str) -> str:
    return re.sub(r"\s+", "", heading)


def _first_line(doc: Document, first: int, last: int) -> str:
    """What names text before the first heading: its first line (a title, an addressee),
    cut to ``MAX_UNHEADED_NAME`` characters when it is a whole paragraph. A table's row
    names it only when no paragraph comes before the heading."""
    paragraphs = [b for b in doc.blocks[first : last + 1] if not isinstance(b, Table)]
    if paragraphs and any(b.text.strip() for b in paragraphs):
        block = next(b for b in paragraphs if b.text.strip())
        return block.text.strip().split("\n")[0].replace("\t", " ")[:MAX_UNHEADED_NAME]
    text = doc.text[doc.blocks[first].char_start : doc.blocks[last].char_end]
    line = next((x.strip() for x in text.split("\n") if x.strip()), "")
    return line.replace("\t", " ")[:MAX_UNHEADED_NAME]


def _last_page(doc: Document, first: int, last: int) -> int | None:
    pages = [
        (b.page_end if isinstance(b, Table) and b.page_end is not None else b.page)
        for b in doc.blocks[first : last + 1]
    ]
    known = [p for p in pages if p is not None]
    return max(known) if known else None
