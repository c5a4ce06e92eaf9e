"""Resources and executor: one DuckDB warehouse, one raw folder, one organisation register, runs in process."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from lgo_pipeline.settings import Settings

# Every asset and check that opens the warehouse sits in this pool; dagster.yaml limits it to 1.
WAREHOUSE_POOL = "duckdb"
# DuckDB's buffer pool defaults to 80% of the machine's memory; a bound keeps a run's memory flat as the
# corpus grows (DuckDB spills to disk beyond it).
DUCKDB_CONFIG = {"memory_limit": "1GB"}


class RawFolder(dg.ConfigurableResource):
    """The folder of raw decision files (LGO_RAW_DIR)."""

    raw_dir: str


class OrganisationRegister(dg.ConfigurableResource):
    """Where the organisation register comes from (LGO_ORG_REGISTER: a file or URL; empty: the published
    CSV, downloaded once into cache_dir)."""

    source: str | None = None
    cache_dir: str


@dg.definitions
def resources() -> dg.Definitions:
    settings = Settings.from_env()
    return dg.Definitions(
        resources={
            "duckdb": DuckDBResource(database=str(settings.warehouse), connection_config=DUCKDB_CONFIG),
            "raw_folder": RawFolder(raw_dir=str(settings.raw_dir)),
            "org_register": OrganisationRegister(source=settings.org_register, cache_dir=str(settings.cache_dir)),
        },
        executor=dg.in_process_executor,
    )
