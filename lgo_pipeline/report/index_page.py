"""The site's front page: find an organisation (a search box that works offline), then the national view:
funnel plots, the uphold rate by year, money, time to decision. Every chart is drawn in the browser from the
data given here (templates/index.html)."""

from __future__ import annotations

import polars as pl

from lgo_pipeline.report.data import ALL_YEARS, LeftOut, ReportData
from lgo_pipeline.report.templating import render

ORGANISATIONS = "organisations"  # the folder of the organisation pages
_LARGE = {"height": 520}  # the national charts, given more room than an organisation's


def left_out_sentence(decisions: int, left_out: LeftOut) -> str:
    """What the figures leave out, in one sentence (also the run summary's): nothing left out silently."""
    parts = [f"{count:,} of {decisions:,} decisions {what}" for count, what in (
        (left_out.no_outcome, "state no outcome: not in the uphold rates"),
        (left_out.no_date, "have no decision date: in no financial year"),
        (left_out.no_organisation, "name no organisation: on no organisation's page")) if count]
    return "; ".join(parts) + "." if parts else f"Every one of the {decisions:,} decisions has an outcome, a date and an organisation."


def _organisations(profiles: pl.DataFrame) -> list[dict]:
    return [{"id": r["organisation_id"], "name": r["organisation_name"], "decisions": r["decisions"],
             "kind": (r["peer_group"] or r["organisation_type"] or "").replace("_", " "), "abolished": bool(r["end_date"])}
            for r in profiles.sort("organisation_name").iter_rows(named=True)]


def _national_chart(national: pl.DataFrame) -> tuple[list, dict]:
    return ([{"x": national["financial_year"].to_list(), "y": national["national_uphold_rate"].to_list(),
              "mode": "lines+markers", "name": "all councils"}],
            {"title": "Uphold rate of all councils by financial year", "yaxis": {"tickformat": ".0%", "range": [0, 1.05]},
             "xaxis": {"type": "category"}})


def _no_data(title: str, text: str) -> tuple[list, dict]:
    return [], {**_LARGE, "title": title, "annotations": [{"text": text, "showarrow": False}]}


def _payments_chart(payments: pl.DataFrame) -> tuple[list, dict]:
    """A box per category from the mart's quartiles: the middle half of the payments, the median, the extremes."""
    title = f"Payments and refunds by category, {ALL_YEARS} (£, log scale)"
    if payments.is_empty():
        return _no_data(title, "No payments yet.")
    return ([{"type": "box", "x": [f"{c} ({n})" for c, n in zip(payments["category_top"], payments["payments"])],
              "q1": payments["q1_gbp"].to_list(), "median": payments["median_gbp"].to_list(),
              "q3": payments["q3_gbp"].to_list(), "lowerfence": payments["min_gbp"].to_list(),
              "upperfence": payments["max_gbp"].to_list(), "boxpoints": False}],
            {**_LARGE, "title": title, "yaxis": {"title": "£ per payment", "type": "log"}, "showlegend": False})


def _timeliness_chart(timeliness: pl.DataFrame) -> tuple[list, dict]:
    """Median days from (estimated) receipt to decision each year, investigations apart from the rest."""
    title = "Median days from receipt (estimated from the reference) to decision"
    if timeliness.is_empty():
        return _no_data(title, "No timed decisions yet.")
    traces = []
    for investigation, name in ((True, "detailed investigations"), (False, "other decisions")):
        part = timeliness.filter(pl.col("is_investigation") == investigation)
        traces.append({"type": "bar", "x": part["financial_year"].to_list(), "y": part["median_days"].to_list(),
                       "name": name, "customdata": part["share_within_13_weeks"].to_list(),
                       "hovertemplate": "%{x}: median %{y} days; %{customdata:.0%} within 13 weeks<extra></extra>"})
    return traces, {**_LARGE, "title": title, "yaxis": {"title": "median days"}, "xaxis": {"type": "category"}}


def index_page(data: ReportData, profiles: pl.DataFrame, built: str) -> tuple[str, int]:
    """The page's HTML and its number of charts; `profiles`: marts.organisation_profiles, the organisations
    listed; `built`: when. The funnel plots are drawn from assets/funnel.js, shared with the organisation pages."""
    page = render("index.html", title="LGO decisions", root="", scripts=("funnel.js",), decisions=data.decisions,
                  built=built, left_out=left_out_sentence(data.decisions, data.left_out), coverage=data.coverage,
                  organisations=_organisations(profiles), folder=ORGANISATIONS, funnels=len(data.funnels),
                  national_chart=_national_chart(data.national), payments_chart=_payments_chart(data.payments),
                  largest_payments=data.payments.to_dicts(), timeliness_chart=_timeliness_chart(data.timeliness))
    return page, len(data.funnels) + 3
