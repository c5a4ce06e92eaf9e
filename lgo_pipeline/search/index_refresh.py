"""Bring the working search index to the warehouse's working copy, writing only the decisions that changed.

The references the SQL models rebuilt since the index last took them (`pipeline.released_references`: new
files, re-issues, a renamed council, a re-parse) are compared by a fingerprint of their facts with the
fingerprints of what the index holds (`pipeline.search_documents`, kept with the index): a decision new or
changed is deleted from the index and added again with its text, a decision gone is deleted. After a full
build of the facts the comparison covers every decision. The index is never trusted blindly: when it does not
hold exactly one document per decision afterwards (an index deleted or damaged by hand), it is built again
from nothing.

The index is committed before the fingerprints and the released references are written (one DuckDB
transaction), so a run that dies between the two writes the same decisions again next time: harmless.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import tantivy

from lgo_pipeline.search import index_store
from lgo_pipeline.tunables import DEFAULT_TUNABLES, Tunables
from lgo_pipeline.warehouse.connection import second_connection
from lgo_pipeline.warehouse.schema import RELEASED_REFERENCES, SEARCH_DOCUMENTS
from lgo_pipeline.warehouse.transactions import transaction

_FACTS = """
SELECT reference, file_id, organisation_id, organisation_name, decision_date,
       outcome_canonical AS outcome, outcome AS outcome_as_written,
       CASE WHEN category_sub IS NULL THEN category_top ELSE category_top || ' > ' || category_sub END AS category,
       source_url
