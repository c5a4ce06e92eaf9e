from pathlib import Path

import dagster as dg

from lgo_pipeline.defs.metadata import failure_metadata
from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import DecisionSite, RawFolder
from lgo_pipeline.publishing.writer_lock import WarehouseBusy
from lgo_pipeline.quality import NOT_FETCHED_SQL

_SAMPLE = 20  # failed pages and months listed in the check's metadata


@dg.asset(
    group_name="fetch", kinds={"python"},
    check_specs=[dg.AssetCheckSpec("every_listed_page_fetched", asset="fetched_pages",
                                   description="Every month's search read and every listed page fetched (WARN: "
                                               "what was fetched is kept; the next fetch tries the rest again).")],
)
def fetched_pages(context: dg.AssetExecutionContext, raw_folder: RawFolder, decision_site: DecisionSite):
    """Decision pages published on the Ombudsman's site (LGO_SITE_URL), fetched politely into
    LGO_RAW_DIR/lgo.org.uk/<year>/ since the latest decision held (minus eight weeks), with their search result
    cards. Not part of the daily refresh: the fetch_and_refresh job and the weekly_fetch schedule run it."""
    # imported here: the HTTP client's libraries cost every run that loads the definitions, and few fetch
    from lgo_pipeline.fetch.client import Politeness, check_rate
    from lgo_pipeline.fetch.crawler import FetchRequest, fetch_decisions

    try:
        check_rate(decision_site.rate, decision_site.site_url)
        tally = fetch_decisions(
            Path(raw_folder.raw_dir), FetchRequest(site_url=decision_site.site_url),
            Politeness(rate=decision_site.rate), decision_site.contact, progress=lambda line: progress(context, line))
    except (WarehouseBusy, ValueError) as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
    if tally.stopped:
        raise dg.Failure(description=f"fetch stopped: {tally.stopped}; fetched so far: {tally.summary()}; the next "
                                     "fetch resumes where this one stopped", allow_retries=False)
    if tally.nothing_listed:
        raise dg.Failure(description=tally.nothing_listed, allow_retries=False)
    progress(context, f"fetch: {tally.summary()}")
    yield dg.MaterializeResult(metadata={
        **{key: value for key, value in tally.metadata().items() if not isinstance(value, list)},
        "site_url": decision_site.site_url,
    })
    yield dg.AssetCheckResult(
        check_name="every_listed_page_fetched", passed=tally.complete, severity=dg.AssetCheckSeverity.WARN,
        metadata={"failed_pages": len(tally.failed_pages), "incomplete_months": len(tally.incomplete_months),
                  "unlinked": len(tally.unlinked),
                  **failure_metadata(len(tally.failed_pages) + len(tally.incomplete_months) + len(tally.unlinked),
                                     (tally.incomplete_months + tally.failed_pages + tally.unlinked)[:_SAMPLE],
                                     NOT_FETCHED_SQL)})
