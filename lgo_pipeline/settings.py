"""Where the pipeline reads and writes: environment variables with the contract's defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_RAW_DIR = "data/sample"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path

    @classmethod
    def from_env(cls) -> Settings:
        """LGO_RAW_DIR and LGO_WAREHOUSE, relative to the working directory like any CLI path."""
        return cls(
            raw_dir=Path(os.environ.get("LGO_RAW_DIR") or DEFAULT_RAW_DIR).expanduser().resolve(),
            warehouse=Path(os.environ.get("LGO_WAREHOUSE") or DEFAULT_WAREHOUSE).expanduser().resolve(),
        )
