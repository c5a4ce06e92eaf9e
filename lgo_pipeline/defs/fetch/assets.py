import datetime as dt
from pathlib import Path

import dagster as dg

from lgo_pipeline.defs.metadata import failure_metadata, summary_metadata
from lgo_pipeline.defs.progress import progress
from lgo_pipeline.defs.resources import DecisionSite, RawFolder
from lgo_pipeline.publishing.writer_lock import WarehouseBusy
from lgo_pipeline.quality import NOT_FETCHED_SQL

_SAMPLE = 20  # failed pages and months listed in the check's metadata


class FetchConfig(dg.Config):
    """What to fetch, as `lgo-pipeline run --fetch` passes its options; by default everything published since
    the latest decision held (minus eight weeks)."""

    since: str | None = None  # YYYY-MM-DD
    until: str | None = None  # YYYY-MM-DD; default today
    organisation: str = ""  # only decisions about organisations matching it
    max_pages: int | None = None  # ask for at most this many decision pages (to try it out)


def _failure(outcome: str, error: str, lines: list[str] = ()) -> dg.Failure:
    """A fetch that refreshes nothing: why, also for `lgo-pipeline run --fetch` (its exit code, its lines)."""
    return dg.Failure(description=error, allow_retries=False, metadata=summary_metadata(
        fetch_outcome=outcome, fetch_error=error, fetch_lines=dg.MetadataValue.json(list(lines))))


@dg.asset(
    group_name="fetch", kinds={"python"},
    check_specs=[dg.AssetCheckSpec("every_listed_page_fetched", asset="fetched_pages",
                                   description="Every month's search read and every listed page fetched (WARN: "
                                               "what was fetched is kept; the next fetch tries the rest again; "
                                               "ERROR when the fetch stopped early).")],
)
def fetched_pages(context: dg.AssetExecutionContext, config: FetchConfig, raw_folder: RawFolder,
                  decision_site: DecisionSite):
    """Decision pages published on the Ombudsman's site (LGO_SITE_URL), fetched politely into
    LGO_RAW_DIR/lgo.org.uk/<year>/ since the latest decision held (minus eight weeks), with their search result
    cards. Not part of the daily refresh: the fetch_and_refresh job (also what `lgo-pipeline run --fetch`
    runs) and the weekly_fetch schedule run it. A fetch stopped early (the site failing, --max-pages) keeps
    what it fetched, which the refresh then builds, and fails its check at ERROR; a search that lists nothing
    fails the step, so nothing is refreshed from it."""
    # imported here: the HTTP client's libraries cost every run that loads the definitions, and few fetch
    from lgo_pipeline.fetch.client import Politeness, check_rate
    from lgo_pipeline.fetch.crawler import FetchRequest, fetch_decisions

    raw_dir = Path(raw_folder.raw_dir)
    try:
        check_rate(decision_site.rate, decision_site.site_url)
        request = FetchRequest(decision_site.site_url, _date(config.since), _date(config.until), config.organisation,
                               config.max_pages)
        tally = fetch_decisions(raw_dir, request, Politeness(rate=decision_site.rate), decision_site.contact,
                                progress=lambda line: progress(context, line))
    except WarehouseBusy as busy:
        raise _failure("busy", str(busy)) from None
    except ValueError as error:
        raise _failure("refused", str(error)) from None
    if tally.nothing_listed:
        raise _failure(tally.outcome, tally.nothing_listed, tally.report_lines(raw_dir))
    progress(context, f"fetch: {tally.summary()}" + (f"; stopped: {tally.stopped}" if tally.stopped else ""))
    yield dg.MaterializeResult(metadata={
        **{key: value for key, value in tally.metadata().items() if not isinstance(value, list)},
        "site_url": decision_site.site_url,
        **summary_metadata(fetch_outcome=tally.outcome, fetch_lines=dg.MetadataValue.json(tally.report_lines(raw_dir))),
    })
    yield dg.AssetCheckResult(
        check_name="every_listed_page_fetched", passed=tally.complete,
        severity=dg.AssetCheckSeverity.ERROR if tally.stopped else dg.AssetCheckSeverity.WARN,
        metadata={"failed_pages": len(tally.failed_pages), "incomplete_months": len(tally.incomplete_months),
                  "unlinked": len(tally.unlinked),
                  **failure_metadata(len(tally.failed_pages) + len(tally.incomplete_months) + len(tally.unlinked),
                                     (tally.incomplete_months + tally.failed_pages + tally.unlinked)[:_SAMPLE],
                                     NOT_FETCHED_SQL)})


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
