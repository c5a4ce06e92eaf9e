"""The labels as written that the lookups map (organisation names, categories, Decision lines), read as
core.fct_decision will read them: each page completed from its search result card by the SQL project's card
rule (dbt_like_sql/macros/cards.sql), so that every value the facts look up has a row."""

from __future__ import annotations

import duckdb
import polars as pl

from lgo_pipeline.sql_models.project import create_macros

_COMPLETED = """
    SELECT page_else_card(d.organisation, c.organisation) AS organisation,
           page_else_card_part(coalesce(d.category_top, d.category_sub) IS NOT NULL, d.category_top,
                               c.category_slug) AS category_top,
           page_else_card_part(coalesce(d.category_top, d.category_sub) IS NOT NULL, d.category_sub,
                               c.category_sub) AS category_sub,
           page_else_card(d.outcome, c.outcome) AS outcome
    FROM parsed.decisions AS d LEFT JOIN raw.decision_cards AS c USING (reference)"""


def _read(con: duckdb.DuckDBPyConnection, select: str) -> duckdb.DuckDBPyRelation:
    """`select` over the completed values, the card rule's macros created first (before the SQL models run,
    a new warehouse has none)."""
    create_macros(con)
    return con.sql(select.format(completed=_COMPLETED))


def organisation_names(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each organisation name as written, the decision files that use it, and whether all of them are about
    school admissions (a school acting as its own admission authority)."""
    return _read(con, """
        SELECT organisation, count(*) AS n,
               bool_and(coalesce(lower(category_sub) = 'school admissions', false)) AS admissions_only
        FROM ({completed}) WHERE organisation IS NOT NULL GROUP BY organisation""").pl()


def category_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str | None, str | None]]:
    """Each (top, sub) category as written."""
    return _read(con, "SELECT DISTINCT category_top, category_sub FROM ({completed})").fetchall()


def outcomes(con: duckdb.DuckDBPyConnection) -> list[str | None]:
    """Each Decision line (or card's outcome) as written."""
    return [outcome for (outcome,) in _read(con, "SELECT DISTINCT outcome FROM ({completed})").fetchall()]
