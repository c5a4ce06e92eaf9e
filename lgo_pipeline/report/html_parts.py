"""What every page of the site shares: the frame (head, navigation, shared assets), tables, and how numbers
are written."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Iterable

ASSETS = "assets"
REUSE_TERMS = "https://www.lgo.org.uk/copyright"
CREDIT = ("Source: decisions published by the Local Government and Social Care Ombudsman, © Commission for Local "
          "Administration in England, re-used under its")


def is_part_year(financial_year: str) -> bool:
    """`2026-27` on 3 December 2026: the financial year still running, whose figures are a part year."""
    today = dt.date.today()
    start = today.year if today.month >= 4 else today.year - 1
    return financial_year[:4].isdigit() and int(financial_year[:4]) >= start


def year_label(financial_year: str) -> str:
    return f"{financial_year} (part year)" if is_part_year(financial_year) else financial_year


def text(value: object) -> str:
    """A value for a cell: `–` for none, escaped."""
    return "–" if value is None else html.escape(str(value))


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def pounds(value: float | None) -> str:
    return "–" if value is None else f"£{value:,.0f}" if value == int(value) else f"£{value:,.2f}"


def interval(low: float | None, high: float | None) -> str:
    return "–" if low is None or high is None else f"{low:.0%}–{high:.0%}"


def link(url: str | None, label: str) -> str:
    """`label` (already HTML) as a link when there is somewhere to go."""
    return f'<a href="{html.escape(url, quote=True)}">{label}</a>' if url else label


def table(head: Iterable[str], rows: Iterable[Iterable[str]], text_columns: int = 1, css: str = "") -> str:
    """Rows of ready HTML cells; the first `text_columns` columns are left-aligned."""
    def cells(values: Iterable[str], tag: str) -> str:
        return "".join(f'<{tag} class="text">{v}</{tag}>' if i < text_columns else f"<{tag}>{v}</{tag}>"
                       for i, v in enumerate(values))

    body = "\n".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{cells(head, "th")}</tr></thead><tbody>{body}</tbody></table>'


def chart(element_id: str, data: list[dict], layout: dict) -> str:
    """A chart drawn in the browser by the shared plotting library from its data (no Python plotting: a page
    of a thousand is written in a millisecond)."""
    return (f'<div id="{element_id}" class="chart"></div>'
            f"<script>lgoPlot({json.dumps(element_id)}, {json.dumps(data)}, {json.dumps(layout)});</script>")


def page(title: str, body: str, depth: int = 0, scripts: Iterable[str] = ()) -> str:
    """A whole page; `depth` folders below the site's root (the shared assets are found relative to it)."""
    root = "../" * depth
    extra = "".join(f'<script src="{root}{ASSETS}/{name}"></script>' for name in scripts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="stylesheet" href="{root}{ASSETS}/site.css">'
            f'<script src="{root}{ASSETS}/plotly.min.js"></script><script src="{root}{ASSETS}/site.js"></script>'
            f'{extra}</head><body><nav class="site"><a href="{root}index.html">All organisations and national '
            f'figures</a><a href="{root}dictionary.html">Data dictionary</a></nav>\n{body}\n'
            f'<footer class="credit"><p>{CREDIT} <a href="{REUSE_TERMS}">terms of re-use</a>. Every decision links '
            f'to the page it was published on.</p><p id="build" class="note"></p></footer>'
            f'<script src="{root}{ASSETS}/build.js"></script></body></html>\n')


def page_name(organisation_id: str) -> str:
    """The file of an organisation's page, from its id: readable, and distinct for ids that differ only in
    characters a file name drops."""
    readable = re.sub(r"[^a-z0-9]+", "-", organisation_id.lower()).strip("-") or "organisation"
    if readable == organisation_id.lower():
        return f"{readable}.html"
    return f"{readable}-{hashlib.sha1(organisation_id.encode()).hexdigest()[:8]}.html"
