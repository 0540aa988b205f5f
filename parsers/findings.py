"""存在问题 / 改进建议 items, one row each, numbering stripped.

A section whose heading names problems or suggestions (``data/finding_terms.toml``)
gives one item per paragraph of its own text; ``一是…；二是…`` inside one paragraph is one
item per 是-clause (the words before 一是 only introduce them). A subsection under such
a section is one item: its heading (without number) plus its text, deeper subsections
included. Lead-in lines ending in ``：`` and signatures (organisation, date) are dropped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from parsers.numbering import match_numbering, strip_numbering
from parsers.sections import heading_words
from parsers.tokenize import contains_term, token_bounds
from records import FindingRecord, SectionRecord

PROBLEM, SUGGESTION = "问题", "建议"
CONTAINER, MIXED = "container", "mixed"
FINDING_TERMS = "finding_terms.toml"

# ``一是`` / ``二是`` (also ``1.`` / ``（2）`` / ``第三，``) where one item ends and another begins.
INLINE_MARKER = re.compile(
    r"(?:(?<=^)|(?<=[。；;，,：:\s]))"
    r"(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]"
    r"|[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[.．、](?=[^\d]))"
)
LEADING_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是[，,：:]?|第[一二三四五六七八九十]+[，,、])"
)
SIGNATURE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|[\u4e00-\u9fff]{2,30}(?:局|中心|委员会|办公室|政府|单位))$"
)
PARAGRAPH_ENDS = tuple('。！？!?；;：:）)”"')
NIL_ITEMS = frozenset({"无", "无。", "暂无", "暂无。", "没有", "没有。"})


@dataclass(frozen=True)
class FindingTerms:
    container: tuple[str, ...]
    problem: tuple[str, ...]
    suggestion: tuple[str, ...]
    suggestion_openers: tuple[str, ...]
    inline_labels: re.Pattern[str]  # group "problem" or "suggestion" names the kind


@cache
def finding_terms() -> FindingTerms:
    data = tomllib.loads(files("parsers.data").joinpath(FINDING_TERMS).read_text("utf-8"))
    return FindingTerms(
        tuple(data["container"]),
        tuple(data[PROBLEM]),
        tuple(data[SUGGESTION]),
        tuple(data["suggestion_openers"]),
        _label_pattern(data["inline_problem_labels"], data["inline_suggestion_labels"]),
    )


def _label_pattern(problem: list[str], suggestion: list[str]) -> re.Pattern[str]:
    def alternatives(labels: list[str]) -> str:
        return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))

    return re.compile(
        r"(?:^|(?<=[。；;，,\s])|(?<=发现的))"
        rf"(?:(?P<problem>{alternatives(problem)})|(?P<suggestion>{alternatives(suggestion)}))"
        r"\s*[：:]"
    )


def finding_kind(heading: str, terms: FindingTerms | None = None) -> str | None:
    """问题, 建议, mixed (both), container (评价结论及建议) or None for other headings."""
    terms = terms or finding_terms()
    words = heading_words(heading)
    bounds = token_bounds(words)

    def has(candidates: tuple[str, ...]) -> bool:
        return any(contains_term(words, t, bounds) for t in candidates)

    if has(terms.container):
        return CONTAINER
    problem, suggestion = has(terms.problem), has(terms.suggestion)
    if problem and suggestion:
        return MIXED
    return PROBLEM if problem else SUGGESTION if suggestion else None


def find_findings(sections: list[SectionRecord]) -> list[FindingRecord]:
    """Every problem and suggestion item, in document order, numbered within its kind.

    Items stated twice with the same words (a project's 改进措施 repeated in its report)
    are kept once.
    """
    items: list[tuple[str, str]] = []  # (kind or mixed, text)
    open_finding: list[tuple[int, str]] = []  # (level, kind) of finding sections now open
    item_level: int | None = None  # level of the subsection item being collected
    for s in sections:
        open_finding = [(lvl, k) for lvl, k in open_finding if lvl < s.level]
        if item_level is not None and s.level > item_level and open_finding:
            item_kind, text = items[-1]
            items[-1] = (item_kind, "\n".join(filter(None, (text, _subsection_text(s)))))
            continue
        item_level = None
        kind = finding_kind(s.heading)
        parent = open_finding[-1][1] if open_finding else None
        if kind in (PROBLEM, SUGGESTION, MIXED):
            items.extend((kind, text) for text in paragraph_items(_own_body(s)))
            open_finding.append((s.level, kind))
        elif kind == CONTAINER:
            open_finding.append((s.level, kind))
        elif parent in (PROBLEM, SUGGESTION, MIXED):
            text = _subsection_text(s)
            if text:
                items.append((parent, text))
                item_level = s.level
        else:
            for paragraph in _own_body(s):
                items.extend(labelled_items(paragraph))
    return _number(list(dict.fromkeys(items)))


def labelled_items(paragraph: str) -> list[tuple[str, str]]:
    """Findings after labels inside a paragraph: ``发现的主要问题：A。下一步改进措施：B。``."""
    labels = list(finding_terms().inline_labels.finditer(paragraph))
    if not labels:
        return []
    found: list[tuple[str, str]] = []
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        kind = PROBLEM if label.group("problem") else SUGGESTION
        end = following.start() if following else len(paragraph)
        found.extend((kind, item) for item in split_inline(paragraph[label.end() : end]))
    return [(kind, item) for kind, item in found if item and item not in NIL_ITEMS]


def _number(items: list[tuple[str, str]]) -> list[FindingRecord]:
    openers = finding_terms().suggestion_openers
    counts = {PROBLEM: 0, SUGGESTION: 0}
    records: list[FindingRecord] = []
    for kind, text in items:
        if kind == MIXED:
            kind = SUGGESTION if text.startswith(openers) else PROBLEM
        records.append(FindingRecord(kind=kind, seq=counts[kind], text=text))
        counts[kind] += 1
    return records


def _lines(text: str) -> list[str]:
    """Text lines, stripped; table rows (cells joined by TAB) and signatures dropped."""
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line and "\t" not in line and not SIGNATURE.match(line):
            lines.append(line)
    return lines


def _own_body(s: SectionRecord) -> list[str]:
    """The section's paragraphs after its heading (the rest of a lead-phrase line included)."""
    text = s.text.lstrip()
    if text.startswith(s.heading):
        text = text[len(s.heading) :]
    return join_wrapped(_lines(text))


def join_wrapped(lines: list[str]) -> list[str]:
    """Lines of one paragraph wrapped by PDF-to-text joined again: a line that stops
    mid-sentence continues on the next one unless that one opens a numbered item."""
    paragraphs: list[str] = []
    for line in lines:
        if (
            paragraphs
            and not paragraphs[-1].endswith(PARAGRAPH_ENDS)
            and match_numbering(line) is None
            and not LEADING_MARKER.match(line)
        ):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return paragraphs


def _subsection_text(s: SectionRecord) -> str:
    """A subsection as one item: its text with the heading's number stripped."""
    lines = _lines(s.text)
    if not lines:
        return ""
    return "\n".join([strip_numbering(lines[0]), *join_wrapped(lines[1:])]).strip()


def paragraph_items(paragraphs: list[str]) -> list[str]:
    """Items in a finding section's paragraphs (numbered or not, split at 一是/二是)."""
    items: list[str] = []
    numbered_body = any(strip_numbering(p) != p.strip() for p in paragraphs)
    for paragraph in paragraphs:
        if paragraph.rstrip().endswith(("：", ":")):
            continue  # 主要存在以下问题：
        is_numbered = strip_numbering(paragraph) != paragraph.strip()
        parts = split_inline(paragraph)
        if numbered_body and not is_numbered and items and len(parts) == 1:
            items[-1] += paragraph.strip()  # an unnumbered line continues the item above
            continue
        items.extend(parts)
    return [i for i in items if i and i not in NIL_ITEMS]


def split_inline(paragraph: str) -> list[str]:
    """``…不足之处。一是A；二是B。`` -> [A, B]; a paragraph without markers is one item."""
    text = strip_numbering(paragraph)
    starts = [m.start() for m in INLINE_MARKER.finditer(text)]
    if len(starts) < 2:
        return [_clean(text)]
    pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [_clean(strip_numbering(LEADING_MARKER.sub("", p))) for p in pieces]


def _clean(item: str) -> str:
    item = LEADING_MARKER.sub("", item.strip())
    return item.strip().rstrip("；;，, ").strip()
