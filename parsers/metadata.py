"""Who and when: department, region, fiscal year, report type.

- department: the 医疗保障局 the report is about, named in full with its place
  (峨边彝族自治县医疗保障局, 唐山市丰南区医疗保障局). Each mention "X医疗保障局" / "X医保局"
  outside 《book titles》 votes for its last place unit (峨边彝族自治县, 丰南区); short
  mentions (县医保局, 区医疗保障局) vote for the unit of that rank. The winner is named by
  its most qualified spelling seen (岳阳市岳阳楼区 over 岳阳楼区). With no full name, a
  short mention is completed from a place named in the title (唐山市丰南区财政局 对
  区医疗保障局… -> 唐山市丰南区医疗保障局).
- region: the department's place, as qualified as the department (岳阳市岳阳楼区).
- fiscal_year: the year in the report's title (2023年度…自评报告 published 2024-05-27
  evaluates 2023), else the year the text names most (dates and document numbers
  〔2024〕 and 《titles》 do not count).
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
from parsers.titles import find_titles
from parsers.tokenize import tagged

BUREAU_WORDS = ("医疗保障局", "医保局")
BUREAU = "医疗保障局"
ADMIN_SUFFIXES = (
    "自治县",
    "自治州",
    "自治旗",
    "特别行政区",
    "省",
    "市",
    "县",
    "区",
    "州",
    "旗",
    "盟",
)
# A unit ends at its suffix unless another suffix follows (万州区 is one unit, not 万州 + 区).
PLACE_UNIT = re.compile(r".+?(?:自治县|自治州|自治旗|省|市|县|区|州|旗|盟)(?![市县区])")
# ``全县``, ``本市``, ``我区``: a word that points at a place without naming it.
DEICTIC_FIRST_CHARS = frozenset("全本我该各此每外")
# Word classes (jieba) of a name that a bare suffix can follow: 弥勒 + 市.
NAME_FLAGS = ("n", "j")
ETHNIC = re.compile(r"^[\u4e00-\u9fff]{1,3}族$")
BOOK_TITLE = re.compile(r"《[^《》]*》")
DOC_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(度)?")
FULL_DATE = re.compile(r"^\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
TITLE_ENDINGS = ("报告", "自评表", "决算", "说明", "评价表")
PART_LINE = re.compile(r"^第[一二三四五六七八九十]+(?:部分|章)\s*(.+)$")
MAX_PREFIX_CHARS = 20
# How the name of a public body ends, for reports whose department is not a 医疗保障局
# and is named only in the title (红河州数据发展中心2024年度…自评报告).
ORG_SUFFIXES = ("局", "中心", "委员会", "委", "院", "办公室", "厅", "所", "站", "馆", "队", "会")
TITLE_ORG = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()]{4,30}?)\s*(?:19|20)\d{2}\s*年")
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
    department, region = find_department(doc.text, titles)
    title = main_title(titles)
    return DocumentMetadata(
        department=department,
        region=region,
        fiscal_year=find_fiscal_year(doc.text, title),
        report_type=report_type_of(title) if title else OTHER_TYPE,
    )


def document_titles(doc: Document) -> list[str]:
    """Title-like lines in reading order: report titles and 第X部分 headings."""
    found = [(t.first_block, t.text) for t in find_titles(doc, TITLE_ENDINGS)]
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            m = PART_LINE.match(block.text.strip())
            if m:
                found.append((i, m.group(1)))
    return [text for _, text in sorted(found)]


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


def place_units(prefix: str) -> list[str]:
    """``唐山市丰南区`` -> [唐山市, 丰南区]."""
    return PLACE_UNIT.findall(prefix)


def place_before(text: str) -> str:
    """The place name that ends ``text``: ``…均为峨边彝族自治县`` -> 峨边彝族自治县.

    ``本市`` / ``全县`` name no place: only their suffix is returned (a short mention). A
    bare suffix that the tokenizer split from its name (弥勒 / 市) takes the name back.
    """
    words = tagged(text)
    kept: list[str] = []
    for word, flag in reversed(words):
        if _is_deictic(word):
            if not kept:
                kept.append(word[1:])
            break
        is_place = (
            flag == "ns"
            or (word.endswith(ADMIN_SUFFIXES) and re.fullmatch(r"[\u4e00-\u9fff]+", word))
            or (kept and ETHNIC.match(word) and kept[-1].startswith("自治"))
        )
        if not is_place:
            if kept and kept[-1] in ADMIN_SUFFIXES and _is_name(word, flag):
                kept.append(word)
            break
        kept.append(word)
    return "".join(reversed(kept))


def _is_deictic(word: str) -> bool:
    return len(word) == 2 and word[0] in DEICTIC_FIRST_CHARS and word[1] in ADMIN_SUFFIXES


def _is_name(word: str, flag: str) -> bool:
    return (
        len(word) >= 2
        and flag.startswith(NAME_FLAGS)
        and re.fullmatch(r"[\u4e00-\u9fff]+", word) is not None
    )


def bureau_mentions(text: str) -> list[str]:
    """The place prefix of every 医疗保障局 / 医保局 mention outside 《》 ('' for 我局-like)."""
    masked = BOOK_TITLE.sub(lambda m: "＿" * len(m.group()), text)
    prefixes = []
    for m in re.finditer("|".join(BUREAU_WORDS), masked):
        line_start = masked.rfind("\n", 0, m.start()) + 1
        window = masked[max(line_start, m.start() - MAX_PREFIX_CHARS) : m.start()]
        prefixes.append(place_before(window))
    return prefixes


def find_department(text: str, titles: list[str]) -> tuple[str | None, str | None]:
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
    return _body_in_titles(titles)


def _body_in_titles(titles: list[str]) -> tuple[str | None, str | None]:
    """(department, region) from a title that opens with a public body and a year."""
    for title in titles:
        m = TITLE_ORG.match(title.strip())
        if m and m.group("org").endswith(ORG_SUFFIXES):
            org = m.group("org")
            return org, leading_place(org) or None
    return None, None


def leading_place(text: str) -> str:
    """The place name that opens ``text``: ``红河州数据发展中心`` -> 红河州."""
    kept: list[str] = []
    for word, flag in tagged(text):
        is_unit = word.endswith(ADMIN_SUFFIXES) and re.fullmatch(r"[\u4e00-\u9fff]+", word)
        if flag != "ns" and not is_unit:
            break
        kept.append(word)
    return "".join(place_units("".join(kept)))


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
    """(year, written as 年度) for each year in ``text`` that is not a date or doc number."""
    masked = DOC_NUMBER.sub(" ", BOOK_TITLE.sub(" ", text))
    found = []
    for m in YEAR.finditer(masked):
        if FULL_DATE.match(masked, m.end()):
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
