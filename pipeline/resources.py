"""Where the raw files and the curated store live, and the settings documents are read with.

The resource's config holds every setting of `jixiao.settings`, section by section (``read``,
``ocr``, ``isolation``, ``run``): the config classes are made from the settings' dataclasses,
so the fields, defaults and descriptions are the ones ``jixiao.toml`` and ``--set`` take.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from dagster import Config, ConfigurableResource
from pydantic import Field, create_model

from jixiao.processing import Outcome
from jixiao.runner import RawFile, scan_raw
from jixiao.settings import SECTIONS, SPECS, Settings, from_sections, section_values
from jixiao.settings_sources import load_settings
from jixiao.store import CuratedStore

DEFAULT_RAW_ROOT = "data/raw"
DEFAULT_CURATED_ROOT = "data/curated"


def section_config(section: str) -> type[Config]:
    """The Dagster config class of one settings section: its settings as typed fields."""
    fields: dict[str, Any] = {
        spec.name: (spec.kind, Field(default=spec.default, description=spec.doc))
        for spec in SPECS.values()
        if spec.section == section
    }
    return create_model(f"{section.title()}Config", __base__=Config, **fields)


if TYPE_CHECKING:  # made at import from the settings; what a type checker needs is their base
    ReadConfig: TypeAlias = Config
    OcrConfig: TypeAlias = Config
    IsolationConfig: TypeAlias = Config
    RunConfig: TypeAlias = Config
else:
    ReadConfig, OcrConfig, IsolationConfig, RunConfig = map(section_config, SECTIONS)


class JixiaoResource(ConfigurableResource):
    """The raw root, the curated root and the settings of one deployment."""

    raw_root: str = DEFAULT_RAW_ROOT
    curated_root: str = DEFAULT_CURATED_ROOT
    read: ReadConfig = Field(default_factory=ReadConfig)
    ocr: OcrConfig = Field(default_factory=OcrConfig)
    isolation: IsolationConfig = Field(default_factory=IsolationConfig)
    run: RunConfig = Field(default_factory=RunConfig)

    @classmethod
    def for_settings(
        cls,
        settings: Settings,
        raw_root: str = DEFAULT_RAW_ROOT,
        curated_root: str = DEFAULT_CURATED_ROOT,
    ) -> JixiaoResource:
        """The resource that reads ``raw_root`` into ``curated_root`` with ``settings``."""
        sections: dict[str, Any] = {s: section_values(settings, s) for s in SECTIONS}
        return cls(raw_root=raw_root, curated_root=curated_root, **sections)

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_root).resolve()

    @property
    def store(self) -> CuratedStore:
        return CuratedStore(Path(self.curated_root).resolve())

    def raw_files(self) -> list[RawFile]:
        """The raw folder's files (the curated root is skipped if it lies inside it)."""
        return scan_raw(self.raw_path, exclude=[self.store.root])

    def raw_files_by_key(self, keys: Iterable[str]) -> dict[str, RawFile]:
        """The files behind ``keys`` (absent keys: no such file), from one scan of the folder."""
        wanted = set(keys)
        return {f.key: f for f in self.raw_files() if f.key in wanted}

    @property
    def settings(self) -> Settings:
        """The settings this config names (checked: a value out of range raises
        `SettingsError`, one line naming the setting)."""
        return from_sections({section: getattr(self, section).model_dump() for section in SECTIONS})


def resource_from_env() -> JixiaoResource:
    """The resource the UI and the daemon use: paths from JIXIAO_RAW_ROOT / JIXIAO_CURATED_ROOT,
    settings from the jixiao.toml files (`load_settings`), JIXIAO_WORKERS setting run.workers."""
    raw_root = os.environ.get("JIXIAO_RAW_ROOT", DEFAULT_RAW_ROOT)
    workers = os.environ.get("JIXIAO_WORKERS")
    settings = load_settings(
        Path(raw_root), assignments=[f"run.workers={workers}"] if workers else []
    )
    return JixiaoResource.for_settings(
        settings, raw_root, os.environ.get("JIXIAO_CURATED_ROOT", DEFAULT_CURATED_ROOT)
    )


@dataclass(frozen=True)
class Handoff:
    """What the process launching a run hands to it instead of the run finding it again.

    `jixiao extract` hands the files it scanned (by partition key), the store whose manifest
    it has read, and who to tell of each document the run finishes (its progress bar and
    summary): a run reads the raw folder and the manifest once. Runs the sensor, the schedule
    or the UI launch get none of it and scan the folder themselves, once per run."""

    files: Mapping[str, RawFile] | None = None
    store: CuratedStore | None = None
    on_document: Callable[[RawFile, Outcome | BaseException], None] | None = None

    def document_done(self, raw: RawFile, done: Outcome | BaseException) -> None:
        if self.on_document is not None:
            self.on_document(raw, done)


NO_HANDOFF = Handoff()
