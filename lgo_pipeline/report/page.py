"""Assemble the report page: charts, the council table, and how to read them; written atomically."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from lgo_pipeline.report.charts import funnel_plot, payments_plot, timeliness_plot
from lgo_pipeline.report.data import ALL_YEARS, ReportData, read_report_data


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    bytes: int
    councils: int
    organisations: int
    charts: int


def _fmt(value: object, kind: str = "") -> str:
    if value is None:
        return "–"
    if kind == "rate":
        return f"{value:.0%}"
    return html.escape(str(value))


def _table(rates: pl.DataFrame) -> str:
    """Every organisation and year with its rate, interval and the peer and national rates beside it."""
    head = ("organisation", "type", "year", "decisions", "investigations", "upheld", "uphold rate", "95% interval",
            "peer rate", "vs peers", "national rate")
    rows = []
    for r in rates.iter_rows(named=True):
        interval = (f"{r['uphold_rate_low']:.0%}–{r['uphold_rate_high']:.0%}" if r["uphold_rate_low"] is not None else "–")
        versus = ""
        if r["uphold_rate"] is not None and r["peer_uphold_rate"] is not None:
            versus = f"{(r['uphold_rate'] - r['peer_uphold_rate']) * 100:+.0f} pts"
        cells = (_fmt(r["organisation_name"]), _fmt(r["peer_group"] or r["organisation_type"]),
                 _fmt(r["financial_year"]), _fmt(r["decisions"]), _fmt(r["investigations"]), _fmt(r["upheld"]),
                 _fmt(r["uphold_rate"], "rate"), interval, _fmt(r["peer_uphold_rate"], "rate"), versus,
                 _fmt(r["national_uphold_rate"], "rate"))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
            + "\n".join(rows) + "</tbody></table>")


def _largest_payments(payments: pl.DataFrame) -> str:
    """The largest payment of each category, linked to the decision's published page."""
    rows = []
    for r in payments.iter_rows(named=True):
        reference = _fmt(r["largest_payment_reference"])
        link = (f'<a href="{html.escape(r["largest_payment_url"], quote=True)}">{reference}</a>'
                if r["largest_payment_url"] else reference)
        rows.append(f"<tr><td>{_fmt(r['category_top'])}</td><td>£{r['max_gbp']:,.2f}</td><td>{link}</td></tr>")
    return ("<table class='narrow'><thead><tr><th>category</th><th>largest payment</th><th>decision</th></tr></thead>"
            "<tbody>" + "\n".join(rows) + "</tbody></table>")


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1150px; color: #222; }
table { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: right; }
th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
thead th { position: sticky; top: 0; background: #f5f5f5; }
.note { color: #555; font-size: 0.9rem; }
table.narrow { width: auto; }
"""


def render(data: ReportData) -> tuple[str, int]:
    """The page's HTML and its number of charts."""
    figures = [
        *(funnel_plot(funnel, f"Uphold rate by council, {funnel.period}") for funnel in data.funnels),
        payments_plot(data.payments, f"Payments and refunds by category, {ALL_YEARS} (£, log scale)"),
        timeliness_plot(data.timeliness, "Median days from receipt (estimated from the reference) to decision"),
    ]
    charts = [figure.to_html(full_html=False, include_plotlyjs=(index == 0), config={"displaylogo": False})
              for index, figure in enumerate(figures)]
    funnels = "\n".join(charts[:len(data.funnels)])
    money, time_to_decision = charts[len(data.funnels):]
    body = f"""<h1>Local Government and Social Care Ombudsman decisions</h1>
<p class="note">Uphold rate = upheld / detailed investigations (closed-after-initial-enquiries and other
outcomes excluded), as the Ombudsman defines it. Funnel plot: each dot is a council; the lines are the 95% and
99.8% limits around the national rate within which a council with that many investigations would fall by
chance alone. Dots outside the 99.8% lines differ from the national rate by more than chance explains; dots
inside them do not, however high or low they look. Hover a dot for the council.</p>
{funnels}
<h2>Money</h2>
<p class="note">Each payment or refund the body agreed or was asked to make, counted once: the box is the middle
half of the payments, the line in it the median, the whiskers the smallest and the largest.</p>
{money}
{_largest_payments(data.payments)}
<h2>Time to decision</h2>
<p class="note">The receipt date is estimated from the case reference (year and position of the sequence
number); decisions whose estimate falls after the decision date are left out. Hover a bar for the share decided
within 13 weeks.</p>
{time_to_decision}
<h2>Councils and peers</h2>
<p class="note">Peer rate: councils of the same type (county, district, unitary, metropolitan borough, London
borough) in the same year. "vs peers" is the difference in percentage points.</p>
{_table(data.rates)}"""
    page = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>LGO decisions report</title>"
            f"<style>{_STYLE}</style></head><body>{body}</body></html>\n")
    return page, len(figures)


def build_report(con: duckdb.DuckDBPyConnection, path: Path) -> ReportSummary:
    """Write the report to `path` (the previous one stays until the new one is complete)."""
    data = read_report_data(con)
    page, charts = render(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, path)
    return ReportSummary(path, len(page.encode()), data.funnels[-1].councils.height,
                         data.rates["organisation_name"].n_unique(), charts)
