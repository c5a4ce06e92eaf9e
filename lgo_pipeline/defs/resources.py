"""Resources: one DuckDB warehouse, one raw folder, one organisation register, the site decisions are fetched
from; built from `Settings` by `resources_for`, the one way the UI, the CLI and the tests configure a run."""

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from lgo_pipeline.publishing import writer_lock
from lgo_pipeline.publishing.working_copy import WarehouseFiles, prepare_work_copy
from lgo_pipeline.settings import Settings
from lgo_pipeline.storage.connection import connect_for_writing, second_connection

# Every asset and check that opens the warehouse sits in this pool; dagster.yaml limits it to 1.
WAREHOUSE_POOL = "duckdb"
# DuckDB's buffer pool defaults to 80% of the machine's memory; a bound keeps a run's memory flat as the
# corpus grows (DuckDB spills to disk beyond it). 640 MB: a full build of 200,000 decisions peaks at 950 MiB
# (1,072 MiB with 1 GB) in the same time (make bench).
DUCKDB_CONFIG = {"memory_limit": "640MB"}


class Warehouse(DuckDBResource):
    """The DuckDB warehouse: runs write the working copy (`database`) and publish it to `published`, the
    file readers query. The first connection of a run takes the single-writer lock (unless the caller
    holds it: `lgo-pipeline run` takes it before Dagster starts, to answer a busy warehouse in one line) and
    opens the working copy once for the whole run; each step gets its own connection to it. The run's end
    closes the file and frees the lock."""

    published: str
    lock_held_by_caller: bool = False
    _locked: bool = PrivateAttr(default=False)
    _database: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    @classmethod
    def at(cls, published: Path, lock_held_by_caller: bool = False) -> "Warehouse":
        files = WarehouseFiles(published)
        return cls(database=str(files.work), published=str(published), connection_config=DUCKDB_CONFIG,
                   lock_held_by_caller=lock_held_by_caller)

    @property
    def files(self) -> WarehouseFiles:
        return WarehouseFiles(Path(self.published))

    @contextmanager
    def get_connection(self):
        if self._database is None:
            if not self.lock_held_by_caller:
                try:
                    writer_lock.acquire(self.files.lock)
                except writer_lock.WarehouseBusy as busy:
                    raise dg.Failure(description=str(busy), allow_retries=False) from None
                self._locked = True
            prepare_work_copy(self.files)
            self._database = connect_for_writing(self.database, self.connection_config)
        con = second_connection(self._database)
        try:
            yield con
        finally:
            con.close()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None
        if self._locked:
            writer_lock.release(self.files.lock)
            self._locked = False


class RawFolder(dg.ConfigurableResource):
    """The folder of raw decision files (LGO_RAW_DIR)."""

    raw_dir: str


class DecisionSite(dg.ConfigurableResource):
    """The Ombudsman's site the fetch reads (LGO_SITE_URL), how fast, and whom the site can contact
    (LGO_FETCH_CONTACT, sent in the User-Agent)."""

    site_url: str
    rate: float = 1.0  # requests a second, at most
    contact: str | None = None


class OrganisationRegister(dg.ConfigurableResource):
    """Where the organisation register comes from (LGO_ORG_REGISTER: a file or URL; empty: the published
    CSV, downloaded once into cache_dir)."""

    source: str | None = None
    cache_dir: str


def resources_for(settings: Settings, lock_held_by_caller: bool = False) -> dict:
    return {
        "duckdb": Warehouse.at(settings.warehouse, lock_held_by_caller),
        "raw_folder": RawFolder(raw_dir=str(settings.raw_dir)),
        "org_register": OrganisationRegister(source=settings.org_register, cache_dir=str(settings.cache_dir)),
        "decision_site": DecisionSite(site_url=settings.site_url, contact=settings.fetch_contact),
    }
