"""How the site writes numbers, years and file names: plain text, which the templates escape where they put
it (report.templating)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

ASSETS = "assets"
REUSE_TERMS = "https://www.lgo.org.uk/copyright"
CREDIT = ("Source: decisions published by the Local Government and Social Care Ombudsman, © Commission for Local "
          "Administration in England, re-used under its")
NONE = "–"  # what a cell shows for no value


def is_part_year(financial_year: str) -> bool:
    """`2026-27` on 3 December 2026: the financial year still running, whose figures are a part year."""
    today = dt.date.today()
    start = today.year if today.month >= 4 else today.year - 1
    return financial_year[:4].isdigit() and int(financial_year[:4]) >= start


def year_label(financial_year: str) -> str:
    return f"{financial_year} (part year)" if is_part_year(financial_year) else financial_year


def text(value: object) -> object:
    """A value as a cell shows it: `–` for none."""
    return NONE if value is None else value


def count(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def percent(value: float | None) -> str:
    return NONE if value is None else f"{value:.0%}"


def pounds(value: float | None) -> str:
    return NONE if value is None else f"£{value:,.0f}" if value == int(value) else f"£{value:,.2f}"


def days(value: float | None) -> str:
    return NONE if value is None else f"{value:.0f}"


def interval(low: float | None, high: float | None) -> str:
    return NONE if low is None or high is None else f"{low:.0%}–{high:.0%}"


def page_name(organisation_id: str) -> str:
    """The file of an organisation's page, from its id: readable, and distinct for ids that differ only in
    characters a file name drops."""
    readable = re.sub(r"[^a-z0-9]+", "-", organisation_id.lower()).strip("-") or "organisation"
    if readable == organisation_id.lower():
        return f"{readable}.html"
    return f"{readable}-{hashlib.sha1(organisation_id.encode()).hexdigest()[:8]}.html"
