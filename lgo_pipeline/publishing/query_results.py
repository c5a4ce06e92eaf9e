"""A read-only query's result as a person reads it (table, CSV, JSON), and its errors as sentences that say
what to do: where an unknown table lives, that a syntax error is one, how to save a result to a file.

Whole where it matters: a URL or a reference is never cut in a table (a cut URL is a dead link); other long
text is narrowed instead. Lists (a column of name variants, say) are one readable cell in CSV.
"""

from __future__ import annotations

import json
import re

import duckdb
import polars as pl

_WHOLE = re.compile(r"(?:^|_)(?:url|reference|file_id|path)$")  # columns a table never cuts
_NARROW = 48  # characters of other text a table cell shows
_MISSING_TABLE = re.compile(r"Table with name (?P<name>[\w.\"]+) does not exist", re.I)
_WHY_EMPTY = {  # views and marts that are empty for a reason a reader cannot guess
    "council_uphold_league": "the league lists councils with 10 or more detailed investigations in a year; no council "
                             "has that many here",
}


def to_csv(frame: pl.DataFrame) -> str:
    """CSV, a list as one cell (`a; b`), a struct as its JSON."""
    return _flat(frame).write_csv()


def to_json(frame: pl.DataFrame) -> str:
    return json.dumps(frame.to_dicts(), default=str, ensure_ascii=False, indent=1)


def to_table(frame: pl.DataFrame) -> str:
    """A table for a terminal: URLs and references whole, other long text narrowed with `…`."""
    flat = _flat(frame)
    narrowed = flat.with_columns(
        pl.when(pl.col(name).str.len_chars() > _NARROW)
        .then(pl.col(name).str.slice(0, _NARROW - 1) + "…").otherwise(pl.col(name)).alias(name)
        for name, dtype in flat.schema.items() if dtype == pl.String and not _WHOLE.search(name))
    whole = [narrowed[name].str.len_chars().max() or 0 for name, dtype in narrowed.schema.items() if dtype == pl.String]
    with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=max([_NARROW, *whole]), tbl_width_chars=10_000,
                   tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        return str(narrowed)


def empty_result_note(sql: str) -> str:
    """What to say when a query returns no rows: that it did, and why for a mart that is empty by design."""
    for name, why in _WHY_EMPTY.items():
        if re.search(rf"\b{name}\b", sql, re.I):
            return f"0 rows ({why})"
    return "0 rows"


def friendly_error(con: duckdb.DuckDBPyConnection, error: duckdb.Error) -> str:
    """The error's first line, and where it helps, what to do instead."""
    first = str(error).splitlines()[0]
    if isinstance(error, duckdb.ParserException):
        return f"syntax error in the SQL: {first.split(':', 1)[-1].strip()}"
    missing = _MISSING_TABLE.search(first)
    if missing:
        name = missing["name"].strip('"').split(".")[-1]
        found = [f"{schema}.{table}" for schema, table in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE lower(table_name) = lower(?) "
            "UNION SELECT schema_name, view_name FROM duckdb_views() WHERE lower(view_name) = lower(?) "
            "AND NOT internal ORDER BY 1", [name, name]).fetchall()]
        if found:
            return f"no table {name} outside a schema: did you mean {' or '.join(found)}?"
        return f"{first} (the tables: SELECT schema_name, table_name FROM duckdb_tables())"
    return f"query failed: {first}"


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists as `a; b`, structs as JSON: formats without nesting can show them."""
    def joined(name: str, inner: pl.DataType) -> pl.Expr:
        items = (pl.col(name).list.eval(pl.element().struct.json_encode()) if isinstance(inner, pl.Struct)
                 else pl.col(name).cast(pl.List(pl.String)))
        return items.list.join("; ").alias(name)

    return frame.with_columns(
        *(joined(name, dtype.inner) for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)),
        *(pl.col(name).struct.json_encode().alias(name)
          for name, dtype in frame.schema.items() if isinstance(dtype, pl.Struct)))
