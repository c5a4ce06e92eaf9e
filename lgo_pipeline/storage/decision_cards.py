"""Copy the fetch's result cards into `raw.decision_cards`: one row per reference, its latest listing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa

from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.fetch.state import FetchState
from lgo_pipeline.storage.schema import DECISION_CARDS
from lgo_pipeline.storage.transactions import transaction


def card_rows(raw_dir: Path) -> list[dict]:
    """The cards the fetch kept below `raw_dir` (none when nothing was ever fetched there)."""
    layout = FetchLayout(raw_dir)
    if not layout.database.is_file():
        return []
    state = FetchState(layout.database)
    try:
        rows = state.cards_with_pages()
    finally:
        state.close()
    latest = {row["reference"]: row for row in rows}  # ordered by listing time: the last one wins
    return [{**row, "decision_date": dt.date.fromisoformat(row["decision_date"]) if row["decision_date"] else None,
             "listed_at": dt.datetime.fromisoformat(row["listed_at"]).replace(tzinfo=None)}
            for row in latest.values()]


def refresh_decision_cards(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> int:
    """Replace the table's rows with the cards held now; the number of cards."""
    cards = pa.Table.from_pylist(card_rows(raw_dir), schema=DECISION_CARDS.arrow)  # noqa: F841 (read by DuckDB)
    with transaction(con):
        con.execute(f"DELETE FROM {DECISION_CARDS.relation}")
        con.execute(f"INSERT INTO {DECISION_CARDS.relation} BY NAME SELECT * FROM cards")
    return cards.num_rows
