"""The standard 部门决算 / 部门预算 tables as data (``parsers/data/templates.toml``).

A template names a table by its title spellings and says which row and column of it holds
each headline figure. This module loads the templates and matches title lines to them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from normalizers.text import nfkc

TEMPLATES_FILE = "templates.toml"
FINAL_ACCOUNTS = "决算"
BUDGET = "预算"

# A title line is a short line: longer text is prose that mentions a table.
MAX_TITLE_CHARS = 60

_QUOTES = re.compile(r"[“”\"'‘’「」『』、，,]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CellRule:
    """Where one figure sits in a template table (see the TOML header)."""

    field: str
    metric: str | None
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    side: str | None = None


@dataclass(frozen=True)
class Template:
    name: str
    kind: str  # 决算 or 预算
    titles: tuple[str, ...]
    cells: tuple[CellRule, ...]
    part: bool = False  # one fund's table (一般公共预算…): checked against the whole
    order: int = 0  # position in the file: earlier templates win a field


def squeeze(text: str) -> str:
    """Text for matching titles and labels: NFKC, no whitespace, no quotes."""
    return _QUOTES.sub("", _SPACE.sub("", nfkc(text)))


def load_templates(toml_text: str) -> tuple[Template, ...]:
    data = tomllib.loads(toml_text)
    templates = []
    for order, entry in enumerate(data.get("template", [])):
        cells = tuple(
            CellRule(
                field=cell["field"],
                metric=cell.get("metric"),
                rows=tuple(squeeze(r) for r in cell.get("rows", ())),
                columns=tuple(squeeze(c) for c in cell.get("columns", ())),
                side=cell.get("side"),
            )
            for cell in entry.get("cell", ())
        )
        templates.append(
            Template(
                name=entry["name"],
                kind=entry["kind"],
                titles=tuple(squeeze(t) for t in entry["titles"]),
                cells=cells,
                part=bool(entry.get("part", False)),
                order=order,
            )
        )
    return tuple(templates)


@cache
def templates() -> tuple[Template, ...]:
    return load_templates(files("parsers.data").joinpath(TEMPLATES_FILE).read_text("utf-8"))


def match_title(line: str, known: tuple[Template, ...] | None = None) -> Template | None:
    """The template whose longest title spelling the line contains, or None."""
    text = squeeze(line)
    if not text or len(text) > MAX_TITLE_CHARS:
        return None
    best: tuple[int, Template] | None = None
    for template in known if known is not None else templates():
        for title in template.titles:
            if title in text and (best is None or len(title) > best[0]):
                best = (len(title), template)
    return best[1] if best else None
