import datetime as dt
import time
from pathlib import Path

import dagster as dg

from lgo_pipeline.defs.metadata import summary_metadata, table_metadata
from lgo_pipeline.defs.progress import per_second, progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, RawFolder, WarehouseWriter
from lgo_pipeline.ingest.fetch_tables import refresh_decision_cards, refresh_fetch_months
from lgo_pipeline.ingest.raw_files import ingest_raw_folder
from lgo_pipeline.ingest.scanning import not_raw_input
from lgo_pipeline.tunables import Tunables
from lgo_pipeline.warehouse.tables import ensure_tables


class IngestConfig(dg.Config):
    # list every folder and stat every file: an edit in place changes no folder's time (the daily schedule does)
    full_scan: bool = False


@dg.asset(group_name="ingest", kinds={"python", "duckdb"}, deps=["fetched_pages"], pool=WAREHOUSE_POOL)
def decision_files(context: dg.AssetExecutionContext, config: IngestConfig, warehouse: WarehouseWriter,
                   raw_folder: RawFolder, tunables: dg.ResourceParam[Tunables]) -> dg.MaterializeResult:
    """Every file below LGO_RAW_DIR, one row per distinct content (sha256), in raw.decision_files.

    Content already stored is skipped (its new paths are remembered), so re-running adds nothing. Only the
    folders whose names changed since the last scan are listed and only names not seen before are read
    (raw.folder_index, raw.path_index); a full scan (config `full_scan`, the daily schedule) also reads files
    edited in place.
    """
    started = time.perf_counter()

    def report(read: int, new: int) -> None:
        progress(context, f"ingest: {read:,} files read ({per_second(read, started):,.0f} files/s), {new:,} new")

    with warehouse.connection() as con:
        ensure_tables(con)
        stats = ingest_raw_folder(con, Path(raw_folder.raw_dir), dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                                  not_raw_input(Path(raw_folder.raw_dir), warehouse.files.paths), config.full_scan,
                                  report, tunables)
        scan_kind = "full scan" if stats.full_scan else "quick scan"
        progress(context, f"ingest: {stats.files_scanned:,} files in {raw_folder.raw_dir} ({scan_kind}: "
                          f"{stats.folders_listed:,} of {stats.folders:,} folders listed, {stats.files_read:,} files "
                          f"read) in {time.perf_counter() - started:.1f} s: {stats.new_files:,} new"
                          + (f", {stats.scan_issues:,} unreadable (raw.scan_issues)" if stats.scan_issues else ""))
        return dg.MaterializeResult(metadata={
            **table_metadata(con, "raw.decision_files"),
            "raw_dir": raw_folder.raw_dir,
            "full_scan": stats.full_scan,
            "folders": stats.folders,
            "folders_listed": stats.folders_listed,
            "files_scanned": stats.files_scanned,
            "new_files": stats.new_files,
            "known_files": stats.known_files,
            "new_paths_for_known_content": stats.new_paths_for_known_content,
            "files_read": stats.files_read,
            "scan_issues": stats.scan_issues,
            **summary_metadata(files_scanned=stats.files_scanned, new_files=stats.new_files,
                               known_files=stats.known_files, unreadable_files=stats.scan_issues),
        })


@dg.asset(group_name="ingest", kinds={"python", "duckdb"}, deps=["fetched_pages"], pool=WAREHOUSE_POOL)
def decision_cards(context: dg.AssetExecutionContext, warehouse: WarehouseWriter, raw_folder: RawFolder) -> dg.MaterializeResult:
    """The search result card of every decision fetched from the site (outcome, date, sub-category, summary,
    the page's URL), one row per reference in raw.decision_cards: the facts complete a page from it where the
    page states none. Empty when nothing was fetched."""
    with warehouse.connection() as con:
        ensure_tables(con)
        cards = refresh_decision_cards(con, Path(raw_folder.raw_dir))
        progress(context, f"ingest: {cards:,} search result cards of fetched decisions")
        return dg.MaterializeResult(metadata=table_metadata(con, "raw.decision_cards"))


@dg.asset(group_name="ingest", kinds={"python", "duckdb"}, deps=["fetched_pages"], pool=WAREHOUSE_POOL)
def fetch_months(context: dg.AssetExecutionContext, warehouse: WarehouseWriter, raw_folder: RawFolder) -> dg.MaterializeResult:
    """What the site's search listed for each month a fetch walked (its own count, the cards read, the pages
    gone), in raw.fetch_months: marts.fetch_coverage reconciles it with the decisions held. Empty when nothing
    was fetched."""
    with warehouse.connection() as con:
        ensure_tables(con)
        months = refresh_fetch_months(con, Path(raw_folder.raw_dir))
        progress(context, f"ingest: {months:,} months walked by fetches")
        return dg.MaterializeResult(metadata=table_metadata(con, "raw.fetch_months"))
