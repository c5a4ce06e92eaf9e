"""Resources: the warehouse's single writer, the raw folder, the organisation register, the site decisions are
fetched from, and the run's tunables; built from `Settings` by `resources_for`, the one way the UI, the CLI and
the tests configure a run."""

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from lgo_pipeline.publishing import writer_lock
from lgo_pipeline.publishing.working_copy import WarehouseFiles, prepare_work_copy
from lgo_pipeline.settings import Settings, Tunables
from lgo_pipeline.warehouse.connection import connect_for_writing, second_connection

# Every asset and check that opens the warehouse sits in this pool; dagster.yaml limits it to 1.
WAREHOUSE_POOL = "duckdb"


class WarehouseWriter(dg.ConfigurableResource):
    """The one writer of the DuckDB warehouse in a run. Runs write a working copy and publish it to `published`,
    the file readers query (publishing.working_copy). The first connection of a run takes the single-writer
    lock (unless the caller holds it: `lgo-pipeline run` takes it before Dagster starts, to answer a busy
    warehouse in one line) and opens the working copy once for the whole run; each step gets its own cursor on
    that connection. The run's end closes the file and frees the lock.

    DuckDB lets one process write a file, so a run's steps must share this process: the jobs run in process
    (`in_process_executor`). A step that another executor starts in a process of its own finds the lock held
    by its own run, and fails saying so rather than waiting on or writing beside its run."""

    published: str
    memory_limit: str
    row_group_size: int
    lock_held_by_caller: bool = False
    _locked: bool = PrivateAttr(default=False)
    _run_id: str = PrivateAttr(default="")
    _database: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    @classmethod
    def at(cls, published: Path, tunables: Tunables, lock_held_by_caller: bool = False) -> "WarehouseWriter":
        return cls(published=str(published), memory_limit=tunables.duckdb_memory_limit,
                   row_group_size=tunables.duckdb_row_group_size, lock_held_by_caller=lock_held_by_caller)

    @property
    def files(self) -> WarehouseFiles:
        return WarehouseFiles(Path(self.published))

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._run_id = context.run.run_id if context.run else ""

    def _take_lock(self) -> None:
        note = f"Dagster run {self._run_id}" if self._run_id else ""
        try:
            writer_lock.acquire(self.files.lock, note=note)
        except writer_lock.WarehouseBusy as busy:
            if note and note in writer_lock.holder(self.files.lock):
                raise dg.Failure(description=(
                    f"another step of this run ({self._run_id}) is writing the warehouse from another process: "
                    "the steps of a run share one DuckDB connection, so the run must use the in-process executor "
                    "(dg.in_process_executor, as the project's jobs do), not one that starts a process per step"),
                    allow_retries=False) from None
            raise dg.Failure(description=str(busy), allow_retries=False) from None
        self._locked = True

    @contextmanager
    def connection(self):
        """A cursor on the run's one connection to the working copy, opened (and the lock taken) on first use."""
        if self._database is None:
            if not self.lock_held_by_caller:
                self._take_lock()
            prepare_work_copy(self.files)
            self._database = connect_for_writing(str(self.files.work), {"memory_limit": self.memory_limit},
                                                 self.row_group_size)
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
        "warehouse": WarehouseWriter.at(settings.warehouse, settings.tunables, lock_held_by_caller),
        "tunables": settings.tunables,
        "raw_folder": RawFolder(raw_dir=str(settings.raw_dir)),
        "org_register": OrganisationRegister(source=settings.org_register, cache_dir=str(settings.cache_dir)),
        "decision_site": DecisionSite(site_url=settings.site_url, rate=settings.fetch_rate, contact=settings.fetch_contact),
    }
