"""The site's front page: find an organisation (a search box that works offline), then the national view:
funnel plots, the uphold rate by year, money, time to decision."""

from __future__ import annotations

import html

import polars as pl

from lgo_pipeline.report.charts import funnel_plot, payments_plot, timeliness_plot
from lgo_pipeline.report.data import ALL_YEARS, Coverage, LeftOut, ReportData
from lgo_pipeline.report.html_parts import chart, link, page, page_name, pounds, table, text

ORGANISATIONS = "organisations"  # the folder of the organisation pages


def _organisation_list(profiles: pl.DataFrame) -> str:
    items = []
    for r in profiles.sort("organisation_name").iter_rows(named=True):
        kind = (r["peer_group"] or r["organisation_type"] or "").replace("_", " ")
        ended = " (abolished)" if r["end_date"] else ""
        items.append(f'<li data-name="{html.escape(r["organisation_name"], quote=True)}">'
                     f'<a href="{ORGANISATIONS}/{page_name(r["organisation_id"])}">{text(r["organisation_name"])}</a> '
                     f'<span class="meta">{text(kind)}{ended} · {r["decisions"]:,}</span></li>')
    return ('<h2>Find an organisation</h2><p><input id="search" type="search" placeholder="Type part of a name, '
            'e.g. Leeds or care" aria-label="Search organisations"> <span id="count" class="note"></span></p>'
            f'<ul id="organisations">{"".join(items)}</ul><script>lgoSearch("search", "organisations", "count");'
            '</script>')


def _largest_payments(data: ReportData) -> str:
    """The largest payment of each category, linked to the decision's published page."""
    rows = [(text(r["category_top"]), pounds(r["max_gbp"]),
             link(r["largest_payment_url"], text(r["largest_payment_reference"])))
            for r in data.payments.iter_rows(named=True)]
    return table(("category", "largest payment", "decision"), rows, text_columns=1, css="narrow")


def _national_trend(data: ReportData) -> str:
    national = data.national
    return chart("national-rate", [{"x": national["financial_year"].to_list(),
                                    "y": national["national_uphold_rate"].to_list(), "mode": "lines+markers",
                                    "name": "all councils"}],
                 {"title": "Uphold rate of all councils by financial year", "yaxis": {"tickformat": ".0%",
                                                                                       "range": [0, 1.05]},
                  "xaxis": {"type": "category"}})


def _coverage(coverage: Coverage | None) -> str:
    """The warehouse against the site, in one sentence: what a researcher needs before quoting a rate."""
    if coverage is None:
        return ""
    gone = f"; {coverage.gone:,} are no longer published" if coverage.gone else ""
    incomplete = (f"{coverage.incomplete_months:,} of its {coverage.months:,} months are incomplete"
                  if coverage.incomplete_months else f"every one of its {coverage.months:,} months is complete")
    return (f'<p class="note" id="coverage">Against the Ombudsman\'s site: the warehouse holds {coverage.held:,} of the '
            f'{coverage.listed:,} decisions the site lists for the months fetched{gone}; {incomplete} (see '
            f'<a href="dictionary.html#marts.fetch_coverage">marts.fetch_coverage</a>).</p>')


def left_out_sentence(decisions: int, left_out: LeftOut) -> str:
    """What the figures leave out, in one sentence (also the run summary's): nothing left out silently."""
    parts = [f"{count:,} of {decisions:,} decisions {what}" for count, what in (
        (left_out.no_outcome, "state no outcome: not in the uphold rates"),
        (left_out.no_date, "have no decision date: in no financial year"),
        (left_out.no_organisation, "name no organisation: on no organisation's page")) if count]
    return "; ".join(parts) + "." if parts else f"Every one of the {decisions:,} decisions has an outcome, a date and an organisation."


def index_page(data: ReportData, profiles: pl.DataFrame, built: str) -> tuple[str, int]:
    """The page's HTML and its number of charts; `profiles`: marts.organisation_profiles, the organisations
    listed; `built`: when."""
    figures = [
        *(funnel_plot(funnel, f"Uphold rate by council, {funnel.label}") for funnel in data.funnels),
        payments_plot(data.payments, f"Payments and refunds by category, {ALL_YEARS} (£, log scale)"),
        timeliness_plot(data.timeliness, "Median days from receipt (estimated from the reference) to decision"),
    ]
    charts = [figure.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})
              for figure in figures]
    funnels = "\n".join(charts[:len(data.funnels)])
    money, time_to_decision = charts[len(data.funnels):]
    body = f"""<h1>Local Government and Social Care Ombudsman decisions</h1>
<p class="subtitle">{data.decisions:,} decisions about {profiles.height:,} organisations, built {built}. Each
organisation has a page: its uphold rate against similar councils, outcomes, remedies, time to decision and
every decision.</p>
<p class="note" id="left-out">{left_out_sentence(data.decisions, data.left_out)} (What each figure leaves out:
<a href="dictionary.html#marts.left_out">marts.left_out</a>.)</p>
{_coverage(data.coverage)}
{_organisation_list(profiles)}
<h2>Uphold rates</h2>
<p class="note">Uphold rate = upheld / detailed investigations (closed-after-initial-enquiries and other
outcomes excluded), as the Ombudsman defines it. The first funnel plot is the latest complete financial year.
Each dot is a council; the middle line is the rate across every council's investigations held here (the
Ombudsman's own national figure only when every decision of the year is held); the lines around it are the
exact 95% and 99.8% limits within which a council with that many investigations falls by chance alone. Dots
beyond the 99.8% lines differ from that rate by more than chance explains; dots inside them do not, however
high or low they look, and where a line is missing, so few investigations cannot be told apart from it at all.
Hover a dot for the council.</p>
{funnels}
{_national_trend(data)}
<h2>Money</h2>
<p class="note">Each payment or refund the body agreed or was asked to make, counted once: the box is the middle
half of the payments, the line in it the median, the whiskers the smallest and the largest.</p>
{money}
{_largest_payments(data)}
<h2>Time to decision</h2>
<p class="note">The receipt date is estimated from the case reference (year and position of the sequence
number); decisions whose estimate falls after the decision date are left out. Hover a bar for the share decided
within 13 weeks.</p>
{time_to_decision}
<p class="note">Every table and column of the warehouse behind these figures: the
<a href="dictionary.html">data dictionary</a>.</p>"""
    return page("LGO decisions", body), len(figures) + 1
