"""The page of one organisation: what a complaints officer, a scrutiny committee or a journalist asks of it
first (its uphold rate against similar councils and the national rate, in words and charts), then outcomes by
year and category, remedies, time to decision, every decision with its published page, and the councils it
replaced or that replaced it."""

from __future__ import annotations

import html
import json

from lgo_pipeline.report.html_parts import (interval, is_part_year, link, page, page_name, percent, pounds, table, text,
                                            year_label)
from lgo_pipeline.report.data import ALL_YEARS
from lgo_pipeline.report.site_data import OrganisationData

ALL_CATEGORIES = "all categories"
FUNNEL_SENTENCES = {  # the exact binomial test's verdict at 99.8% (marts.council_funnel), as a reader is told it
    "above": "On that year's funnel plot it is above the 99.8% limit: its uphold rate is higher than the rate across "
             "all councils by more than chance explains.",
    "below": "On that year's funnel plot it is below the 99.8% limit: its uphold rate is lower than the rate across "
             "all councils by more than chance explains.",
    "within": "On that year's funnel plot it is within the 99.8% limits: the difference from the rate across all "
              "councils is no more than chance explains.",
    "too few to tell": "On that year's funnel plot it has too few investigations to tell whether its uphold rate "
                       "differs from the rate across all councils by more than chance.",
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
                _compliance(data),
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


def _latest_rate(rates: list[dict]) -> dict | None:
    """The latest complete financial year with an investigation; the part year only when it is all there is."""
    investigated = [r for r in rates if r["investigations"]]
    complete = [r for r in investigated if not is_part_year(r["financial_year"])]
    return max(complete or investigated, key=lambda r: r["financial_year"]) if investigated else None


def _row(rows: list[dict], column: str, value: object) -> dict | None:
    return next((r for r in rows if r[column] == value), None)


def _headline(data: OrganisationData, funnel_period: str | None) -> str:
    """The first thing a reader sees: the latest year in a few sentences."""
    latest = _latest_rate(data["rates"])
    if latest is None:
        return ("<p class='lead'>No detailed investigation of a complaint about this organisation yet: no uphold "
                "rate to report.</p>")
    year = latest["financial_year"]
    sentences = [f"In {year_label(year)}, the Ombudsman upheld <b>{latest['upheld']} of {latest['investigations']}</b> detailed "
                 f"investigations ({percent(latest['uphold_rate'])}, 95% interval "
                 f"{interval(latest['uphold_rate_low'], latest['uphold_rate_high'])})"]
    peer_group = data.profile["peer_group"]
    comparisons = ([f"{_benchmark('peer', f'{year}|{peer_group}')} for similar councils"] if peer_group else []) + [
        f"{_benchmark('national', year)} across all councils' investigations held"]
    sentences[0] += ", against " + " and ".join(comparisons) + "."
    funnel = _row(data["funnel"], "period", year)
    if funnel:
        sentences.append(FUNNEL_SENTENCES[funnel["versus_national_99_8"]])
    provision = _row(data["provision"], "period", year)
    if provision and provision["upheld"]:
        sentences.append(f"In {provision['upheld_remedied_by_body']} of its {provision['upheld']} upheld cases "
                         f"({percent(provision['share_remedied_by_body'])}) it had already provided a satisfactory remedy "
                         "before the Ombudsman's decision.")
    remedies = _row(data["remedies"], "period", year)
    if remedies and remedies["payments"]:
        payments = remedies["payments"]
        sentences.append(f"It agreed {payments} {'payment or refund' if payments == 1 else 'payments or refunds'} "
                         f"totalling {pounds(remedies['total_gbp'])}.")
    timed = _row(data["timeliness"], "financial_year", year)
    if timed and timed["median_days"] is not None:
        sentences.append(f"Its cases took a median of {timed['median_days']:.0f} days from (estimated) receipt to "
                         f"decision, against {_benchmark('median_days', year)} for all organisations.")
    if _on_funnel(data, funnel_period) and funnel_period != year:
        sentences.append(f"(The funnel plot below shows {funnel_period}.)")
    return f"<p class='lead'>{' '.join(sentences)}</p>"


def _compliance(data: OrganisationData) -> str:
    """The share of agreed remedies whose page records the Ombudsman was satisfied they were done (older pages
    state it; newer ones do not)."""
    overall = _row(data["provision"], "period", ALL_YEARS)
    if not overall or not overall["agreed_remedies_compliance_recorded"]:
        return ""
    return (f"<p class='note'>Of the {overall['agreed_remedies']:,} remedies it agreed or was asked to give, the "
            f"decision pages of {overall['agreed_remedies_compliance_recorded']:,} "
            f"({percent(overall['share_compliance_recorded'])}) record the date the Ombudsman was satisfied it had "
            "complied (older pages state it; newer ones do not, so the rest may well have been done).</p>")


def _on_funnel(data: OrganisationData, funnel_period: str | None) -> bool:
    return funnel_period is not None and _row(data["funnel"], "period", funnel_period) is not None


def _rates(data: OrganisationData, funnel_period: str | None) -> str:
    if not data["rates"]:
        return ""
    own = sorted((r for r in data["rates"] if r["uphold_rate"] is not None), key=lambda r: r["financial_year"])
    figures = {"years": [r["financial_year"] for r in own], "rate": [r["uphold_rate"] for r in own],
               "high": [r["uphold_rate_high"] for r in own], "low": [r["uphold_rate_low"] for r in own]}
    parts = ["<h2>Uphold rate</h2>", "<p class='note'>Upheld / detailed investigations, as the Ombudsman defines "
             "it; the bars are the 95% Wilson interval (wide when there are few investigations).</p>",
             f'<div id="uphold-rate" class="chart"></div><script>lgoRateChart("uphold-rate", {json.dumps(figures)}, '
             f'{json.dumps(data.profile["peer_group"])});</script>']
    if _on_funnel(data, funnel_period):
        parts.append(f'<div id="funnel" class="chart"></div><script>lgoFunnel("funnel", '
                     f'{json.dumps(data.profile["organisation_id"])});</script>')
    return "\n".join(parts)


def _outcomes(data: OrganisationData) -> str:
    outcomes = data["outcomes"]
    if not outcomes:
        return ""
    rates = {r["financial_year"]: r for r in data["rates"]}
    peer_group = data.profile["peer_group"]
    year_rows = []
    for r in sorted((r for r in outcomes if r["category_top"] == ALL_CATEGORIES and r["period"] != ALL_YEARS),
                    key=lambda r: r["period"], reverse=True):
        rate = rates.get(r["period"], {})
        year_rows.append((year_label(r["period"]), f"{r['decisions']:,}", f"{r['investigations']:,}", f"{r['upheld']:,}",
                          f"{r['not_upheld']:,}", f"{r['closed_after_initial_enquiries']:,}",
                          f"{r['other_outcomes']:,}", percent(rate.get("uphold_rate")),
                          interval(rate.get("uphold_rate_low"), rate.get("uphold_rate_high")),
                          _benchmark("peer", f"{r['period']}|{peer_group}") if peer_group else "–",
                          _benchmark("national", r["period"])))
    category_rows = [(text(r["category_top"]), f"{r['decisions']:,}", f"{r['investigations']:,}", f"{r['upheld']:,}",
                      f"{r['closed_after_initial_enquiries']:,}",
                      percent(r["upheld"] / r["investigations"]) if r["investigations"] else "–")
                     for r in sorted((r for r in outcomes
                                      if r["period"] == ALL_YEARS and r["category_top"] != ALL_CATEGORIES),
                                     key=lambda r: -r["decisions"])]
    return ("<h2>Decisions and outcomes</h2>"
            + table(("year", "decisions", "investigations", "upheld", "not upheld", "closed after initial enquiries",
                     "other", "uphold rate", "95% interval", "similar councils", "all councils held"), year_rows)
            + "<h3>By category, all years</h3>"
            + table(("category", "decisions", "investigations", "upheld", "closed after initial enquiries",
                     "uphold rate"), category_rows))


def _remedies(data: OrganisationData) -> str:
    remedies = sorted(data["remedies"], key=lambda r: r["period"], reverse=True)
    if not remedies:
        return "<h2>Remedies</h2><p class='note'>No remedy recorded.</p>"
    rows = [(text(year_label(r["period"])), f"{r['decisions_with_remedy']:,}", f"{r['payments']:,}", pounds(r["total_gbp"]),
             pounds(r["median_gbp"]),
             link(r["largest_payment_url"], pounds(r["max_gbp"])) if r["max_gbp"] is not None else "–",
             f"{r['apologies']:,}", f"{r['reassessments']:,}", f"{r['procedure_reviews']:,}", f"{r['staff_training']:,}",
             f"{r['other_actions']:,}")
            for r in remedies]
    return ("<h2>Remedies</h2><p class='note'>What the organisation agreed, or was asked, to do. Payments and "
            "refunds each counted once; service improvements are the procedure reviews.</p>"
            + table(("year", "decisions with a remedy", "payments and refunds", "total", "median", "largest",
                     "apologies", "reassessments", "procedure reviews", "staff training", "other"), rows))


def _timeliness(data: OrganisationData) -> str:
    timed = sorted(data["timeliness"], key=lambda r: r["financial_year"])
    if all(r["median_days"] is None for r in timed):
        return ""
    figures = {"years": [r["financial_year"] for r in timed], "median_days": [r["median_days"] for r in timed]}
    rows = [(year_label(r["financial_year"]), f"{r['decisions_timed']:,}", text(_days(r["median_days"])),
             _benchmark("median_days", r["financial_year"]), percent(r["share_within_13_weeks"]),
             _benchmark("within_13_weeks", r["financial_year"]))
            for r in reversed(timed)]
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
    """Every decision, newest first: the longest part of a page (hundreds of rows), so written row by row
    without the generic table helper."""
    rows = []
    for r in data["decisions"]:
        reference = html.escape(r["reference"])
        url = r["source_url"]
        category = " > ".join(part for part in (r["category_top"], r["category_sub"]) if part)
        paid = r["payments"]
        linked = f'<a href="{html.escape(url)}">{reference}</a>' if url else reference
        outcome = _OUTCOME_WORDS.get(r["outcome_canonical"]) or r["outcome_canonical"].replace("_", " ")
        rows.append(f'<tr><td class="text">{linked}</td><td class="text">{r["decision_date"] or "–"}</td>'
                    f'<td class="text">{html.escape(category) if category else "–"}</td><td class="text">{outcome}'
                    f'</td><td>{paid or ""}</td><td>{pounds(r["remedy_total_gbp"]) if paid else ""}</td></tr>')
    head = "".join(f'<th class="text">{h}</th>' for h in ("reference", "decided", "category", "outcome")) + \
        "<th>payments</th><th>total</th>"
    return (f"<h2>Decisions ({len(rows):,})</h2><p class='note'>Newest first; each reference links to the decision "
            f"as the Ombudsman published it.</p><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}"
            "</tbody></table>")
