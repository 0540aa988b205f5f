"""Where the raw files and the curated store live, and how documents are read."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dagster import ConfigurableResource

from extractors.settings import ReadSettings
from jixiao.processing import Outcome
from jixiao.runner import RawFile, scan_raw
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
    workers: int = 1
    """Documents extracted at once within a run (one extraction process each)."""

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
    def settings(self) -> ReadSettings:
        return ReadSettings(max_pages=self.max_pages, time_limit_s=self.time_limit_s)


def resource_from_env() -> JixiaoResource:
    """The resource the UI and the daemon use: paths from JIXIAO_RAW_ROOT / JIXIAO_CURATED_ROOT,
    documents extracted at once within a run from JIXIAO_WORKERS (default 1)."""
    return JixiaoResource(
        raw_root=os.environ.get("JIXIAO_RAW_ROOT", DEFAULT_RAW_ROOT),
        curated_root=os.environ.get("JIXIAO_CURATED_ROOT", DEFAULT_CURATED_ROOT),
        workers=int(os.environ.get("JIXIAO_WORKERS", "1")),
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
