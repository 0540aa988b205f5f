"""Which project each prose paragraph speaks about: project blocks and attached reports.

Money in a project's block belongs to the project (its subject), not to the department.
"""

from __future__ import annotations

import re

from extractors.model import Document, Paragraph, Table
from normalizers.text import fold_width
from parsers.clauses import HEADING
from parsers.prose import is_table_cell
from parsers.prose_rules import prose_rules
from records import SectionRecord

# Paragraphs that open a project's block: amounts in it and in the paragraphs after it
# (until a heading, a table or the next opener) belong to the project named here.
PROJECT_OPENERS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"^\s*项目\s*\d+\s*[：:]\s*(?P<name>.+?)"
        r"(?:\s*\d[\d.,]*\s*(?:亿元|万元|元|万)|[。；;，,]|\s*$)"
    ),
    re.compile(r"^\s*[（(]\d+[)）]\s*(?P<name>[^。；，,]+?)项目(?:绩效|支出|资金|实施|完成)"),
    # "1、烈士纪念设施维修项目：预算35.3万元，…": a numbered item naming a project or a
    # fund, then a colon.
    re.compile(
        r"^\s*(?:\d{1,2}\s*[、.．]|[（(]\d{1,2}[)）])\s*"
        r"(?P<name>[^：:。；;，,]{2,40}?(?:项目|经费|资金|工程))\s*[：:]"
    ),
)
# Figures in an opener's own name clause are the project's money (项目1：…经费10万元).
OPENER_METRIC = "项目支出"

# An attached project report: "2020年度项目支出绩效自评报告" then "（二乙伤残军人医疗）".
PROJECT_REPORT_TITLE = re.compile(r"项目(支出)?绩效(自评|评价)报告\s*$")
PROJECT_REPORT_NAME = re.compile(r"^[（(](?P<name>[^()（）]{2,40})[)）]$")
REPORT_BOUNDARY = re.compile(r"^附件\s*\d*\s*$|报告\s*$")
# An attachment (附件) whose title names the project: "2024年度某某维护费项目绩效评价报告",
# its end often wrapped onto a line of its own ("…维护费项目" / "绩效评价报告").
NAMED_REPORT_TITLE = re.compile(
    r"^(?:\d{4}\s*年度?)?(?P<name>[^\d，。；：:,][^，。；：:,]{1,39}?)项目(?:支出)?绩效(?:自评|评价|再评价)报告$"
)
MAX_WRAPPED_TITLE_CHARS = 12
ATTACHMENT_LINE = re.compile(r"^附件\s*\d*\s*[:：]?\s*$")


def project_blocks(doc: Document, sections: list[SectionRecord]) -> dict[int, str | None]:
    """For each paragraph (by char_start), the project it speaks about, or None.

    A project block opens at a PROJECT_OPENERS paragraph and ends at a heading, a table
    or the next opener. A whole attached project report (a PROJECT_REPORT_TITLE line
    followed by the project name in brackets) belongs to that project until the next
    attachment or report title.
    """
    return {start: block or report for start, block, report in _walk(doc, sections)}


def described_blocks(doc: Document, sections: list[SectionRecord]) -> dict[int, str]:
    """The paragraphs (by char_start) of opener blocks and of attached reports named by
    their title, each with its project: the projects a report describes in prose."""
    found: dict[int, str] = {}
    for start, block, report in _walk(doc, sections):
        project = block or report
        if project is not None:
            found[start] = project
    return found


def _walk(doc: Document, sections: list[SectionRecord]) -> list[tuple[int, str | None, str | None]]:
    """Each paragraph's start with its opener block's project and its attached report's."""
    section_starts = {s.char_start for s in sections}
    block_project: str | None = None
    report_project: str | None = None
    blocks: list[tuple[int, str | None, str | None]] = []
    paragraphs = list(doc.blocks)
    attached = False  # the paragraph before was an 附件 line
    for index, block in enumerate(paragraphs):
        if isinstance(block, Table) or is_table_cell(block):
            block_project = None
            attached = False
            continue
        text = fold_width(block.text).strip()
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if REPORT_BOUNDARY.match(text):
            report_project = None
        if PROJECT_REPORT_TITLE.search(text) and isinstance(following, Paragraph):
            named = PROJECT_REPORT_NAME.match(fold_width(following.text).strip())
            report_project = named.group("name").strip() if named else None
        if attached and (name_in_title := _named_report(text, following)) is not None:
            report_project = name_in_title
        attached = bool(ATTACHMENT_LINE.match(text))
        name = _opened_project(text)
        if name is not None:
            block_project = name
        elif block.char_start in section_starts or HEADING.match(text):
            block_project = None
        blocks.append((block.char_start, block_project, report_project))
    return blocks


def _named_report(text: str, following: Paragraph | Table | None) -> str | None:
    """The project an attached report's title names, its end maybe on the next line."""
    titles = [text]
    if isinstance(following, Paragraph):
        rest = fold_width(following.text).strip()
        if len(rest) <= MAX_WRAPPED_TITLE_CHARS:
            titles.append(text + rest)
    for title in titles:
        match = NAMED_REPORT_TITLE.match(title)
        if match:
            return match.group("name").strip()
    return None


def _opened_project(text: str) -> str | None:
    for pattern in PROJECT_OPENERS:
        match = pattern.match(text)
        if match:
            name = match.group("name").strip()
            return None if name in prose_rules().generic_project_names else name
    return None
