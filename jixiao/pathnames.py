"""How a raw file's path is written in the curated tables."""

from __future__ import annotations


def printable_path(text: str) -> str:
    """``text`` as valid UTF-8: a name that is not (the OS hands its bytes over as surrogates)
    shows them as ``\\xNN`` instead of breaking every writer, JSON, Parquet and Dagster alike."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
