"""The page of one organisation: what a complaints officer, a scrutiny committee or a journalist asks of it
first (its uphold rate against similar councils and the national rate, in words and charts), then outcomes by
year and category, remedies, time to decision, every decision with its published page, and the councils it
replaced or that replaced it. This module picks the rows; templates/organisation.html writes them."""

from __future__ import annotations

from lgo_pipeline.report.data import ALL_CATEGORIES, ALL_YEARS
from lgo_pipeline.report.formatting import NONE, is_part_year, pounds
from lgo_pipeline.report.site_data import OrganisationData
from lgo_pipeline.report.templating import render

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
_NO_RATE = {"uphold_rate": None, "uphold_rate_low": None, "uphold_rate_high": None}


def organisation_page(data: OrganisationData, names: dict[str, str], funnel_period: str | None) -> str:
    """The page's HTML. `names`: every organisation with a page, by id (for links to its successors and
    predecessors); `funnel_period`: the year the first funnel of the shared data (assets/funnel.js) shows."""
    profile = data.profile
    latest = _latest_rate(data["rates"])
    year = latest["financial_year"] if latest else None
    funnel = _row(data["funnel"], "period", year)
    timed = sorted(data["timeliness"], key=lambda r: r["financial_year"])
    compliance = _row(data["provision"], "period", ALL_YEARS)
    return render(
        "organisation.html", title=f"{profile['organisation_name']}: Ombudsman decisions", root="../",
        scripts=("funnel.js", "benchmarks.js"), profile=profile, with_pages=names,
        kind=(profile["peer_group"] or profile["organisation_type"] or "organisation").replace("_", " "),
        latest=latest, funnel_sentence=FUNNEL_SENTENCES[funnel["versus_national_99_8"]] if funnel else None,
        provision=_row(data["provision"], "period", year), remedies_of_year=_row(data["remedies"], "period", year),
        timed_of_year=_row(data["timeliness"], "financial_year", year),
        on_funnel=funnel_period is not None and _row(data["funnel"], "period", funnel_period) is not None,
        funnel_period=funnel_period,
        compliance=compliance if compliance and compliance["agreed_remedies_compliance_recorded"] else None,
        rates=data["rates"], rate_figures=_rate_figures(data["rates"]),
        **_outcomes(data),
        remedies=sorted(data["remedies"], key=lambda r: r["period"], reverse=True),
        timeliness=list(reversed(timed)) if any(r["median_days"] is not None for r in timed) else [],
        time_figures={"years": [r["financial_year"] for r in timed], "median_days": [r["median_days"] for r in timed]},
        decisions=[_decision(r) for r in data["decisions"]],
    )


def _latest_rate(rates: list[dict]) -> dict | None:
    """The latest complete financial year with an investigation; the part year only when it is all there is."""
    investigated = [r for r in rates if r["investigations"]]
    complete = [r for r in investigated if not is_part_year(r["financial_year"])]
    return max(complete or investigated, key=lambda r: r["financial_year"]) if investigated else None


def _row(rows: list[dict], column: str, value: object) -> dict | None:
    return next((r for r in rows if r[column] == value), None) if value is not None else None


def _rate_figures(rates: list[dict]) -> dict:
    own = sorted((r for r in rates if r["uphold_rate"] is not None), key=lambda r: r["financial_year"])
    return {"years": [r["financial_year"] for r in own], "rate": [r["uphold_rate"] for r in own],
            "high": [r["uphold_rate_high"] for r in own], "low": [r["uphold_rate_low"] for r in own]}


def _outcomes(data: OrganisationData) -> dict:
    """Outcomes by year (newest first, with the year's rate) and, over all years, by category (most first)."""
    rates = {r["financial_year"]: r for r in data["rates"]}
    years = [{**r, "rate": rates.get(r["period"], _NO_RATE)}
             for r in sorted((r for r in data["outcomes"] if r["category_top"] == ALL_CATEGORIES and r["period"] != ALL_YEARS),
                             key=lambda r: r["period"], reverse=True)]
    categories = sorted((r for r in data["outcomes"] if r["period"] == ALL_YEARS and r["category_top"] != ALL_CATEGORIES),
                        key=lambda r: -r["decisions"])
    return {"has_outcomes": bool(data["outcomes"]), "years": years, "categories": categories}


def _decision(r: dict) -> tuple:
    """A row of the longest table (hundreds a page), as the template unpacks it: (reference, its published
    page, decided, category, outcome, payments, their total), each as its cell shows it."""
    category = " > ".join(part for part in (r["category_top"], r["category_sub"]) if part)
    paid = r["payments"]
    return (r["reference"], r["source_url"], r["decision_date"] or NONE, category or NONE,
            _OUTCOME_WORDS.get(r["outcome_canonical"]) or r["outcome_canonical"].replace("_", " "),
            paid or "", pounds(r["remedy_total_gbp"]) if paid else "")
