"""The site's pages are Jinja2 templates (report/templates/) rendered with autoescape: every value a page shows
(an organisation's name, a category, a description) is escaped where the template writes it, so a `<` or `&`
in the data can never break a page, and all markup lives in the templates. Values go into scripts through
`tojson`, which escapes what could end a script."""

from __future__ import annotations

import jinja2

from lgo_pipeline.report import formatting

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("lgo_pipeline.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,  # a value the code forgot to give is an error, not an empty cell
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters.update(text=formatting.text, count=formatting.count, percent=formatting.percent, pounds=formatting.pounds,
                            days=formatting.days, year=formatting.year_label, page=formatting.page_name)
_ENVIRONMENT.globals.update(assets=formatting.ASSETS, credit=formatting.CREDIT, reuse_terms=formatting.REUSE_TERMS,
                            dash=formatting.NONE, interval=formatting.interval, zip=zip)


def render(template: str, **context: object) -> str:
    """The page `template` (a file of report/templates/) with `context`."""
    return _ENVIRONMENT.get_template(template).render(**context)
