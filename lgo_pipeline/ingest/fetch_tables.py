"""Copy the fetch's state into the warehouse: its result cards into `raw.decision_cards` (one row per reference,
its latest listing), and what the site listed for each month walked into `raw.fetch_months`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa

from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.fetch.state import FetchState
from lgo_pipeline.ingest.change_record import printable_path
from lgo_pipeline.warehouse.schema import DECISION_CARDS, FETCH_MONTHS, PENDING_REFERENCES, Table
from lgo_pipeline.warehouse.transactions import transaction

_CLOCK_MARGIN = dt.timedelta(minutes=1)  # the state's times are to the second: a page written as a scan began is read


def _state_rows(raw_dir: Path, read) -> list[dict]:
    """`read(state)` of the fetch state below `raw_dir`; none when nothing was ever fetched there."""
    layout = FetchLayout(raw_dir)
    if not layout.database.is_file():
        return []
    state = FetchState(layout.database)
    try:
        return read(state)
    finally:
        state.close()


def card_rows(raw_dir: Path) -> list[dict]:
    """The cards the fetch kept below `raw_dir`."""
    latest = {row["reference"]: row for row in _state_rows(raw_dir, FetchState.cards_with_pages)}  # last one wins
    return [{**row, "decision_date": dt.date.fromisoformat(row["decision_date"]) if row["decision_date"] else None,
             "listed_at": dt.datetime.fromisoformat(row["listed_at"]).replace(tzinfo=None)}
            for row in latest.values()]


def month_rows(raw_dir: Path) -> list[dict]:
    """Each month walked (per organisation filter): the site's count, the cards read, the pages gone."""
    return [{**row, "complete": bool(row["complete"]),
             "last_checked": dt.datetime.fromisoformat(row["last_checked"]).replace(tzinfo=None)}
            for row in _state_rows(raw_dir, FetchState.month_rows)]


def pages_written_since(raw_dir: Path, when: dt.datetime | None) -> frozenset[str]:
    """The pages a fetch wrote below `raw_dir` since `when` (naive UTC; None: none), as the scan names files: a
    page rewritten in place keeps its name, so only the fetch's state says it changed."""
    if when is None:
        return frozenset()
    since = when.replace(tzinfo=dt.timezone.utc) - _CLOCK_MARGIN
    root = raw_dir.resolve()
    return frozenset(printable_path(str(root / path))
                     for path in _state_rows(raw_dir, lambda state: state.pages_written_since(since)))


def refresh_decision_cards(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> int:
    """Make the table the cards held now, writing only the cards that changed and announcing their references
    as changed (a card completes its page's facts); the number of cards. When a card was listed again (its
    `listed_at`) is kept but is no change to the facts."""
    cards = pa.Table.from_pylist(card_rows(raw_dir), schema=DECISION_CARDS.arrow)  # noqa: F841 (read by DuckDB)
    facts = ", ".join(name for name in DECISION_CARDS.arrow.names if name != "listed_at")
    with transaction(con):
        con.execute(f"""INSERT INTO {PENDING_REFERENCES.relation}
            SELECT reference FROM ((SELECT {facts} FROM {DECISION_CARDS.relation} EXCEPT SELECT {facts} FROM cards)
                                   UNION (SELECT {facts} FROM cards EXCEPT SELECT {facts} FROM {DECISION_CARDS.relation}))""")
        con.execute(f"DELETE FROM {DECISION_CARDS.relation} WHERE (reference, listed_at) NOT IN "
                    "(SELECT (reference, listed_at) FROM cards)")
        con.execute(f"""INSERT INTO {DECISION_CARDS.relation} BY NAME SELECT * FROM cards
            WHERE (reference, listed_at) NOT IN (SELECT (reference, listed_at) FROM {DECISION_CARDS.relation})""")
    return cards.num_rows


def refresh_fetch_months(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> int:
    """Replace the table's rows with the months walked; the number of months."""
    return _replace(con, FETCH_MONTHS, month_rows(raw_dir))


def _replace(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict]) -> int:
    frame = pa.Table.from_pylist(rows, schema=table.arrow)  # noqa: F841 (read by DuckDB)
    with transaction(con):
        con.execute(f"DELETE FROM {table.relation}")
        con.execute(f"INSERT INTO {table.relation} BY NAME SELECT * FROM frame")
    return len(rows)
