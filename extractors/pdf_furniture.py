"""Page furniture: page numbers and running headers/footers, which are not the report's text.

Pure functions over the lines of each page. A line is furniture when it is among the
first or last lines of its page and either reads like a page number (`— 7 —`, `- 7 -`,
`第 7 页`, `7/13`, or a bare number in the outer margin) or repeats, digits aside, at the
top or bottom of most pages. A running header's first appearance is kept: it is read once,
like a title, since it may be the only place a form names its department (部门名称：…).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.pdf_text import Line

PAGE_NUMBER_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^[—–\-－~～]+\s*\d{1,4}\s*[—–\-－~～]+$",  # — 7 —, - 7 -
        r"^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$",  # 第 7 页 (共 13 页)
        r"^\d{1,4}\s*/\s*\d{1,4}$",  # 7/13
        r"^page\s*\d{1,4}(\s*of\s*\d{1,4})?$",  # Page 7 of 13
    )
)
BARE_NUMBER = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class FurnitureRules:
    """Where furniture may sit and how often a running header must repeat."""

    edge_lines: int = 2  # lines looked at from the top and from the bottom of a page
    header_zone: float = 0.12  # fraction of the page height from the top
    footer_zone: float = 0.88  # lines below this fraction of the height are in the footer
    bare_number_top: float = 0.08  # a bare number is a page number only this close to the edge
    bare_number_bottom: float = 0.90
    repeat_share: float = 0.5  # a running header appears on more than this share of pages
    repeat_min_pages: int = 3


RULES = FurnitureRules()


def is_page_number(line: Line, page_height: float, rules: FurnitureRules = RULES) -> bool:
    text = line.text.strip()
    if any(p.match(text) for p in PAGE_NUMBER_PATTERNS):
        return True
    if BARE_NUMBER.match(text):
        y = line.baseline / page_height
        return y <= rules.bare_number_top or y >= rules.bare_number_bottom
    return False


def _edge_indices(lines: Sequence[Line], rules: FurnitureRules) -> list[int]:
    n = len(lines)
    return sorted(
        set(range(min(rules.edge_lines, n))) | set(range(max(n - rules.edge_lines, 0), n))
    )


def _in_margin(line: Line, page_height: float, rules: FurnitureRules) -> bool:
    y = line.baseline / page_height
    return y <= rules.header_zone or y >= rules.footer_zone


def _repeat_key(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def drop_furniture(
    pages: Sequence[tuple[Sequence[Line], float]], rules: FurnitureRules = RULES
) -> list[list[Line]]:
    """Each page's lines (top to bottom, with the page height) without page furniture."""
    candidates: list[list[int]] = [
        [i for i in _edge_indices(lines, rules) if _in_margin(lines[i], height, rules)]
        for lines, height in pages
    ]
    seen = Counter(
        key
        for (lines, _), idx in zip(pages, candidates, strict=True)
        for key in {_repeat_key(lines[i].text) for i in idx}
    )
    running = {
        key
        for key, count in seen.items()
        if count >= rules.repeat_min_pages and count > rules.repeat_share * len(pages)
    }
    kept: list[list[Line]] = []
    first_seen: set[str] = set()
    for (lines, height), idx in zip(pages, candidates, strict=True):
        edge = set(_edge_indices(lines, rules))
        drop: set[int] = set()
        for i in idx:
            key = _repeat_key(lines[i].text)
            if key in running and key in first_seen:
                drop.add(i)
            elif key in running:
                first_seen.add(key)
        drop |= {i for i in edge if is_page_number(lines[i], height, rules)}
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept
