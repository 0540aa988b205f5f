"""Who and when: department, region, fiscal year, report type.

- department: the name the report gives itself (see ``parsers.department``: its title,
  a labelled field, another title line). A report that names no department so (a
  医疗保障局 self-evaluation titled only 部门整体支出绩效自评报告) is read from its
  mentions of the bureau: each "X医疗保障局" / "X医保局" outside 《book titles》 votes for
  its last place unit (峨边彝族自治县, 丰南区); short mentions (县医保局, 区医疗保障局)
  vote for the unit of that rank. The winner is named by its most qualified spelling
  seen (岳阳市岳阳楼区 over 岳阳楼区). With no full name, a short mention is completed
  from a place named in the title (唐山市丰南区财政局 对 区医疗保障局… ->
  唐山市丰南区医疗保障局).
- region: the department's place, as qualified as the department (岳阳市岳阳楼区); none
  for a central body (国家信访局).
- fiscal_year: the year in the report's title (2023年度…自评报告 published 2024-05-27
  evaluates 2023; a budget's title names the budget year), else the year the text names
  most (dates, document numbers 〔2024〕, 《titles》 and comparison years 比2018年 do not
  count).
- report_type: from the title, by the patterns in ``data/report_types.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from extractors.model import Document, Paragraph
from parsers.department import (
    cover_title,
    fully_qualified,
    name_in_title,
    named_in_fields,
    region_of,
)
from parsers.place_names import ADMIN_SUFFIXES, leading_place, place_before, place_units
from parsers.titles import find_titles

__all__ = [
    "DocumentMetadata",
    "find_fiscal_year",
    "leading_place",
    "place_before",
    "place_units",
    "read_metadata",
    "report_type_of",
]

BUREAU_WORDS = ("医疗保障局", "医保局")
BUREAU = "医疗保障局"
BOOK_TITLE = re.compile(r"《[^《》]*》")
DOC_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[（(]?\s*年(度)?")
# What follows a year that makes it a date (``2025年5月20日``, ``截至2025年12月``).
DATE_AFTER = re.compile(r"\s*\d{1,2}\s*月")
# What precedes a year that makes it a comparison (``比2018年``, ``与2025年相比``).
COMPARED = re.compile(r"(?:比|较|与|同比|相比|对比)\s*$")
TITLE_ENDINGS = (
    "报告",
    "自评表",
    "决算",
    "说明",
    "评价表",
    "预算",
    "公开",
    "报表",
    "申报表",
    "目标表",
    "结果",
)
PART_LINE = re.compile(r"^第[一二三四五六七八九十]+(?:部分|章)\s*(.+)$")
# ``附件：北京市审计局2026年度部门预算报表``: an attachment announced by its title.
ANNEX_LINE = re.compile(r"^附件\s*\d{0,2}\s*[:：]\s*(.{4,40})$")
MAX_PREFIX_CHARS = 20
OTHER_TYPE = "other"


@dataclass(frozen=True)
class DocumentMetadata:
    department: str | None = None
    region: str | None = None
    fiscal_year: int | None = None
    report_type: str | None = None


@dataclass(frozen=True)
class ReportType:
    name: str
    pattern: re.Pattern[str]
    rank: int


@cache
def report_types() -> tuple[ReportType, ...]:
    data = tomllib.loads(files("parsers.data").joinpath("report_types.toml").read_text("utf-8"))
    return tuple(ReportType(t["name"], re.compile(t["pattern"]), t["rank"]) for t in data["type"])


def read_metadata(doc: Document) -> DocumentMetadata:
    titles = document_titles(doc)
    department, region = find_department(doc, titles)
    title = main_title(titles)
    return DocumentMetadata(
        department=department,
        region=region,
        fiscal_year=find_fiscal_year(doc.text, title),
        report_type=report_type_of(title) if title else OTHER_TYPE,
    )


def document_titles(doc: Document) -> list[str]:
    """Title-like lines in reading order: the cover's title (its lines joined), report
    titles, 第X部分 headings and the titles of announced attachments (附件：…)."""
    found = [(t.first_block, t.text) for t in find_titles(doc, TITLE_ENDINGS)]
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            m = PART_LINE.match(block.text.strip()) or ANNEX_LINE.match(block.text.strip())
            if m:
                found.append((i, m.group(1)))
    cover = cover_title(doc)
    ordered = [text for _, text in sorted(found)]
    return [cover, *ordered] if cover and cover not in ordered else ordered


def report_type_of(title: str) -> str:
    for t in report_types():
        if t.pattern.search(title):
            return t.name
    return OTHER_TYPE


def main_title(titles: list[str]) -> str | None:
    """The title that names the document: the first report title, else the first form."""
    ranked = [(t.rank, i, title) for i, title in enumerate(titles) for t in _first_type(title)]
    return min(ranked)[2] if ranked else None


def _first_type(title: str) -> list[ReportType]:
    return [t for t in report_types() if t.pattern.search(title)][:1]


# --- department and region -------------------------------------------------------------


def find_department(doc: Document, titles: list[str]) -> tuple[str | None, str | None]:
    """(department, region): as the report names itself, else from its bureau mentions."""
    cover = cover_title(doc)
    name = (name_in_title(cover) if cover else None) or named_in_fields(doc)
    if name is None:
        bureau = bureau_department(doc.text, titles)
        if bureau[0] is not None:
            return bureau
        name = next((n for n in map(name_in_title, titles) if n), None)
    if name is None:
        return None, None
    name = fully_qualified(name, doc.text)
    return name, region_of(name)


def bureau_mentions(text: str) -> list[str]:
    """The place prefix of every 医疗保障局 / 医保局 mention outside 《》 ('' for 我局-like)."""
    masked = BOOK_TITLE.sub(lambda m: "＿" * len(m.group()), text)
    prefixes = []
    for m in re.finditer("|".join(BUREAU_WORDS), masked):
        line_start = masked.rfind("\n", 0, m.start()) + 1
        window = masked[max(line_start, m.start() - MAX_PREFIX_CHARS) : m.start()]
        prefixes.append(place_before(window))
    return prefixes


def bureau_department(text: str, titles: list[str]) -> tuple[str | None, str | None]:
    """(department, region) named by the mentions of the bureau; see the module doc."""
    votes: Counter[str] = Counter()
    spellings: dict[str, str] = {}
    short: Counter[str] = Counter()
    for prefix in bureau_mentions(text):
        if prefix in ADMIN_SUFFIXES:  # 县医保局, 区医疗保障局
            short[prefix] += 1
            continue
        units = place_units(prefix)
        if not units:
            continue
        key = units[-1]
        votes[key] += 1
        if len(prefix) > len(spellings.get(key, "")):
            spellings[key] = "".join(units)
    for key in votes:
        votes[key] += sum(n for s, n in short.items() if key.endswith(s))
    if votes:
        key = max(votes, key=lambda k: (votes[k], len(spellings[k])))
        region = spellings[key]
        return region + BUREAU, region
    for rank, _ in short.most_common():
        completed = _place_in_titles(titles, rank)
        if completed:
            return completed + BUREAU, completed
    return None, None


def _place_in_titles(titles: list[str], rank: str) -> str | None:
    """A place of rank ``rank`` (区, 县, …) named at the start of a title line."""
    for title in titles:
        for end in range(len(title), 0, -1):
            prefix = place_before(title[:end])
            units = place_units(prefix)
            if units and units[-1].endswith(rank) and len(units[-1]) > 1:
                return "".join(units)
    return None


# --- fiscal year -----------------------------------------------------------------------


def years_in(text: str) -> list[tuple[int, bool]]:
    """(year, written as 年度) for each year in ``text`` that is not a date, a document
    number or a comparison."""
    masked = DOC_NUMBER.sub(" ", BOOK_TITLE.sub(" ", text))
    found = []
    for m in YEAR.finditer(masked):
        if DATE_AFTER.match(masked, m.end()) or COMPARED.search(
            masked, max(0, m.start() - 4), m.start()
        ):
            continue
        found.append((int(m.group(1)), m.group(2) is not None))
    return found


def find_fiscal_year(text: str, title: str | None) -> int | None:
    if title:
        in_title = years_in(title)
        if in_title:
            return in_title[0][0]
    counts: Counter[int] = Counter()
    for year, annual in years_in(text):
        counts[year] += 2 if annual else 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))
