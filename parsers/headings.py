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

from dataclasses import dataclass

from extractors.model import Document
from parsers.contents import contents_blocks
from parsers.heading_candidates import (
    Candidate,
    drop_lists,
    numbered_candidates,
    shape_of,
    title_candidates,
    unnumbered_candidates,
    wrap_width,
)
from parsers.heading_nesting import Entry, level_of, place_numbered, place_unnumbered
from parsers.heading_rules import HeadingRules
from parsers.titles import Title, paragraph_lines

__all__ = ["Heading", "HeadingRules", "detect_headings", "shape_of", "wrap_width"]


@dataclass(frozen=True)
class Heading:
    text: str  # as written, without surrounding spaces
    level: int
    block_index: int
    char_start: int
    char_end: int
    page: int | None
    kind: str = "numbered"  # numbered, unnumbered, page_title, part, annex, title
    number: int | None = None
    boundary: bool = False  # starts a part, an attachment or a report: nesting resets


def detect_headings(doc: Document, rules: HeadingRules | None = None) -> list[Heading]:
    """Every heading of ``doc`` in document order, levels 1 to 3."""
    rules = rules or HeadingRules()
    listing = contents_blocks(doc)
    numbered = drop_lists(
        {i: c for i, c in numbered_candidates(doc, rules).items() if i not in listing},
        paragraph_lines(doc),
    )
    unnumbered = {
        i: c for i, c in unnumbered_candidates(doc, numbered, rules).items() if i not in listing
    }
    titles = {i: t for i, t in title_candidates(doc, numbered).items() if i not in listing}
    for start, (_, title) in titles.items():
        for i in range(start, title.last_block + 1):
            unnumbered.pop(i, None)
            numbered.pop(i, None)
    candidates: dict[int, Candidate] = {**numbered, **unnumbered}
    candidates |= {i: c for i, (c, _) in titles.items()}
    ordered = [candidates[i] for i in sorted(candidates)]

    headings: list[Heading] = []
    stack: list[Entry] = []
    for c in ordered:
        if c.kind == "title":
            stack = [Entry("title", "title", 0, True, c.text)]
        elif c.kind == "page_title":  # a page's own title opens a top-level section
            stack = [*(e for e in stack if e.boundary), Entry("plain", "plain", 1, False, c.text)]
        elif c.style is None:
            stack = place_unnumbered(stack, c, ordered)
        else:
            placed = place_numbered(stack, c)
            if placed is None:
                continue
            stack = placed
        level = level_of(stack)
        if level > rules.max_level:
            continue
        headings.append(_heading(doc, c, level, titles, boundary=stack[-1].boundary))
    return headings


def _heading(
    doc: Document,
    c: Candidate,
    level: int,
    titles: dict[int, tuple[Candidate, Title]],
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
