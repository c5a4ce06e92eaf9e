"""Where the pipeline reads and writes: environment variables with the contract's defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_RAW_DIR = "data/sample"
DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
# DuckDB names the database after the file: `marts.duckdb` would make `marts.x` ambiguous.
_RESERVED_STEMS = frozenset({"raw", "staging", "core", "marts", "main", "memory", "system", "temp"})


class SettingsError(ValueError):
    """A setting that cannot work, with what to do instead."""


def check_warehouse_path(warehouse: Path) -> None:
    """The warehouse is a DuckDB file: a folder given in its place is a mistake worth one clear line."""
    if warehouse.is_dir():
        raise SettingsError(f"the warehouse path is a folder: {warehouse}; give the DuckDB file, "
                            f"e.g. {warehouse / 'warehouse.duckdb'}")


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    org_register: str | None = None  # a file or URL; None: download the published register once

    @property
    def cache_dir(self) -> Path:
        """Downloads (the organisation register) live beside the warehouse: data/cache by default."""
        return self.warehouse.parent / "cache"

    def __post_init__(self) -> None:
        check_warehouse_path(self.warehouse)
        if self.warehouse.stem.lower() in _RESERVED_STEMS:
            raise SettingsError(
                f"warehouse file name {self.warehouse.name!r} clashes with a schema or catalog name in DuckDB; "
                "choose another name, e.g. warehouse.duckdb"
            )

    @classmethod
    def from_env(cls) -> Settings:
        """LGO_RAW_DIR, LGO_WAREHOUSE and LGO_ORG_REGISTER, relative to the working directory like any CLI path."""
        return cls(
            raw_dir=Path(os.environ.get("LGO_RAW_DIR") or DEFAULT_RAW_DIR).expanduser().resolve(),
            warehouse=Path(os.environ.get("LGO_WAREHOUSE") or DEFAULT_WAREHOUSE).expanduser().resolve(),
            org_register=os.environ.get("LGO_ORG_REGISTER") or None,
        )
