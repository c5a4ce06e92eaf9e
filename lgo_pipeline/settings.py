"""Where the pipeline reads and writes: environment variables with the contract's defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.fetch.site import DEFAULT_SITE_URL, normalised_site_url

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
    site_url: str = DEFAULT_SITE_URL  # where `lgo-pipeline fetch` reads decisions (a replica in tests)
    fetch_contact: str | None = None  # an e-mail address or URL for the fetch's User-Agent

    @property
    def cache_dir(self) -> Path:
        """Downloads (the organisation register) live beside the warehouse: data/cache by default."""
        return self.warehouse.parent / "cache"

    def __post_init__(self) -> None:
        check_warehouse_path(self.warehouse)
        try:
            object.__setattr__(self, "site_url", normalised_site_url(self.site_url))
        except ValueError as error:
            raise SettingsError(f"LGO_SITE_URL / --site-url: {error}") from None
        if self.warehouse.stem.lower() in _RESERVED_STEMS:
            raise SettingsError(
                f"warehouse file name {self.warehouse.name!r} clashes with a schema or catalog name in DuckDB; "
                "choose another name, e.g. warehouse.duckdb"
            )

    @classmethod
    def from_env(cls) -> Settings:
        """LGO_RAW_DIR, LGO_WAREHOUSE, LGO_ORG_REGISTER (paths relative to the working directory like any CLI
        path), LGO_SITE_URL and LGO_FETCH_CONTACT."""
        return cls(
            raw_dir=Path(os.environ.get("LGO_RAW_DIR") or DEFAULT_RAW_DIR).expanduser().resolve(),
            warehouse=Path(os.environ.get("LGO_WAREHOUSE") or DEFAULT_WAREHOUSE).expanduser().resolve(),
            org_register=os.environ.get("LGO_ORG_REGISTER") or None,
            site_url=os.environ.get("LGO_SITE_URL") or DEFAULT_SITE_URL,
            fetch_contact=os.environ.get("LGO_FETCH_CONTACT") or None,
        )
