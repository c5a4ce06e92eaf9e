"""Search the published decisions by their words: `search(warehouse, query, ...)`, for the CLI and notebooks.

The generation searched is the one recorded in the published warehouse file, so results agree with what
`lgo-pipeline query` reads at the same moment, and a search during a refresh answers from the last whole
state. The published file is only ever replaced, never changed, so its generation is read once per file
(by inode) in a process: a repeated search costs one stat and the SQLite query.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.search import index_file
from lgo_pipeline.search.query_language import QueryError, check_length, to_fts5

RESULT_FIELDS = ("reference", "organisation_name", "decision_date", "outcome", "category", "source_url", "snippet",
                 "score")
SORTS = ("relevance", "date")
_SNIPPET_WORDS = 24
_ORDER = {"relevance": "score DESC, d.reference", "date": "d.decision_date DESC NULLS LAST, score DESC, d.reference"}


@dataclass(frozen=True)
class SearchResult:
    reference: str
    organisation_name: str | None
    decision_date: str | None
    outcome: str | None
    category: str | None
    source_url: str | None
    snippet: str  # the passage that best matches, the words found between the highlight marks
    score: float  # BM25 relevance: higher is more relevant (comparable within one query only)


def search(warehouse: Path, query: str, *, organisation: str | None = None, category: str | None = None,
           outcome: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
           sort: str = "relevance", limit: int = 20, raw: bool = False,
           highlight: tuple[str, str] = ("", "")) -> list[SearchResult]:
    """The published decisions whose text matches `query` (a person's words; FTS5's own syntax with `raw`),
    narrowed by the filters (case-insensitive parts of the organisation's name or any spelling of it, of
    "Top > Sub" category, of the outcome, canonical or as written; decision dates inclusive), best first or
    newest first. QueryError for a query it cannot take; SearchIndexError when there is no index to ask."""
    if sort not in SORTS:
        raise QueryError(f"sort by {' or '.join(SORTS)}, not {sort!r}")
    if limit < 1:
        raise QueryError("the limit must be at least 1")
    check_length(query)
    expression = query if raw else to_fts5(query)
    where, parameters = _filters(organisation, category, outcome, since, until)
    parameters |= {"query": expression, "generation": published_generation(warehouse), "limit": limit}
    sql = f"""
        SELECT d.reference, d.organisation_name, d.decision_date, d.outcome, d.category, d.source_url, d.text_id,
               -bm25(words) AS score
        FROM words CROSS JOIN documents AS d ON d.text_id = words.rowid  -- the words first: SQLite keeps this order
        WHERE words MATCH :query AND {index_file.visible_at('d')} {where}
        ORDER BY {_ORDER[sort]} LIMIT :limit"""
    with index_file.open_for_reading(index_file.index_path(warehouse)) as index:
        try:
            rows = index.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            raise QueryError(f"the search engine cannot read this query ({error})") from None
        snippets = _snippets(index, expression, {row[6] for row in rows}, highlight)
    return [SearchResult(*row[:6], snippet=snippets.get(row[6], ""), score=round(row[7], 3)) for row in rows]


def _filters(organisation, category, outcome, since, until) -> tuple[str, dict]:
    clauses, parameters = [], {}
    if organisation:
        clauses.append(f"""(d.organisation_id IN (SELECT o.organisation_id FROM organisations AS o
                               WHERE {index_file.visible_at('o')} AND instr(o.spellings, :organisation) > 0)
                            OR instr(lower(d.organisation_name), :organisation) > 0)""")
        parameters["organisation"] = organisation.strip().lower()
    if category:
        clauses.append("instr(lower(d.category), :category) > 0")
        parameters["category"] = category.strip().lower()
    if outcome:
        clauses.append("(instr(lower(d.outcome), :outcome) > 0 OR instr(lower(d.outcome_as_written), :outcome) > 0)")
        parameters["outcome"] = outcome.strip().lower()
    if since:
        clauses.append("d.decision_date >= :since")
        parameters["since"] = since.isoformat()
    if until:
        clauses.append("d.decision_date <= :until")
        parameters["until"] = until.isoformat()
    return "".join(f" AND {clause}" for clause in clauses), parameters


def _snippets(index: sqlite3.Connection, expression: str, text_ids: set[int],
              highlight: tuple[str, str]) -> dict[int, str]:
    """The best passage of each text, found by FTS5 itself (same words, stems, phrases, prefixes): the few
    texts shown are put in an index in memory, since the stored index keeps no text."""
    if not text_ids:
        return {}
    bodies = index.execute(f"SELECT text_id, body FROM texts WHERE text_id IN ({','.join('?' * len(text_ids))})",
                           sorted(text_ids)).fetchall()
    with sqlite3.connect(":memory:") as passages:
        passages.execute(f"CREATE VIRTUAL TABLE shown USING fts5(body, tokenize='{index_file.TOKENIZER}')")
        passages.executemany("INSERT INTO shown (rowid, body) VALUES (?, ?)",
                             ((text_id, zlib.decompress(body).decode()) for text_id, body in bodies))
        found = passages.execute("SELECT rowid, snippet(shown, 0, ?, ?, '…', ?) FROM shown WHERE shown MATCH ?",
                                 [*highlight, _SNIPPET_WORDS, expression]).fetchall()
    return {text_id: " ".join(snippet.split()) for text_id, snippet in found}


_GENERATIONS: dict[tuple[int, ...], int] = {}  # a published file (device, inode, size, time) -> its generation


def published_generation(warehouse: Path) -> int:
    """The generation of the warehouse published at `warehouse`, read once per published file."""
    try:
        status = os.stat(warehouse)
    except (FileNotFoundError, NotADirectoryError):
        raise index_file.SearchIndexError(f"no warehouse at {warehouse}: run `lgo-pipeline run` first") from None
    key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    if key not in _GENERATIONS:
        import duckdb

        from lgo_pipeline.publishing.generations import published_generation as recorded

        try:
            with duckdb.connect(str(warehouse), read_only=True) as con:
                _GENERATIONS[key] = recorded(con)
        except duckdb.CatalogException:
            raise index_file.SearchIndexError(
                f"the warehouse at {warehouse} was published before the search index existed: run "
                "`lgo-pipeline run` to build it") from None
        except duckdb.Error as error:
            raise index_file.SearchIndexError(f"cannot open {warehouse}: {str(error).splitlines()[0]}") from None
    return _GENERATIONS[key]
