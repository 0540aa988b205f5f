"""Table vocabulary kept as data (``parsers/data/table_terms.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

TABLE_TERMS_FILE = "table_terms.toml"


@dataclass(frozen=True)
class OverviewTerms:
    """Headings and line labels of a target form's budget overview block."""

    amount_headings: frozenset[str]
    spending_headings: frozenset[str]
    income_headings: frozenset[str]
    income_totals: frozenset[str]
    income_lines: frozenset[str]


@dataclass(frozen=True)
class TableTerms:
    list_number_headings: frozenset[str]
    key_value_fields: dict[str, str]
    adjusted_total_headings: frozenset[str]
    adjustment_words: tuple[str, ...]
    overview: OverviewTerms


def load_table_terms(toml_text: str) -> TableTerms:
    data = tomllib.loads(toml_text)
    return TableTerms(
        list_number_headings=frozenset(data["list_number_headings"]),
        key_value_fields=dict(data["key_value_fields"]),
        adjusted_total_headings=frozenset(data["adjusted_total_headings"]),
        adjustment_words=tuple(data["adjustment_words"]),
        overview=OverviewTerms(**{k: frozenset(v) for k, v in data["overview"].items()}),
    )


@cache
def table_terms() -> TableTerms:
    return load_table_terms(files("parsers.data").joinpath(TABLE_TERMS_FILE).read_text("utf-8"))
