"""Score the extraction on short report excerpts kept as data (tests/prose_excerpts/*.toml).

Each excerpt file holds a paraphrase of a passage of a published report (its address in
``source``), the class of phrasing it exercises, and the facts a careful reader takes from
it. Each fact counts 1:

- ``[summary]``: a doc_summary field with its value (money within 0.005 万元, rates within
  0.0005, text exact); ``absent = [...]``: fields that must stay null;
- ``[[projects]]``: a project row by name, and each figure given for it;
- ``[[indicators]]``: a row by name with its weight and score;
- ``[[amounts]]``: a figure (``value_wan``) with its ``metric`` (or at least not
  ``metric_not``) and, when given, its ``raw_value``.

``python -m tests.excerpt_scoring`` prints the facts found per class.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractors.txt import read_txt
from jixiao.extraction import extract_document
from jixiao.result import ExtractionResult

EXCERPTS = Path(__file__).parent / "prose_excerpts"
MONEY_TOLERANCE = 0.005
RATE_TOLERANCE = 0.0005


@dataclass(frozen=True)
class Fact:
    excerpt: str
    klass: str
    what: str
    found: bool

    @property
    def kind(self) -> str:
        """summary, project, indicator or amount."""
        return self.what.split(" ", 1)[0].split(".", 1)[0]


def load_excerpts() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.stem, tomllib.loads(path.read_text(encoding="utf-8")))
        for path in sorted(EXCERPTS.glob("*.toml"))
    ]


def extract_excerpt(text: str, name: str) -> ExtractionResult:
    doc = read_txt(text.encode("utf-8"), f"{name}.txt")
    return extract_document(doc, name)


def score_excerpt(name: str, case: dict[str, Any]) -> list[Fact]:
    result = extract_excerpt(case["text"], name)
    klass = case["class"]
    facts: list[Fact] = []

    def add(what: str, found: bool) -> None:
        facts.append(Fact(name, klass, what, found))

    summary = case.get("summary", {})
    for field, gold in summary.items():
        if field == "absent":
            for absent in gold:
                add(f"summary.{absent} is null", getattr(result.summary, absent) is None)
            continue
        add(f"summary.{field}={gold}", _same(field, gold, getattr(result.summary, field)))
    for project in case.get("projects", []):
        row = next(
            (p for p in result.projects if _nfkc(p.project_name) == _nfkc(project["name"])), None
        )
        add(f"project {project['name']}", row is not None)
        for field, gold in project.items():
            if field != "name":
                got = getattr(row, field) if row is not None else None
                add(f"project {project['name']}.{field}={gold}", _same(field, gold, got))
    for indicator in case.get("indicators", []):
        found = any(
            _nfkc(r.level3 or "") == _nfkc(indicator["name"])
            and _same("weight", indicator["weight"], r.weight)
            and _same("score", indicator["score"], r.score)
            for r in result.indicators
        )
        add(f"indicator {indicator['name']}", found)
    for amount in case.get("amounts", []):
        add(f"amount {amount}", any(_amount_matches(amount, a) for a in result.amounts))
    return facts


def _amount_matches(gold: dict[str, Any], amount: Any) -> bool:
    if abs(float(amount.value_wan) - float(gold["value_wan"])) > MONEY_TOLERANCE:
        return False
    if "metric" in gold and amount.metric != gold["metric"]:
        return False
    if "metric_not" in gold and amount.metric == gold["metric_not"]:
        return False
    return "raw_value" not in gold or amount.raw_value == gold["raw_value"]


def _same(field: str, gold: Any, got: Any) -> bool:
    if got is None:
        return False
    if isinstance(gold, str):
        return _nfkc(gold) == _nfkc(str(got))
    tolerance = RATE_TOLERANCE if "rate" in field else MONEY_TOLERANCE
    value = float(got) if isinstance(got, (Decimal, int, float)) else None
    return value is not None and abs(value - float(gold)) <= tolerance + 1e-9


def _nfkc(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def score_all() -> list[Fact]:
    return [fact for name, case in load_excerpts() for fact in score_excerpt(name, case)]


def report(facts: list[Fact]) -> str:
    found, total = Counter[str](), Counter[str]()
    for fact in facts:
        total[fact.klass] += 1
        found[fact.klass] += fact.found
    lines = [f"{k:<18} {found[k]:>3}/{total[k]:<3}" for k in sorted(total)]
    by_kind, of_kind = Counter[str](), Counter[str]()
    for fact in facts:
        of_kind[fact.kind] += 1
        by_kind[fact.kind] += fact.found
    lines += [f"{'  ' + k + ' facts':<18} {by_kind[k]:>3}/{of_kind[k]:<3}" for k in sorted(of_kind)]
    overall = sum(found.values()) / max(sum(total.values()), 1)
    lines.append(f"{'overall':<18} {sum(found.values()):>3}/{sum(total.values()):<3} {overall:.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    all_facts = score_all()
    print(report(all_facts))
    for fact in all_facts:
        if not fact.found:
            print(f"  missed [{fact.klass}] {fact.excerpt}: {fact.what}")
