"""Projects a report describes in sentences: one row per project an opener line names.

A project's block (``parsers.project_blocks``: ``项目1：医疗补助费用27.26万元`` and the
paragraphs after it) states its figures in words: ``预算总额年初40万元，调整后27.26万元，
执行数27.26万元，执行率100%`` and maybe ``综合得分94分``. Its money comes from the prose
amounts found in the block (their metric says which field), its rate and score from the
block's text (rules in ``data/prose_facts.toml``). A project named twice (listed, then
described) is one row; the figure written in the opener's own name clause
(``…经费10万元``) is the project's money of no stated stage, so it fills no field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.model import Document
from normalizers.numbers import parse_number
from normalizers.text import fold_width, nfkc
from parsers.project_blocks import described_blocks
from parsers.prose_rules import prose_rules
from records import AmountRecord, ProjectRecord, SectionRecord

# Which project field a prose amount's metric fills.
FIELD_OF_METRIC: dict[str, str] = {
    "年初预算数": "budget_initial_wan",
    "全年预算数": "budget_final_wan",
    "执行数": "executed_wan",
}


@dataclass
class _Project:
    name: str
    texts: list[str] = field(default_factory=list)
    money: dict[str, Decimal] = field(default_factory=dict)
    figures: int = 0


def prose_projects(
    doc: Document,
    sections: list[SectionRecord],
    amounts: Sequence[AmountRecord],
    known: Sequence[ProjectRecord] = (),
) -> list[ProjectRecord]:
    """One record per project the prose describes, skipping those ``known`` (from tables)."""
    blocks = described_blocks(doc, sections)
    if not blocks:
        return []
    projects: dict[str, _Project] = {}
    spans: list[tuple[int, int, _Project]] = []
    for paragraph in doc.paragraphs():
        name = blocks.get(paragraph.char_start)
        if name is None:
            continue
        key = _key(name)
        project = projects.setdefault(key, _Project(nfkc(name).strip()))
        project.texts.append(fold_width(paragraph.text))
        spans.append((paragraph.char_start, paragraph.char_end, project))
    for amount in amounts:
        owner = _owner(spans, amount.char_start)
        if owner is None:
            continue
        owner.figures += 1
        target = FIELD_OF_METRIC.get(amount.metric or "")
        if target is not None and target not in owner.money:
            owner.money[target] = amount.value_wan
    known_keys = {_key(p.project_name) for p in known}
    return [
        _record(project)
        for key, project in projects.items()
        if project.figures and not _is_known(key, known_keys)
    ]


def _record(project: _Project) -> ProjectRecord:
    rules = prose_rules()
    text = "\n".join(project.texts)
    rate = rules.project_rate.search(text)
    score = rules.project_score.search(text)
    rate_value = parse_number(rate.group("rate")) if rate else None
    score_value = parse_number(score.group("score")) if score else None
    return ProjectRecord(
        project_name=project.name,
        budget_initial_wan=project.money.get("budget_initial_wan"),
        budget_final_wan=project.money.get("budget_final_wan"),
        executed_wan=project.money.get("executed_wan"),
        execution_rate=rate_value / 100 if rate_value is not None else None,
        score=score_value if score_value is not None and score_value <= 100 else None,
    )


def _owner(spans: list[tuple[int, int, _Project]], offset: int | None) -> _Project | None:
    if offset is None:
        return None
    for start, end, project in spans:
        if start <= offset < end:
            return project
    return None


def _key(name: str) -> str:
    return "".join(nfkc(name).split())


def _is_known(key: str, known: set[str]) -> bool:
    return any(key == other or key in other or other in key for other in known if other)