FROM core.fct_decision
"""


@dataclass(frozen=True)
class IndexRefresh:
    written: int  # decisions new or changed, (re)indexed with their text
    removed: int
    documents: int  # decisions the index finds
    rebuilt: str | None  # why it was built from nothing, if it was
    seconds: float


def refresh_index(con: duckdb.DuckDBPyConnection, folder: Path, progress: Callable[[str], None] = lambda line: None,
                  tunables: Tunables = DEFAULT_TUNABLES) -> IndexRefresh:
    """Make the index in `folder` hold every decision of `core.fct_decision` of `con`, as it is now (indexed
    `tunables.search_batch_decisions` at a time, in `tunables.search_writer_heap_bytes` of tantivy's memory)."""
    started = time.perf_counter()
    index = index_store.open_work_index(folder)
    rebuilt = None if index.searcher().num_docs else "a new index"
    if rebuilt:
        con.execute(f"DELETE FROM {SEARCH_DOCUMENTS.relation}")
    written, removed = _write_changes(con, index, _scope(con, everything=bool(rebuilt)), progress, tunables,
                                      fresh=bool(rebuilt))
    (decisions,) = con.execute("SELECT count(*) FROM core.fct_decision").fetchone()
    index.reload()
    if index.searcher().num_docs != decisions:
        rebuilt = f"it held {index.searcher().num_docs:,} documents for {decisions:,} decisions"
        progress(f"search: {rebuilt}; building it again from nothing")
        index_store.drop_work_index(folder)
        con.execute(f"DELETE FROM {SEARCH_DOCUMENTS.relation}")
        index = index_store.open_work_index(folder)
        written, removed = _write_changes(con, index, _scope(con, everything=True), progress, tunables, fresh=True)
        index.reload()
    return IndexRefresh(written, removed, index.searcher().num_docs, rebuilt, time.perf_counter() - started)


def _scope(con: duckdb.DuckDBPyConnection, everything: bool) -> str:
    """SQL for the references to compare: the released ones, or every one after a full build (a NULL)."""
    if everything or con.execute(f"SELECT count(*) FROM {RELEASED_REFERENCES.relation} "
                                 "WHERE reference IS NULL").fetchone()[0]:
        return "SELECT reference FROM core.fct_decision UNION SELECT reference FROM " + SEARCH_DOCUMENTS.relation
    return f"SELECT reference FROM {RELEASED_REFERENCES.relation}"


def _write_changes(con: duckdb.DuckDBPyConnection, index: tantivy.Index, scope: str,
                   progress: Callable[[str], None], tunables: Tunables, fresh: bool) -> tuple[int, int]:
    """Delete and add again the decisions in `scope` whose fingerprint changed (a `fresh` index has none to
    delete); delete those gone."""
    changed = dict(con.execute(f"""
        SELECT f.reference, CAST(hash(f) AS VARCHAR) AS fingerprint FROM ({_FACTS}) AS f
        WHERE f.reference IN ({scope})
          AND CAST(hash(f) AS VARCHAR) IS DISTINCT FROM (
              SELECT s.fingerprint FROM {SEARCH_DOCUMENTS.relation} AS s WHERE s.reference = f.reference)""").fetchall())
    removed = [reference for (reference,) in con.execute(f"""
        SELECT reference FROM {SEARCH_DOCUMENTS.relation}
        WHERE reference IN ({scope}) AND reference NOT IN (SELECT reference FROM core.fct_decision)""").fetchall()]
    if changed or removed:
        writer = index.writer(heap_size=tunables.search_writer_heap_bytes)
        for reference in () if fresh else (*changed, *removed):
            writer.delete_documents_by_term("reference", reference)
        started, added = time.perf_counter(), 0
        every = 10 * tunables.search_batch_decisions
        for document in _documents(con, changed, tunables.search_batch_decisions):
            writer.add_document(document)
            added += 1
            if len(changed) > every and added % every == 0:
                progress(f"search: {added:,}/{len(changed):,} decisions indexed "
                         f"({added / max(time.perf_counter() - started, 1e-9):,.0f}/s)")
        writer.commit()
        writer.wait_merging_threads()
    with transaction(con):
        con.execute(f"DELETE FROM {SEARCH_DOCUMENTS.relation} WHERE reference IN (SELECT unnest($gone))",
                    {"gone": [*changed, *removed]})
        con.execute(f"INSERT INTO {SEARCH_DOCUMENTS.relation} SELECT unnest($references), unnest($fingerprints)",
                    {"references": list(changed), "fingerprints": list(changed.values())})
        con.execute(f"DELETE FROM {RELEASED_REFERENCES.relation}")
    return len(changed), len(removed)


def _documents(con: duckdb.DuckDBPyConnection, changed: dict[str, str], batch_size: int) -> Iterator[tantivy.Document]:
    """The changed decisions with their texts. The texts stream from one scan of raw.decision_files, a batch
    at a time, and each batch's facts are read by its files: a join of the facts with every text would hold
    the texts in a hash table (500 MB at 200,000 decisions)."""
    files = [file_id for (file_id,) in con.execute(
        "SELECT DISTINCT file_id FROM core.fct_decision WHERE reference IN (SELECT unnest($references))",
        {"references": list(changed)}).fetchall()]
    texts = second_connection(con).execute(
        "SELECT file_id, coalesce(text, '') FROM raw.decision_files WHERE file_id IN (SELECT unnest($files))",
        {"files": files})
    while batch := texts.fetchmany(batch_size):
        text_of = dict(batch)
        cursor = con.execute(f"SELECT * FROM ({_FACTS}) WHERE file_id IN (SELECT unnest($files))",
                             {"files": list(text_of)})
        names = [column[0] for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            if row["reference"] in changed:
                yield _document(row, text_of[row["file_id"]], changed[row["reference"]])


def _document(row: dict, text: str, fingerprint: str) -> tantivy.Document:
    decided: dt.date | None = row["decision_date"]
    fields = {
        "body": text, "reference": row["reference"], "organisation_id": row["organisation_id"],
        "organisation_name": row["organisation_name"], "decision_date": decided.isoformat() if decided else None,
        "outcome": row["outcome"], "category": row["category"], "source_url": row["source_url"],
        "fingerprint": fingerprint,
        "category_key": (row["category"] or "").lower() or None,
        "outcome_key": [value.lower() for value in (row["outcome"], row["outcome_as_written"]) if value] or None,
        index_store.DAY_FIELD: decided.year * 10_000 + decided.month * 100 + decided.day if decided else None,
    }
    return tantivy.Document(**{name: value for name, value in fields.items() if value is not None})


@dataclass(frozen=True)
class IndexHealth:
    decisions: int
    documents: int  # in the working index
    not_indexed: int  # decisions the index's record does not name
    indexed_but_gone: int  # decisions it names that are gone

    @property
    def sound(self) -> bool:
        return self.documents == self.decisions and not self.not_indexed and not self.indexed_but_gone


def index_health(con: duckdb.DuckDBPyConnection, folder: Path) -> IndexHealth:
    """Whether the working index holds one document for each decision, and its record names exactly those."""
    (decisions, not_indexed, gone) = con.execute(f"""
        SELECT (SELECT count(*) FROM core.fct_decision),
               (SELECT count(*) FROM core.fct_decision WHERE reference NOT IN
                    (SELECT reference FROM {SEARCH_DOCUMENTS.relation})),
               (SELECT count(*) FROM {SEARCH_DOCUMENTS.relation} WHERE reference NOT IN
                    (SELECT reference FROM core.fct_decision))""").fetchone()
    return IndexHealth(decisions, tantivy.Index.open(str(folder)).searcher().num_docs, not_indexed, gone)
