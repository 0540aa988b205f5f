"""Where the Dagster instance lives, for every command that opens it."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DAGSTER_HOME = ".dagster_home"
HOME_HELP = f"Dagster instance directory (default: $DAGSTER_HOME or ./{DEFAULT_DAGSTER_HOME})"


def dagster_home(option: Path | None) -> Path:
    if option is not None:
        return option.resolve()
    return Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()
