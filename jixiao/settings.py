"""The one `Settings` a user tunes: read limits, OCR, isolation and the run's workers.

A setting is named ``section.name`` (``read.max_pages``, ``ocr.enabled``), the same way in
``jixiao.toml``, in ``jixiao extract --set`` and in the Dagster resource's config. The
sections are frozen dataclasses whose fields carry their documentation and their range
(`extractors.settings.setting`); the extractor-level sections (read, ocr) live with the
readers, which must not import the core. Loading them from files and ``--set`` is
`jixiao.settings_sources`.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, get_type_hints

from extractors.settings import OcrSettings, ReadSettings, setting

GIB = 1024**3


@dataclass(frozen=True)
class IsolationSettings:
    """How each document is kept from harming the others."""

    enabled: bool = setting(
        True,
        "extract each document in a worker process (memory cap, time limit enforced, a crash "
        "costs that document only); off: in the run's own process",
    )
    # The cap is on what the worker really uses: its address space is far larger (ONNX
    # Runtime alone maps gigabytes it never touches), so RLIMIT_AS kept OCR out.
    memory_limit_bytes: int = setting(
        2 * GIB,
        "resident memory of a document's worker; above it the document fails (MemoryLimit); "
        "0: no cap",
    )
    kill_grace_s: float = setting(
        30.0,
        "a worker still reading this long after read.time_limit_s (and its OCR time) is "
        "killed and the document fails (Timeout)",
    )


@dataclass(frozen=True)
class RunSettings:
    """How a run shares out its documents."""

    workers: int = setting(
        0, "documents extracted at once, one worker process each; 0: one per CPU, at most 4"
    )


@dataclass(frozen=True)
class Settings:
    read: ReadSettings = field(default_factory=ReadSettings)
    isolation: IsolationSettings = field(default_factory=IsolationSettings)
    run: RunSettings = field(default_factory=RunSettings)


DEFAULT_SETTINGS = Settings()

# Each section a user names, and where it sits in `Settings`.
SECTIONS: Mapping[str, tuple[str, ...]] = {
    "read": ("read",),
    "ocr": ("read", "ocr"),
    "isolation": ("isolation",),
    "run": ("run",),
}
SECTION_TYPES: Mapping[str, type] = {
    "read": ReadSettings,
    "ocr": OcrSettings,
    "isolation": IsolationSettings,
    "run": RunSettings,
}


class SettingsError(ValueError):
    """A setting that does not exist or a value it does not take (one line for the user)."""


@dataclass(frozen=True)
class SettingSpec:
    section: str
    name: str
    kind: type  # bool, int or float
    default: Any
    doc: str
    minimum: float
    maximum: float | None

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"

    @property
    def is_size(self) -> bool:
        """A number of bytes: it also takes KiB, MiB and GiB."""
        return self.name.endswith("_bytes")


def _section_specs(section: str) -> list[SettingSpec]:
    cls = SECTION_TYPES[section]
    hints = get_type_hints(cls)
    return [
        SettingSpec(
            section,
            f.name,
            hints[f.name],
            f.default,
            f.metadata["doc"],
            f.metadata["min"],
            f.metadata["max"],
        )
        for f in dataclasses.fields(cls)
        if "doc" in f.metadata  # a nested section (read.ocr) is a section of its own
    ]


SPECS: Mapping[str, SettingSpec] = {
    spec.key: spec for section in SECTIONS for spec in _section_specs(section)
}


def spec_of(key: str) -> SettingSpec:
    """The setting ``key`` names; `SettingsError` (with the likely meant one) when none."""
    if key in SPECS:
        return SPECS[key]
    section = key.split(".", 1)[0]
    if section in SECTIONS and "." in key:
        names = ", ".join(s.name for s in SPECS.values() if s.section == section)
        return _unknown(key, f"{section} has {names}")
    sections = ", ".join(f"[{s}]" for s in SECTIONS)
    return _unknown(key, f"a setting is section.name; the sections are {sections}")


def _unknown(key: str, known: str) -> SettingSpec:
    same_name = [k for k in SPECS if k.split(".", 1)[-1] == key.split(".", 1)[-1]]
    close = same_name or difflib.get_close_matches(key, list(SPECS), n=1)
    hint = f"did you mean {close[0]}?" if close else known
    raise SettingsError(f"unknown setting {key!r} ({hint})")


_BYTE_UNITS = {"": 1, "kib": 1024, "mib": 1024**2, "gib": 1024**3}
_BYTES = re.compile(r"(\d[\d_]*)\s*([kmg]ib)?", re.IGNORECASE)
_TRUE, _FALSE = ("true", "yes", "on"), ("false", "no", "off")


def coerce(spec: SettingSpec, value: Any) -> Any:
    """``value`` (from TOML, or the text after ``--set key=``) as the setting's type, checked
    against its range; `SettingsError` saying what it takes otherwise."""
    converted = _converted(spec, value)
    if spec.kind is not bool:
        if converted < spec.minimum:
            raise SettingsError(f"{spec.key} must be at least {spec.minimum:g}, not {value!r}")
        if spec.maximum is not None and converted > spec.maximum:
            raise SettingsError(f"{spec.key} must be at most {spec.maximum:g}, not {value!r}")
    return converted


def _converted(spec: SettingSpec, value: Any) -> Any:
    if spec.kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        raise SettingsError(f"{spec.key} is true or false, not {value!r}")
    if isinstance(value, bool):
        raise SettingsError(f"{spec.key} is a number, not {value!r}")
    if spec.kind is int:
        if isinstance(value, int):
            return value
        if isinstance(value, str) and (match := _BYTES.fullmatch(value.strip())):
            unit = (match.group(2) or "").lower()
            if not unit or spec.is_size:
                return int(match.group(1).replace("_", "")) * _BYTE_UNITS[unit]
        units = " (or with KiB, MiB, GiB)" if spec.is_size else ""
        raise SettingsError(f"{spec.key} is a whole number{units}, not {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).replace("_", ""))
        except ValueError:
            raise SettingsError(f"{spec.key} is a number, not {value!r}") from None
    if not math.isfinite(number):
        raise SettingsError(f"{spec.key} is a finite number, not {value!r}")
    return number


def with_values(settings: Settings, values: Mapping[str, Any]) -> Settings:
    """``settings`` with ``values`` (key -> value, checked here) put in."""
    by_section: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        spec = spec_of(key)
        by_section.setdefault(spec.section, {})[spec.name] = coerce(spec, value)
    for section, changes in by_section.items():
        settings = _replace_at(settings, SECTIONS[section], changes)
    return settings


def _replace_at(obj: Any, path: tuple[str, ...], changes: dict[str, Any]) -> Any:
    if not path:
        return dataclasses.replace(obj, **changes)
    head, rest = path[0], path[1:]
    return dataclasses.replace(obj, **{head: _replace_at(getattr(obj, head), rest, changes)})


def section_values(settings: Settings, section: str) -> dict[str, Any]:
    """One section's settings as name -> value."""
    obj: Any = settings
    for attribute in SECTIONS[section]:
        obj = getattr(obj, attribute)
    return {s.name: getattr(obj, s.name) for s in SPECS.values() if s.section == section}


