"""Parse stored raw text into `staging.decisions`, `staging.remedies` and `staging.parse_quarantine`.

Only files without a result at the current parser version are parsed, so a re-run with nothing new
does nothing and a parser upgrade re-parses from stored text without re-reading the folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import duckdb
import polars as pl

from lgo_pipeline.parsing import PARSER_VERSION, DecisionRecord
from lgo_pipeline.parsing.documents import parse_document

_DECISIONS_SCHEMA = {
    "file_id": pl.String, "source": pl.String, "reference": pl.String, "organisation": pl.String,
    "category": pl.String, "category_top": pl.String, "category_sub": pl.String, "outcome": pl.String,
    "outcome_canonical": pl.String, "decision_date": pl.Date, "complainant": pl.String, "summary": pl.String,
    "signed_by": pl.String, "document_type": pl.String, "remedy_amounts_gbp": pl.List(pl.Float64), "warnings": pl.List(pl.String), "parser_version": pl.Int32,
}
_REMEDIES_SCHEMA = {
    "file_id": pl.String, "reference": pl.String, "remedy_index": pl.Int32, "kind": pl.String,
    "amount_gbp": pl.Float64, "rate": pl.String, "recipient": pl.String, "purpose": pl.String,
    "due_within_days": pl.Int32, "text": pl.String, "parser_version": pl.Int32,
}
_QUARANTINE_SCHEMA = {"file_id": pl.String, "path": pl.String, "reason": pl.String, "parser_version": pl.Int32}
_STAGING_TABLES = ("staging.decisions", "staging.remedies", "staging.parse_quarantine")


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    path: str
    encoding: str
    text: str | None


@dataclass(frozen=True)
class ParseStats:
    parsed: int
    quarantined: int
    remedies: int


def clear_staging(con: duckdb.DuckDBPyConnection) -> None:
    for table in _STAGING_TABLES:
        con.execute(f"DELETE FROM {table}")


def files_to_parse(con: duckdb.DuckDBPyConnection, parser_version: int) -> list[str]:
    """file_ids stored in raw with no decision or quarantine row at `parser_version`."""
    rows = con.execute(
        """SELECT file_id FROM raw.decision_files
           WHERE file_id NOT IN (SELECT file_id FROM staging.decisions WHERE parser_version = $v)
             AND file_id NOT IN (SELECT file_id FROM staging.parse_quarantine WHERE parser_version = $v)
           ORDER BY file_id""",
        {"v": parser_version},
    ).fetchall()
    return [row[0] for row in rows]


def load_batches(con: duckdb.DuckDBPyConnection, file_ids: list[str], batch_size: int) -> Iterator[list[StoredFile]]:
    for start in range(0, len(file_ids), batch_size):
        ids = file_ids[start:start + batch_size]
        rows = con.execute(
            "SELECT file_id, path, encoding, text FROM raw.decision_files WHERE list_contains($ids, file_id) ORDER BY file_id",
            {"ids": ids},
        ).fetchall()
        yield [StoredFile(*row) for row in rows]


def _frames(results: list[tuple[StoredFile, DecisionRecord]], version: int) -> tuple[pl.DataFrame, ...]:
    decisions, remedies, quarantine = [], [], []
    for stored, record in results:
        if not record.ok:
            quarantine.append({"file_id": stored.file_id, "path": stored.path, "reason": record.error,
                               "parser_version": version})
            continue
        row = record.model_dump(exclude={"ok", "error", "remedies"})
        decisions.append({**row, "file_id": stored.file_id, "parser_version": version})
        for index, remedy in enumerate(record.remedies):
            remedies.append({**remedy.model_dump(), "file_id": stored.file_id, "reference": record.reference,
                             "remedy_index": index, "parser_version": version})
    return (
        pl.DataFrame(decisions, schema=_DECISIONS_SCHEMA),
        pl.DataFrame(remedies, schema=_REMEDIES_SCHEMA),
        pl.DataFrame(quarantine, schema=_QUARANTINE_SCHEMA),
    )


def write_results(con: duckdb.DuckDBPyConnection, results: list[tuple[StoredFile, DecisionRecord]], version: int) -> ParseStats:
    """Replace the staging rows of these files in one transaction (older parser versions included)."""
    decisions, remedies, quarantine = (frame.to_arrow() for frame in _frames(results, version))
    ids = [stored.file_id for stored, _ in results]
    con.execute("BEGIN TRANSACTION")
    try:
        for table in _STAGING_TABLES:
            con.execute(f"DELETE FROM {table} WHERE list_contains($ids, file_id)", {"ids": ids})
        con.execute("INSERT INTO staging.decisions BY NAME SELECT * FROM decisions")
        con.execute("INSERT INTO staging.remedies BY NAME SELECT * FROM remedies")
        con.execute("INSERT INTO staging.parse_quarantine BY NAME SELECT * FROM quarantine")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return ParseStats(decisions.num_rows, quarantine.num_rows, remedies.num_rows)


def parse_stored_files(
    con: duckdb.DuckDBPyConnection,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> ParseStats:
    """Parse every file that needs it, batch by batch; `progress(done, total)` after each batch."""
    file_ids = files_to_parse(con, PARSER_VERSION)
    totals = ParseStats(0, 0, 0)
    for batch in load_batches(con, file_ids, batch_size):
        results = [(stored, parse_document(stored.text, stored.encoding, stored.path)) for stored in batch]
        stats = write_results(con, results, PARSER_VERSION)
        totals = ParseStats(totals.parsed + stats.parsed, totals.quarantined + stats.quarantined,
                            totals.remedies + stats.remedies)
        if progress:
            progress(totals.parsed + totals.quarantined, len(file_ids))
    return totals
