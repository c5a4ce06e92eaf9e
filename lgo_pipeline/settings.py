"""Where the pipeline reads and writes: environment variables, else defaults that are the same wherever the
command is run from: the project's own folder when the package runs from a checkout of it (`make run`: the
bundled sample, data/warehouse.duckdb), else a folder of the user's ($XDG_DATA_HOME/lgo-pipeline, by default
~/.local/share/lgo-pipeline). Paths given in the environment or on the command line are relative to the
current folder, as any command's are."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lgo_pipeline.fetch.site import DEFAULT_SITE_URL, normalised_site_url
from lgo_pipeline.tunables import Tunables


def _checkout() -> Path | None:
    """The project's folder, when the package is run from a checkout of it (not from an installed wheel)."""
    folder = Path(__file__).resolve().parents[1]
    return folder if (folder / "pyproject.toml").is_file() and (folder / "data" / "sample").is_dir() else None


def _user_folder() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "lgo-pipeline"


CHECKOUT = _checkout()
DEFAULT_RAW_DIR = CHECKOUT / "data" / "sample" if CHECKOUT else _user_folder() / "decisions"
DEFAULT_WAREHOUSE = (CHECKOUT / "data" if CHECKOUT else _user_folder()) / "warehouse.duckdb"
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
    fetch_rate: float = 1.0  # requests a second the fetch makes at most (`--rate`)
    tunables: Tunables = field(default_factory=Tunables)

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
        path), LGO_SITE_URL and LGO_FETCH_CONTACT; the tunables' LGO_<NAME>."""
        try:
            tunables = Tunables.from_env(os.environ)
        except ValueError as error:
            raise SettingsError(str(error)) from None
        return cls(
            raw_dir=Path(os.environ.get("LGO_RAW_DIR") or DEFAULT_RAW_DIR).expanduser().resolve(),
            warehouse=Path(os.environ.get("LGO_WAREHOUSE") or DEFAULT_WAREHOUSE).expanduser().resolve(),
            org_register=os.environ.get("LGO_ORG_REGISTER") or None,
            site_url=os.environ.get("LGO_SITE_URL") or DEFAULT_SITE_URL,
            fetch_contact=os.environ.get("LGO_FETCH_CONTACT") or None,
            tunables=tunables,
        )
