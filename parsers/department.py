"""The department a report names for itself, and the region it belongs to.

A report says who it is about in a few customary places, read here in this order:

- its title, on the cover: ``2026年深圳市统计局（本级）部门预算`` (the title may be broken
  over lines: ``杭州市气象局`` / ``2026年度部门预算``), ``国家信访局2024年度部门决算``;
- a labelled field: ``预算单位：上海市审计局`` on a cover, ``部门名称 | 宁德市人民政府办公室``
  in the header rows of a form;
- any other title-like line that opens with a name and a year (a form's title on the last
  page, ``第一部分 国家信访局概况``).

Notes that say which part of the department a report covers (（本级）, （汇总）) are not part
of its name. The region is the place the name opens with (北京市审计局 -> 北京市); a
central body (国家信访局) has none. Rules live in ``data/department_terms.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from extractors.model import Document, Paragraph, Table
from parsers.numbering import match_numbering
from parsers.place_names import ADMIN_SUFFIXES, COMMON_NOUNS, place_before, place_units

YEAR_MARK = re.compile(r"[（(]?\s*(?:19|20)\d{2}\s*[）)]?\s*[（(]?\s*年度?\s*[）)]?")
CONTENTS_LINE = re.compile(r"^目\s*录$")
SENTENCE_MARKS = re.compile(r"[，,。；;！？!?]")
FIELD_MARKS = re.compile(r"[：:]")
SPACES = re.compile(r"\s+")
CJK_NAME = re.compile(r"[\u4e00-\u9fff]+")
# ``大英县医疗保障局部门``: a form's value that says what kind of body it names.
TRAILING_KIND = re.compile(r"(?:部门|单位)$")
MAX_COVER_LINES = 6
MAX_NAME_CHARS = 40
MIN_NAME_CHARS = 4


@dataclass(frozen=True)
class DepartmentTerms:
    org_suffixes: tuple[str, ...]
    unit_note: re.Pattern[str]
    central_prefixes: tuple[str, ...]
    party_prefixes: tuple[str, ...]
    title_kind: re.Pattern[str]
    about: re.Pattern[str]
    leading_noise: re.Pattern[str]
    field_labels: tuple[str, ...]
    bare_labels: tuple[str, ...]
    value_stops: tuple[str, ...]
    place_aliases: dict[str, str]


@cache
def terms() -> DepartmentTerms:
    raw = files("parsers.data").joinpath("department_terms.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    notes = "|".join(map(re.escape, data["unit_notes"]))
    return DepartmentTerms(
        org_suffixes=tuple(data["org_suffixes"]),
        unit_note=re.compile(rf"\s*[（(]\s*(?:{notes})\s*[）)]\s*$|(?<=[局会委院室])(?:{notes})$"),
        central_prefixes=tuple(data["central_prefixes"]),
        party_prefixes=tuple(data["party_prefixes"]),
        title_kind=re.compile(data["title_kind"]),
        about=re.compile("|".join(map(re.escape, data["about_words"]))),
        leading_noise=re.compile(data["leading_noise"]),
        field_labels=tuple(data["field_labels"]),
        bare_labels=tuple(data["bare_labels"]),
        value_stops=tuple(data["value_stops"]),
        place_aliases=dict(data["place_aliases"]),
    )


def department_name(candidate: str) -> str | None:
    """``candidate`` as a department's name (notes and noise removed), or None when it does
    not read as the name of a public body: no body ending, too short, or a bare rank
    (``区医疗保障局`` names no place)."""
    t = terms()
    name = t.leading_noise.sub("", SPACES.sub("", candidate))
    name = t.unit_note.sub("", name).strip("（）() ")
    if not (MIN_NAME_CHARS <= len(name) <= MAX_NAME_CHARS) or not CJK_NAME.fullmatch(name):
        return None
    if not name.endswith(t.org_suffixes) or name[0] in ADMIN_SUFFIXES:
        return None
    if place_units(name) == [name]:
        return None  # a place alone (上海市) is not a department
    if not name.startswith(t.central_prefixes) and region_of(name) is None:
        return None  # 医疗保障局 alone: which one is not said
    return name


def name_in_title(title: str) -> str | None:
    """The department a title names: the text around its year, before the kind of report.

    ``北京市审计局2026年度部门预算`` and ``2026年度福州市民政局(本级)单位预算`` both name
    their department; ``唐山市丰南区财政局对区医疗保障局…`` names the body after 对.
    """
    t = terms()
    marked = t.title_kind.sub("\x00", YEAR_MARK.sub("\x00", SPACES.sub("", title)))
    for piece in marked.split("\x00"):
        name = department_name(t.about.split(piece)[-1])
        if name:
            return name
    return None


# --- the cover ---------------------------------------------------------------------------


def cover_lines(doc: Document) -> list[str]:
    """The title lines of the first page with text: up to the contents, a numbered heading
    or a sentence; labelled fields (``预算单位：…``) are skipped."""
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph) and b.text.strip()]
    if not paragraphs:
        return []
    page = paragraphs[0].page
    lines: list[str] = []
    for block in paragraphs:
        text = SPACES.sub("", block.text)
        if block.page != page or len(lines) >= MAX_COVER_LINES:
            break
        if CONTENTS_LINE.match(text) or SENTENCE_MARKS.search(text):
            break
        numbering = match_numbering(text)
        if numbering is not None and numbering[0].name != "annex":
            break
        if FIELD_MARKS.search(text):
            continue
        lines.append(text)
    return lines


def cover_title(doc: Document) -> str | None:
    lines = cover_lines(doc)
    return "".join(lines) or None


# --- labelled fields ---------------------------------------------------------------------


def field_value(text: str) -> str | None:
    """The department named by what follows a label: up to a space or the next label."""
    t = terms()
    value = text.lstrip(" ：:\t")
    value = re.split(r"[\s：:，,。；;]", value, maxsplit=1)[0]
    for stop in t.value_stops:
        at = value.find(stop)
        if at > 0:
            value = value[:at]
    return _longest_name(TRAILING_KIND.sub("", value))


def _longest_name(value: str) -> str | None:
    """The longest leading part of ``value`` that reads as a department's name."""
    for end in range(len(value), MIN_NAME_CHARS - 1, -1):
        name = department_name(value[:end])
        if name:
            return name
    return None


