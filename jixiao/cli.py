"""Command line (placeholder until the CLI lands)."""

from __future__ import annotations

import sys

from jixiao import __version__


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--version"]:
        print(f"jixiao {__version__}")
        return 0
    print("usage: jixiao --version", file=sys.stderr)
    return 2
