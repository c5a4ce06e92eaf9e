"""Publication generations: how what is kept beside the warehouse moves with it in one atomic step.

The warehouse is published by renaming a whole copy over the old one, so a reader always opens one complete
state. The search index is too large to copy at every refresh, so each publication links its files into a
version named by a generation, and that generation is recorded inside the warehouse file (written just
before the copy that becomes the published file). A reader takes the generation from the file it opened, so
the rename that publishes the warehouse also publishes the index of that generation (`search.index_store`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a search reads the generation without loading DuckDB's Python side until it must
    import duckdb

# Declared with its columns in warehouse.schema; named here, so that a search need not import the schemas
# (pyarrow, pydantic) to read one number.
PUBLICATIONS_RELATION = "pipeline.publications"


def published_generation(con: duckdb.DuckDBPyConnection) -> int:
    """The generation of the warehouse `con` has open: 0 before its first publication."""
    (generation,) = con.execute(f"SELECT coalesce(max(generation), 0) FROM {PUBLICATIONS_RELATION}").fetchone()
    return generation


def record_publication(con: duckdb.DuckDBPyConnection) -> int:
    """Record the generation being published (one past the last the working copy recorded), in the working copy
    about to be published; its number."""
    generation = published_generation(con) + 1
    con.execute(f"INSERT INTO {PUBLICATIONS_RELATION} VALUES (?, ?)",
                [generation, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)])
    return generation
