"""The page of one organisation: what a complaints officer, a scrutiny committee or a journalist asks of it
first (its uphold rate against similar councils and the national rate, in words and charts), then outcomes by
year and category, remedies, time to decision, every decision with its published page, and the councils it
replaced or that replaced it."""

from __future__ import annotations

import html
import json

import polars as pl

from lgo_pipeline.report.html_parts import interval, link, page, page_name, percent, pounds, table, text
from lgo_pipeline.report.site_data import OrganisationData

ALL_YEARS = "all years"
ALL_CATEGORIES = "all categories"
_FUNNEL_WORDS = {
    "above": "above the funnel's 99.8% limit: its uphold rate is higher than the national rate by more than chance "
             "explains",
    "below": "below the funnel's 99.8% limit: its uphold rate is lower than the national rate by more than chance "
             "explains",
    "within": "within the funnel's 99.8% limits: the difference from the national rate is no more than chance "
              "explains",
}
_OUTCOME_WORDS = {"upheld": "upheld", "not_upheld": "not upheld",
                  "closed_after_initial_enquiries": "closed after initial enquiries"}


def organisation_page(data: OrganisationData, names: dict[str, str], funnel_period: str | None) -> str:
    """The page's HTML. `names`: every organisation with a page, by id (for links to its successors and
    predecessors); `funnel_period`: the year the shared funnel data (assets/funnel.js) shows."""
    profile = data.profile
    name = profile["organisation_name"]
    kind = profile["peer_group"] or profile["organisation_type"] or "organisation"
    sections = [f"<h1>{text(name)}</h1><p class='subtitle'>{text(kind.replace('_', ' '))}"
                + (f" · GSS code {text(profile['gss_code'])}" if profile["gss_code"] else "")
                + f" · {profile['decisions']:,} decisions"
                + (f", {profile['first_financial_year']} to {profile['last_financial_year']}"
                   if profile["first_financial_year"] else "") + "</p>",
                _succession(profile, names),
                _headline(data, funnel_period),
                _rates(data, funnel_period),
                _outcomes(data),
                _remedies(data),
                _timeliness(data),
                _decisions(data)]
    return page(f"{name}: Ombudsman decisions", "\n".join(part for part in sections if part), depth=1,
                scripts=("funnel.js", "benchmarks.js"))


def _succession(profile: dict, names: dict[str, str]) -> str:
    def links(ids: list[str], labels: list[str]) -> str:
        return ", ".join(link(page_name(i) if i in names else None, text(label)) for i, label in zip(ids, labels))

    lines = []
    if profile["successor_organisation_ids"]:
        ended = f" on {profile['end_date']:%d %B %Y}" if profile["end_date"] else ""
        lines.append(f"Abolished{ended}; replaced by "
                     f"{links(profile['successor_organisation_ids'], profile['successor_names'])}.")
    if profile["predecessor_organisation_ids"]:
        lines.append(f"Replaced {links(profile['predecessor_organisation_ids'], profile['predecessor_names'])}: their "
                     "decisions are counted under their own names, on their pages.")
    return f"<p class='note'>{' '.join(lines)}</p>" if lines else ""


def _latest_rate(rates: pl.DataFrame) -> dict | None:
    investigated = rates.filter(pl.col("investigations") > 0).sort("financial_year")
    return investigated.row(-1, named=True) if investigated.height else None


