"""Canonical metric of a money figure from the words before it (aliases in data/metrics.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

CANONICAL_METRICS: tuple[str, ...] = (
    "年初预算数",
    "全年预算数",
    "执行数",
    "收入",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "结转结余",
    "三公经费",
    "公务接待费",
    "公务用车购置及运行维护费",
    "因公出国（境）费",
    "机关运行经费",
    "政府采购",
    "政府性基金支出",
    "其他",
)

TOPIC = "topic"
MEASURE = "measure"


@dataclass(frozen=True)
class MetricAlias:
    metric: str
    kind: str  # topic or measure
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class MetricMatch:
    metric: str
    kind: str
    start: int  # offset of the alias in the searched text
    end: int


@cache
def metric_aliases() -> tuple[MetricAlias, ...]:
    """The alias table shipped with the package, compiled once."""
    raw = (files("parsers") / "data" / "metrics.toml").read_text(encoding="utf-8")
    return load_aliases(raw)


@cache
def change_words() -> re.Pattern[str]:
    """Words that make a figure a change of its metric (``[change]`` in metrics.toml)."""
    raw = (files("parsers") / "data" / "metrics.toml").read_text(encoding="utf-8")
    return re.compile(tomllib.loads(raw)["change"]["pattern"])


@cache
def negation_words() -> re.Pattern[str]:
    """Words that deny the metric phrase right after them (``[negation]`` in metrics.toml)."""
    raw = (files("parsers") / "data" / "metrics.toml").read_text(encoding="utf-8")
    return re.compile(tomllib.loads(raw)["negation"]["pattern"])


def load_aliases(toml_text: str) -> tuple[MetricAlias, ...]:
    table = tomllib.loads(toml_text)
    aliases: list[MetricAlias] = []
    for entry in table.get("metric", []):
        name, kind = entry["name"], entry.get("kind", MEASURE)
        if name not in CANONICAL_METRICS:
            raise ValueError(f"metrics.toml: {name!r} is not a canonical metric")
        aliases.extend(MetricAlias(name, kind, re.compile(p)) for p in entry["aliases"])
    return tuple(aliases)


def find_metric(context: str, clause_start: int = 0) -> MetricMatch | None:
    """The metric announced in ``context`` (the text before a figure).

    Only aliases ending at or after ``clause_start`` (the start of the figure's clause in
    ``context``) count. A topic beats a measure; within a kind the alias ending nearest the
    figure wins, then the longer one. A change word between the winner and the figure
    (``比年初预算增加``) means the figure is a difference: no metric.
    """
    best: MetricMatch | None = None
    for alias in metric_aliases():
        for match in alias.pattern.finditer(context):
            if match.end() <= clause_start or match.end() == match.start():
                continue
            if negation_words().search(context, 0, match.start()):
                continue
            candidate = MetricMatch(alias.metric, alias.kind, match.start(), match.end())
            if best is None or _rank(candidate) > _rank(best):
                best = candidate
    if best is not None and change_words().search(context, best.end):
        return None
    return best


def _rank(match: MetricMatch) -> tuple[int, int, int]:
    return (match.kind == TOPIC, match.end, match.end - match.start)


def mentions_topic(text: str) -> bool:
    """Whether ``text`` names a topic metric (基本支出, 三公经费, 人员经费, …)."""
    return any(a.kind == TOPIC and a.pattern.search(text) for a in metric_aliases())
