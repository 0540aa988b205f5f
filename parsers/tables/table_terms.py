"""Table vocabulary kept as data (``parsers/data/table_terms.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

TABLE_TERMS_FILE = "table_terms.toml"


@dataclass(frozen=True)
class TableTerms:
    list_number_headings: frozenset[str]
    key_value_fields: dict[str, str]


def load_table_terms(toml_text: str) -> TableTerms:
    data = tomllib.loads(toml_text)
    return TableTerms(
        list_number_headings=frozenset(data["list_number_headings"]),
        key_value_fields=dict(data["key_value_fields"]),
    )


@cache
def table_terms() -> TableTerms:
    return load_table_terms(files("parsers.data").joinpath(TABLE_TERMS_FILE).read_text("utf-8"))
