"""Where the raw files and the curated store live, and how documents are read."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import ConfigurableResource

from extractors.dispatch import ReadSettings
from jixiao.extraction import extract_file
from jixiao.isolation import extract_isolated
from jixiao.runner import Extractor, RawFile, find_by_key, scan_raw
from jixiao.store import CuratedStore

DEFAULT_RAW_ROOT = "data/raw"
DEFAULT_CURATED_ROOT = "data/curated"


class JixiaoResource(ConfigurableResource):
    """The raw root, the curated root and the read limits of one deployment."""

    raw_root: str = DEFAULT_RAW_ROOT
    curated_root: str = DEFAULT_CURATED_ROOT
    max_pages: int = ReadSettings.max_pages
    time_limit_s: float = ReadSettings.time_limit_s
    isolate: bool = True
    """Extract in a worker process with a memory cap, killed at the time limit."""

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_root).resolve()

    @property
    def store(self) -> CuratedStore:
        return CuratedStore(Path(self.curated_root).resolve())

    def raw_files(self) -> list[RawFile]:
        """The raw folder's files (the curated root is skipped if it lies inside it)."""
        return scan_raw(self.raw_path, exclude=[self.store.root])

    def raw_file(self, key: str) -> RawFile | None:
        return find_by_key(self.raw_path, key, exclude=[self.store.root])

    @property
    def extractor(self) -> Extractor:
        return extract_isolated if self.isolate else extract_file

    @property
    def settings(self) -> ReadSettings:
        return ReadSettings(max_pages=self.max_pages, time_limit_s=self.time_limit_s)


def resource_from_env() -> JixiaoResource:
    """The resource the UI and the daemon use: paths from JIXIAO_RAW_ROOT / JIXIAO_CURATED_ROOT."""
    return JixiaoResource(
        raw_root=os.environ.get("JIXIAO_RAW_ROOT", DEFAULT_RAW_ROOT),
        curated_root=os.environ.get("JIXIAO_CURATED_ROOT", DEFAULT_CURATED_ROOT),
    )
