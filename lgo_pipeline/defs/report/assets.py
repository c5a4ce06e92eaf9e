import dagster as dg

from lgo_pipeline.defs.metadata import summary_metadata
from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import WAREHOUSE_POOL, WarehouseWriter
from lgo_pipeline.defs.sql.assets import SQL_PROJECT, sql_models
from lgo_pipeline.report.site import build_site
from lgo_pipeline.tunables import Tunables


@dg.asset(group_name="report", kinds={"html", "plotly"}, deps=sql_models.keys, pool=WAREHOUSE_POOL)
def warehouse_report(context: dg.AssetExecutionContext, warehouse: WarehouseWriter,
                     tunables: dg.ResourceParam[Tunables]) -> dg.MaterializeResult:
    """The report, a small offline site: an index with funnel plots of uphold rates (95% and 99.8% limits),
    money and time to decision and a search box; a page per organisation (its uphold rate against similar
    councils and the national rate, outcomes, remedies, time to decision, every decision linked to its
    published page, predecessors and successors); a data dictionary. Built beside the working copy and
    published with the warehouse (data/report/index.html by default); pages whose figures did not change are
    reused, and when nothing changed the published site stays."""
    with warehouse.connection() as con:
        site = build_site(con, SQL_PROJECT, warehouse.files.work_report, warehouse.files.published_report, tunables)
    if site.built:
        progress(context, f"report: {site.pages_written:,} organisation pages written, {site.pages_linked:,} "
                          f"unchanged, {site.bytes / 1e6:.1f} MB in {site.seconds:.1f} s")
    else:
        progress(context, "report: nothing it shows changed; the published site stays")
    return dg.MaterializeResult(metadata={
        "index": dg.MetadataValue.path(str(site.index)),
        "open": dg.MetadataValue.url(site.index.resolve().as_uri()),
        "built": site.built,
        "pages_written": site.pages_written,
        "pages_linked": site.pages_linked,
        "bytes_written": site.bytes,
        "seconds": round(site.seconds, 2),
        "charts_on_index": site.charts_on_index,
        **summary_metadata(left_out=site.left_out),
    })
