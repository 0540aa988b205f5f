"""Tables of contents (目录): the blocks that list headings instead of opening sections.

A contents listing starts at its title line (``目 录``) and runs over the short lines that
follow: entries without a sentence in them, with or without leader dots and page numbers.
It ends at the first line that repeats its first entry (the body opening at ``一、…``
again), at a line with a sentence in it, or at a page that is not made of entries only
(a listing may run over a page break: a page of entries alone continues it).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files

from extractors.model import Document, Paragraph

SPACES = re.compile(r"\s+")
SENTENCE = re.compile(r"[。；;！？!?，,]")
LEADER_DOTS = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|．{3,})")
PAGE_NUMBER_TAIL = re.compile(r"(?<=\D)\s+[（(]?\d{1,3}[）)]?\s*$")
PAGE_FOOTER = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")
MAX_ENTRY_CHARS = 300  # a reader may run several entries into one line


@cache
def contents_titles() -> frozenset[str]:
    raw = files("parsers.data").joinpath("heading_terms.toml").read_text("utf-8")
    return frozenset(tomllib.loads(raw)["contents_titles"])


def _key(text: str) -> str:
    """An entry without spaces, leader dots and page number, to compare with headings."""
    return SPACES.sub("", PAGE_NUMBER_TAIL.sub("", LEADER_DOTS.split(text)[0]))


def is_entry(text: str) -> bool:
    """Whether a line reads as a contents entry: short, no sentence (leader dots allowed)."""
    stripped = text.strip()
    if LEADER_DOTS.search(stripped):
        return True
    return 0 < len(stripped) <= MAX_ENTRY_CHARS and not SENTENCE.search(stripped)


def contents_blocks(doc: Document) -> frozenset[int]:
    """Indices of the blocks that belong to a table of contents, its title included."""
    found: set[int] = set()
    blocks = doc.blocks
    for start, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or SPACES.sub("", block.text) not in contents_titles():
            continue
        found.add(start)
        listed: list[str] = []
        i = start + 1
        while i < len(blocks):
            b = blocks[i]
            if not isinstance(b, Paragraph) or not is_entry(b.text):
                break
            if b.page != blocks[i - 1].page and not _page_of_new_entries(doc, i, listed):
                break
            key = _key(b.text)
            if key in listed:
                break  # the body opens with an entry again
            if not PAGE_FOOTER.match(b.text):
                listed.append(key)
            found.add(i)
            i += 1
    return frozenset(found)


def _page_of_new_entries(doc: Document, first: int, listed: list[str]) -> bool:
    """Whether the page that starts at block ``first`` holds nothing but entries, none of
    them one listed already (a page that opens the body repeats an entry, maybe broken
    over lines: ``第一部分`` / ``部门概况``)."""
    page = doc.blocks[first].page
    on_page = []
    for b in doc.blocks[first:]:
        if b.page != page:
            break
        if not (isinstance(b, Paragraph) and PAGE_FOOTER.match(b.text)):
            on_page.append(b)
    if not all(isinstance(b, Paragraph) and is_entry(b.text) for b in on_page):
        return False
    keys = [_key(b.text) for b in on_page]
    return not any(k in listed for k in keys) and "".join(keys) not in listed
