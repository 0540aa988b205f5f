"""The rules of ``data/prose_facts.toml``, loaded and compiled once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class ProseRules:
    project_rate: re.Pattern[str]
    project_score: re.Pattern[str]
    generic_project_names: frozenset[str]
    indicator_line: re.Pattern[str]
    indicator_later_score: re.Pattern[str]
    indicator_min_rows: int
    scores: tuple[re.Pattern[str], ...]
    grade: re.Pattern[str]
    grade_sentence: re.Pattern[str]
    rates: tuple[re.Pattern[str], ...]
    form_score_label: re.Pattern[str]
    form_score_value: re.Pattern[str]
    form_grade_label: re.Pattern[str]
    form_grade_value: re.Pattern[str]


@cache
def prose_rules() -> ProseRules:
    raw = (files("parsers") / "data" / "prose_facts.toml").read_text(encoding="utf-8")
    return load_prose_rules(raw)


def load_prose_rules(toml_text: str) -> ProseRules:
    table = tomllib.loads(toml_text)
    project, indicator, headline = table["project"], table["indicator"], table["headline"]
    return ProseRules(
        project_rate=re.compile(project["rate"]),
        project_score=re.compile(project["score"]),
        generic_project_names=frozenset(project["generic_names"]),
        indicator_line=re.compile(indicator["line"]),
        indicator_later_score=re.compile(indicator["later_score"]),
        indicator_min_rows=int(indicator["min_rows"]),
        scores=tuple(re.compile(p) for p in headline["score"]),
        grade=re.compile(headline["grade"]),
        grade_sentence=re.compile(headline["grade_sentence"]),
        rates=tuple(re.compile(p) for p in headline["rate"]),
        form_score_label=re.compile(table["form"]["score_label"]),
        form_score_value=re.compile(table["form"]["score_value"]),
        form_grade_label=re.compile(table["form"]["grade_label"]),
        form_grade_value=re.compile(table["form"]["grade_value"]),
    )