def paragraph_fields(text: str) -> list[tuple[int, str]]:
    """(label rank, department) for each labelled field in a line of text."""
    t = terms()
    found: list[tuple[int, str]] = []
    flat = SPACES.sub(" ", text)
    for rank, label in enumerate(t.field_labels):
        for m in re.finditer(re.escape(label), flat):
            after = flat[m.end() :]
            colon = after.lstrip(" ")[:1] in ("：", ":")
            at_start = not flat[: m.start()].strip()
            if not colon and not (label in t.bare_labels and at_start):
                continue
            if not colon and m.start() > 0 and flat[m.start() - 1] not in " \t":
                continue
            value = field_value(after)
            if value:
                found.append((rank, value))
    return found


def table_fields(table: Table) -> list[tuple[int, str]]:
    """(label rank, department) for each label cell followed by its value in a row."""
    t = terms()
    found: list[tuple[int, str]] = []
    for row in table.rows:
        cells = [SPACES.sub("", c).rstrip("：:") for c in row]
        for i, cell in enumerate(cells):
            if cell not in t.field_labels:
                continue
            value = next((c for c in cells[i + 1 :] if c and c != cell), None)
            name = field_value(value) if value else None
            if name:
                found.append((t.field_labels.index(cell), name))
    return found


def named_in_fields(doc: Document) -> str | None:
    """The department named by the first block that holds a labelled field."""
    for block in doc.blocks:
        if isinstance(block, Table):
            found = table_fields(block)
        else:
            found = [f for line in block.text.split("\n") for f in paragraph_fields(line)]
        if found:
            return min(found)[1]
    return None


# --- region and full spelling ------------------------------------------------------------


def region_of(department: str) -> str | None:
    """The place a department's name opens with; None for a central body."""
    t = terms()
    name = department
    if name.startswith(t.party_prefixes):
        name = next(name[len(p) :] for p in t.party_prefixes if name.startswith(p))
    elif name.startswith(t.central_prefixes):
        return None
    alias = next((a for a in t.place_aliases if name.startswith(a)), None)
    if alias:
        return t.place_aliases[alias]
    for end in range(len(name) - 1, 1, -1):
        prefix = name[:end]
        if prefix.endswith(ADMIN_SUFFIXES) and place_before(prefix) == prefix:
            units = place_units(prefix)
            while units and units[-1].endswith(COMMON_NOUNS):
                units.pop()  # 雨花区城市管理局: 城市 is no place
            if units:
                return "".join(units)
    return None


def fully_qualified(department: str, text: str) -> str:
    """``岳阳楼区医疗保障局`` as ``岳阳市岳阳楼区医疗保障局`` when the text spells it so: a
    county-level name takes the city the text puts before it."""
    region = region_of(department)
    if not region or not region.endswith(("区", "县", "旗")) or len(place_units(region)) > 1:
        return department
    spellings: dict[str, int] = {}
    for m in re.finditer(re.escape(department), text):
        units = place_units(place_before(text[max(0, m.start() - 12) : m.start()]))
        if units and units[-1].endswith(("市", "州", "盟")):
            spelled = "".join(units) + department
            spellings[spelled] = spellings.get(spelled, 0) + 1
    return max(spellings, key=lambda s: (spellings[s], len(s))) if spellings else department
