"""`jixiao settings`: the settings a run over RAW_DIR uses, and where each one comes from.

The answer is printed as a ``jixiao.toml`` (every setting, a comment naming the file or
``--set`` it came from, or ``default``), so it can be saved and edited as one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.settings import SECTIONS, SPECS, Settings, SettingsError, shown, value_of
from jixiao.settings_sources import load_with_origins

USAGE_ERROR = 2


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser(
        "settings", help="the settings a run over RAW_DIR uses, and where each comes from"
    )
    command.add_argument(
        "raw_dir", type=Path, nargs="?", default=Path("data/raw"), metavar="RAW_DIR"
    )
    command.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="assignments",
        help="a setting as jixiao extract --set would give it (repeatable)",
    )
    command.set_defaults(handler=run_settings)


def run_settings(args: argparse.Namespace) -> int:
    try:
        settings, origins = load_with_origins(args.raw_dir, assignments=args.assignments)
    except SettingsError as error:
        print(f"jixiao: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(settings_toml(settings, origins), end="")
    return 0


def settings_toml(settings: Settings, origins: dict[str, str]) -> str:
    """Every setting as a jixiao.toml, each line saying where its value came from."""
    lines: list[str] = []
    for section in SECTIONS:
        lines += ["", f"[{section}]"] if lines else [f"[{section}]"]
        for spec in (s for s in SPECS.values() if s.section == section):
            value = shown(value_of(settings, spec.key), spec.is_size)
            lines.append(f"{spec.name} = {value}  # {origins.get(spec.key, 'default')}")
    return "\n".join(lines) + "\n"
