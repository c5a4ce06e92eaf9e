import datetime as dt
import time
from pathlib import Path

import dagster as dg

from lgo_pipeline.defs.metadata import summary_metadata, table_metadata
from lgo_pipeline.defs.progress import per_second, progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, RawFolder, Warehouse
from lgo_pipeline.ingest.scanning import not_raw_input, scan
from lgo_pipeline.storage.fetch_tables import refresh_decision_cards, refresh_fetch_months
from lgo_pipeline.storage.raw_files import load_path_index, store_raw_files
from lgo_pipeline.storage.tables import ensure_tables


@dg.asset(group_name="ingest", kinds={"python", "duckdb"}, deps=["fetched_pages"], pool=WAREHOUSE_POOL)
def decision_files(context: dg.AssetExecutionContext, duckdb: Warehouse, raw_folder: RawFolder) -> dg.MaterializeResult:
    """Every file below LGO_RAW_DIR, one row per distinct content (sha256), in raw.decision_files.

    Content already stored is skipped (its new paths are remembered), so re-running adds nothing; files
    whose size and modification time are unchanged since the last scan are not even read.
    """
    with duckdb.get_connection() as con:
        ensure_tables(con)
        files = scan(Path(raw_folder.raw_dir), exclude=not_raw_input(Path(raw_folder.raw_dir), Path(duckdb.published)),
                     index=load_path_index(con))
        started = time.perf_counter()

        def report(scanned: int, new: int) -> None:
            progress(context, f"ingest: {scanned:,} files scanned ({per_second(scanned, started):,.0f} files/s), "
                              f"{new:,} new")

        stats = store_raw_files(con, files, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), report)
        progress(context, f"ingest: {stats.files_scanned:,} files scanned in {raw_folder.raw_dir} in "
                          f"{time.perf_counter() - started:.1f} s: {stats.new_files:,} new"
                          + (f", {stats.scan_issues:,} unreadable (raw.scan_issues)" if stats.scan_issues else ""))
        return dg.MaterializeResult(metadata={
            **table_metadata(con, "raw.decision_files"),
            "raw_dir": raw_folder.raw_dir,
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
def decision_cards(context: dg.AssetExecutionContext, duckdb: Warehouse, raw_folder: RawFolder) -> dg.MaterializeResult:
    """The search result card of every decision fetched from the site (outcome, date, sub-category, summary,
    the page's URL), one row per reference in raw.decision_cards: the facts complete a page from it where the
    page states none. Empty when nothing was fetched."""
    with duckdb.get_connection() as con:
        ensure_tables(con)
        cards = refresh_decision_cards(con, Path(raw_folder.raw_dir))
        progress(context, f"ingest: {cards:,} search result cards of fetched decisions")
        return dg.MaterializeResult(metadata=table_metadata(con, "raw.decision_cards"))


@dg.asset(group_name="ingest", kinds={"python", "duckdb"}, deps=["fetched_pages"], pool=WAREHOUSE_POOL)
def fetch_months(context: dg.AssetExecutionContext, duckdb: Warehouse, raw_folder: RawFolder) -> dg.MaterializeResult:
    """What the site's search listed for each month a fetch walked (its own count, the cards read, the pages
    gone), in raw.fetch_months: marts.fetch_coverage reconciles it with the decisions held. Empty when nothing
    was fetched."""
    with duckdb.get_connection() as con:
        ensure_tables(con)
        months = refresh_fetch_months(con, Path(raw_folder.raw_dir))
        progress(context, f"ingest: {months:,} months walked by fetches")
        return dg.MaterializeResult(metadata=table_metadata(con, "raw.fetch_months"))