def value_of(settings: Settings, key: str) -> Any:
    spec = spec_of(key)
    return section_values(settings, spec.section)[spec.name]


def from_sections(sections: Mapping[str, Mapping[str, Any]]) -> Settings:
    """Settings from section -> name -> value (the Dagster resource's config), checked."""
    values = {f"{s}.{name}": v for s, names in sections.items() for name, v in names.items()}
    return with_values(DEFAULT_SETTINGS, values)


def markdown_table() -> str:
    """Every setting with its default and meaning: the README's settings table."""
    lines = ["| setting | default | what it does |", "|---|---|---|"]
    for spec in SPECS.values():
        lines.append(f"| `{spec.key}` | `{shown(spec.default, spec.is_size)}` | {spec.doc} |")
    return "\n".join(lines)


def shown(value: Any, size: bool = False) -> str:
    """A value as jixiao.toml takes it (a ``size`` of whole MiB or GiB in those units)."""
    if isinstance(value, bool):
        return str(value).lower()
    if size and isinstance(value, int) and value >= 1024**2 and value % 1024**2 == 0:
        return f'"{value // 1024**3} GiB"' if value % 1024**3 == 0 else f'"{value // 1024**2} MiB"'
    return f"{value:_}" if isinstance(value, int) and value >= 10_000 else f"{value}"