def _headline(data: OrganisationData, funnel_period: str | None) -> str:
    """The first thing a reader sees: the latest year in a few sentences."""
    latest = _latest_rate(data["rates"])
    if latest is None:
        return ("<p class='lead'>No detailed investigation of a complaint about this organisation yet: no uphold "
                "rate to report.</p>")
    year = latest["financial_year"]
    sentences = [f"In {year}, the Ombudsman upheld <b>{latest['upheld']} of {latest['investigations']}</b> detailed "
                 f"investigations ({percent(latest['uphold_rate'])}, 95% interval "
                 f"{interval(latest['uphold_rate_low'], latest['uphold_rate_high'])})"]
    peer_group = data.profile["peer_group"]
    comparisons = ([f"{_benchmark('peer', f'{year}|{peer_group}')} for similar councils"] if peer_group else []) + [
        f"{_benchmark('national', year)} for all councils"]
    sentences[0] += ", against " + " and ".join(comparisons) + "."
    funnel = data["funnel"].filter(pl.col("period") == year)
    if funnel.height:
        sentences.append(f"On that year's funnel plot it is {_FUNNEL_WORDS[funnel['versus_national_99_8'][0]]}.")
    remedies = data["remedies"].filter(pl.col("period") == year)
    if remedies.height and remedies["payments"][0]:
        payments = remedies["payments"][0]
        sentences.append(f"It agreed {payments} {'payment or refund' if payments == 1 else 'payments or refunds'} "
                         f"totalling {pounds(remedies['total_gbp'][0])}.")
    timed = data["timeliness"].filter(pl.col("financial_year") == year)
    if timed.height and timed["median_days"][0] is not None:
        sentences.append(f"Its cases took a median of {timed['median_days'][0]:.0f} days from (estimated) receipt to "
                         f"decision, against {_benchmark('median_days', year)} for all organisations.")
    on_funnel = funnel_period and data["funnel"].filter(pl.col("period") == funnel_period).height
    if on_funnel and funnel_period != year:
        sentences.append(f"(The funnel plot below shows {funnel_period}.)")
    return f"<p class='lead'>{' '.join(sentences)}</p>"


def _rates(data: OrganisationData, funnel_period: str | None) -> str:
    rates = data["rates"].sort("financial_year")
    if rates.is_empty():
        return ""
    own = rates.filter(pl.col("uphold_rate").is_not_null())
    figures = {"years": own["financial_year"].to_list(), "rate": own["uphold_rate"].to_list(),
               "high": own["uphold_rate_high"].to_list(), "low": own["uphold_rate_low"].to_list()}
    parts = ["<h2>Uphold rate</h2>", "<p class='note'>Upheld / detailed investigations, as the Ombudsman defines "
             "it; the bars are the 95% Wilson interval (wide when there are few investigations).</p>",
             f'<div id="uphold-rate" class="chart"></div><script>lgoRateChart("uphold-rate", {json.dumps(figures)}, '
             f'{json.dumps(data.profile["peer_group"])});</script>']
    on_funnel = funnel_period is not None and data["funnel"].filter(pl.col("period") == funnel_period).height
    if on_funnel:
        parts.append(f'<div id="funnel" class="chart"></div><script>lgoFunnel("funnel", '
                     f'{json.dumps(data.profile["organisation_id"])});</script>')
    return "\n".join(parts)


def _outcomes(data: OrganisationData) -> str:
    outcomes, rates = data["outcomes"], data["rates"]
    if outcomes.is_empty():
        return ""
    by_year = outcomes.filter((pl.col("category_top") == ALL_CATEGORIES) & (pl.col("period") != ALL_YEARS))
    by_year = by_year.join(rates.select("financial_year", "uphold_rate", "uphold_rate_low", "uphold_rate_high"),
                           left_on="period", right_on="financial_year", how="left").sort("period", descending=True)
    peer_group = data.profile["peer_group"]
    year_rows = [(r["period"], f"{r['decisions']:,}", f"{r['investigations']:,}", f"{r['upheld']:,}",
                  f"{r['not_upheld']:,}", f"{r['closed_after_initial_enquiries']:,}", f"{r['other_outcomes']:,}",
                  percent(r["uphold_rate"]), interval(r["uphold_rate_low"], r["uphold_rate_high"]),
                  _benchmark("peer", f"{r['period']}|{peer_group}") if peer_group else "–",
                  _benchmark("national", r["period"]))
                 for r in by_year.iter_rows(named=True)]
    by_category = outcomes.filter((pl.col("period") == ALL_YEARS) & (pl.col("category_top") != ALL_CATEGORIES)) \
        .sort("decisions", descending=True)
    category_rows = [(text(r["category_top"]), f"{r['decisions']:,}", f"{r['investigations']:,}", f"{r['upheld']:,}",
                      f"{r['closed_after_initial_enquiries']:,}",
                      percent(r["upheld"] / r["investigations"]) if r["investigations"] else "–")
                     for r in by_category.iter_rows(named=True)]
    return ("<h2>Decisions and outcomes</h2>"
            + table(("year", "decisions", "investigations", "upheld", "not upheld", "closed after initial enquiries",
                     "other", "uphold rate", "95% interval", "similar councils", "all councils"), year_rows)
            + "<h3>By category, all years</h3>"
            + table(("category", "decisions", "investigations", "upheld", "closed after initial enquiries",
                     "uphold rate"), category_rows))


