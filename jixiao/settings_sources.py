"""Where a run's `Settings` come from, highest precedence first: ``--set key=value``, the
``jixiao.toml`` beside the raw folder (``data/jixiao.toml`` for ``data/raw``), the
``jixiao.toml`` of the project (the working directory), the defaults.

A file holds one table per section::

    [read]
    max_pages = 800

    [isolation]
    memory_limit_bytes = "4 GiB"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jixiao.settings import (
    DEFAULT_SETTINGS,
    SECTIONS,
    Settings,
    SettingsError,
    spec_of,
    with_values,
)

SETTINGS_FILE = "jixiao.toml"


def settings_files(raw_root: Path, project: Path) -> list[Path]:
    """The settings files that exist, lowest precedence first (one file counted once)."""
    found: list[Path] = []
    for folder in (project, raw_root.resolve().parent):
        path = (folder / SETTINGS_FILE).resolve()
        if path.is_file() and path not in found:
            found.append(path)
    return found


def file_values(path: Path) -> dict[str, Any]:
    """The settings a file sets, key -> value (checked); `SettingsError` naming the file."""
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML (not UTF-8)") from exc
    try:
        return _checked(_flatten(document))
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None


def _flatten(document: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for section, table in document.items():
        if section in SECTIONS and isinstance(table, dict):
            values.update({f"{section}.{name}": value for name, value in table.items()})
        else:
            spec_of(section)  # raises: says what a setting's name looks like
    return values


def assignment_values(assignments: Iterable[str]) -> dict[str, Any]:
    """``--set`` arguments (``key=value``), later ones winning; `SettingsError` naming one."""
    values: dict[str, Any] = {}
    for text in assignments:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise SettingsError(f"--set {text}: expected KEY=VALUE, e.g. --set read.max_pages=800")
        try:
            values.update(_checked({key.strip(): value.strip()}))
        except SettingsError as exc:
            raise SettingsError(f"--set {text}: {exc}") from None
    return values


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    with_values(DEFAULT_SETTINGS, values)  # raises on an unknown key or a bad value
    return dict(values)


def load_settings(
    raw_root: Path, project: Path | None = None, assignments: Iterable[str] = ()
) -> Settings:
    """The settings of a run over ``raw_root``: defaults, then the project's file, then the
    raw folder's, then ``assignments`` (``--set``)."""
    return load_with_origins(raw_root, project, assignments)[0]


def load_with_origins(
    raw_root: Path, project: Path | None = None, assignments: Iterable[str] = ()
) -> tuple[Settings, dict[str, str]]:
    """`load_settings`, and for each setting not left at its default where it was set: the
    file's path or ``--set``."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for path in settings_files(raw_root, project or Path.cwd()):
        found = file_values(path)
        values.update(found)
        origins.update(dict.fromkeys(found, str(path)))
    found = assignment_values(assignments)
    values.update(found)
    origins.update(dict.fromkeys(found, "--set"))
    return with_values(DEFAULT_SETTINGS, values), origins
