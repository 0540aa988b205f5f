"""Sections that state the year's plan (绩效目标情况), not its results (rules in
``data/prose_facts.toml`` [plan])."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from normalizers.text import fold_width
from records import SectionRecord


@dataclass(frozen=True)
class PlanRules:
    heading: re.Pattern[str]
    not_heading: re.Pattern[str]


@cache
def plan_rules() -> PlanRules:
    raw = (files("parsers") / "data" / "prose_facts.toml").read_text(encoding="utf-8")
    plan = tomllib.loads(raw)["plan"]
    return PlanRules(re.compile(plan["heading"]), re.compile(plan["not_heading"]))


def in_planned_section(sections: Sequence[SectionRecord], offset: int) -> bool:
    """Whether the innermost section holding ``offset`` is headed as the year's targets."""
    holding = [s for s in sections if s.char_start <= offset < s.char_end]
    if not holding:
        return False
    innermost = max(holding, key=lambda s: (s.level, s.char_start))
    heading = fold_width(innermost.heading).strip()
    rules = plan_rules()
    return bool(rules.heading.search(heading)) and not rules.not_heading.search(heading)