def _remedies(data: OrganisationData) -> str:
    remedies = data["remedies"].sort("period", descending=True)
    if remedies.is_empty():
        return "<h2>Remedies</h2><p class='note'>No remedy recorded.</p>"
    rows = [(text(r["period"]), f"{r['decisions_with_remedy']:,}", f"{r['payments']:,}", pounds(r["total_gbp"]),
             pounds(r["median_gbp"]),
             link(r["largest_payment_url"], pounds(r["max_gbp"])) if r["max_gbp"] is not None else "–",
             f"{r['apologies']:,}", f"{r['reassessments']:,}", f"{r['procedure_reviews']:,}", f"{r['staff_training']:,}",
             f"{r['other_actions']:,}")
            for r in remedies.iter_rows(named=True)]
    return ("<h2>Remedies</h2><p class='note'>What the organisation agreed, or was asked, to do. Payments and "
            "refunds each counted once; service improvements are the procedure reviews.</p>"
            + table(("year", "decisions with a remedy", "payments and refunds", "total", "median", "largest",
                     "apologies", "reassessments", "procedure reviews", "staff training", "other"), rows))


def _timeliness(data: OrganisationData) -> str:
    timed = data["timeliness"].sort("financial_year")
    if timed.is_empty() or timed["median_days"].is_null().all():
        return ""
    figures = {"years": timed["financial_year"].to_list(), "median_days": timed["median_days"].to_list()}
    rows = [(r["financial_year"], f"{r['decisions_timed']:,}", text(_days(r["median_days"])),
             _benchmark("median_days", r["financial_year"]), percent(r["share_within_13_weeks"]),
             _benchmark("within_13_weeks", r["financial_year"]))
            for r in timed.sort("financial_year", descending=True).iter_rows(named=True)]
    return ("<h2>Time to decision</h2><p class='note'>Days from the receipt of the complaint (estimated from its "
            "reference) to the decision.</p>"
            + f'<div id="time-to-decision" class="chart"></div><script>lgoTimeChart("time-to-decision", '
              f'{json.dumps(figures)});</script>'
            + table(("year", "decisions timed", "median days", "all organisations", "within 13 weeks",
                     "all organisations"), rows))


def _benchmark(name: str, key: str) -> str:
    """A figure of every organisation (assets/benchmarks.js), filled in by the browser: the page itself holds
    its own organisation's figures only, so it is written again only when they change."""
    return f'<span data-benchmark="{name}" data-key="{html.escape(key, quote=True)}">–</span>'


def _days(value: float | None) -> str | None:
    return None if value is None else f"{value:.0f}"


def _decisions(data: OrganisationData) -> str:
    decisions = data["decisions"]
    rows = [(link(r["source_url"], text(r["reference"])), text(r["decision_date"]),
             text(" > ".join(part for part in (r["category_top"], r["category_sub"]) if part) or None),
             text(_OUTCOME_WORDS.get(r["outcome_canonical"], r["outcome_canonical"].replace("_", " "))),
             f"{r['payments']:,}" if r["payments"] else "", pounds(r["remedy_total_gbp"]) if r["payments"] else "")
            for r in decisions.iter_rows(named=True)]
    return (f"<h2>Decisions ({decisions.height:,})</h2><p class='note'>Newest first; each reference links to the "
            "decision as the Ombudsman published it.</p>"
            + table(("reference", "decided", "category", "outcome", "payments", "total"), rows, text_columns=4))
