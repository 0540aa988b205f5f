"""The level of each heading from the headings still open before it (a stack): a
numbering style seen for the first time nests, a style already open is a sibling, a
number continuing an open sibling's sequence in a related style stands in for it, and an
unnumbered heading fills a gap in the numbering or follows the heading it resembles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from parsers.heading_candidates import Candidate
from parsers.numbering import CUSTOMARY_RANK, SCORE_NOTE, strip_numbering


@dataclass(frozen=True)
class Entry:
    style: str
    family: str
    number: int
    boundary: bool
    text: str


def _core(text: str) -> str:
    """Heading text without number, score note and closing punctuation, for comparisons."""
    return SCORE_NOTE.sub("", strip_numbering(text)).strip().rstrip("。.:：").strip()


def level_of(stack: list[Entry]) -> int:
    if stack[-1].boundary:
        return 1
    return max(1, sum(not e.boundary for e in stack))


def place_numbered(stack: list[Entry], c: Candidate) -> list[Entry] | None:
    """The stack after numbered heading ``c``, or None when ``c`` repeats the last heading.

    Only a boundary may lack a number (``附件`` alone); it counts as number 0.
    """
    if c.style is None:
        raise ValueError(f"not a numbered heading: {c.text}")
    entry = Entry(c.style.name, c.style.family, c.number or 0, c.style.boundary, c.text)
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


def _close_deeper_styles(stack: list[Entry], style: str) -> list[Entry]:
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
    stack: list[Entry],
    position: int,
    ordered: list[Candidate],
) -> tuple[int, Entry] | None:
    """Where an unnumbered heading fills a hole in the numbering, e.g. ``一、`` … ``三、``.

    Looks ahead to the next numbered heading of an open style (or, under a boundary, of
    any style); when numbers are missing before it and this heading is among the last
    unnumbered headings before it, it takes the first missing number.
    """
    later = [c for c in ordered if c.block_index > position]
    scopes: list[tuple[int, Entry | None]] = [
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
                    template = entry or Entry(c.style.name, c.style.family, 0, False, "")
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


def place_unnumbered(stack: list[Entry], c: Candidate, ordered: list[Candidate]) -> list[Entry]:
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
        return [*stack, Entry("plain", "plain", 1, False, c.text)]
    top = stack[-1]
    return [*stack[:-1], replace(top, number=top.number + 1, text=c.text)]
