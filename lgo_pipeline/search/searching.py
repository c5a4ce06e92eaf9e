"""Search the published decisions by their words: `search(warehouse, query, ...)`, for the CLI and notebooks.

The index searched is the version of the generation recorded in the published warehouse file, so results
agree with what `lgo-pipeline query` reads at the same moment, and a search during a refresh answers from the
last whole state. The published file is only ever replaced, never changed, so a process reads its generation
(and opens the index) once per published file: a repeated search costs one stat and the search itself.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import tantivy

from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.search import index_store
from lgo_pipeline.search.index_store import DAY_FIELD, SearchIndexError
from lgo_pipeline.search.query_language import ParsedQuery, QueryError, Term, check_length, parse

RESULT_FIELDS = ("reference", "organisation_name", "decision_date", "outcome", "category", "source_url", "snippet",
                 "score")
SORTS = ("relevance", "date")
_SNIPPET_CHARACTERS = 240
_REGEX_SPECIAL = set("\\.+*?()|[]{}^$#&-~")
_PREFIX_WORDS = 64  # a prefix finds the index's words that begin so, the most frequent this many


@dataclass(frozen=True)
class SearchResult:
    reference: str
    organisation_name: str | None
    decision_date: str | None
    outcome: str | None
    category: str | None
    source_url: str | None
    snippet: str  # the passage that best matches, the words found between the highlight marks
    score: float | None  # BM25 relevance, higher is more relevant (within one query); None when sorted by date


def search(warehouse: Path, query: str, *, organisation: str | None = None, category: str | None = None,
           outcome: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
           sort: str = "relevance", limit: int = 20, raw: bool = False,
           highlight: tuple[str, str] = ("", "")) -> list[SearchResult]:
    """The published decisions whose text matches `query` (a person's words; tantivy's own syntax with `raw`),
    narrowed by the filters (case-insensitive parts of the organisation's name or any spelling of it, of the
    "Top > Sub" category, of the outcome, canonical or as written; decision dates inclusive), best first or
    newest first. QueryError for a query it cannot take; SearchIndexError when there is no index to ask."""
    if sort not in SORTS:
        raise QueryError(f"sort by {' or '.join(SORTS)}, not {sort!r}")
    if limit < 1:
        raise QueryError("the limit must be at least 1")
    asked = _Asked.of(warehouse, query, raw, organisation, category, outcome, since, until)
    if asked is None:
        return []
    by_date = {"order_by_field": DAY_FIELD, "order": tantivy.Order.Desc} if sort == "date" else {}
    hits = asked.searcher.search(asked.query, limit, count=False, **by_date).hits
    snippets = tantivy.SnippetGenerator.create(asked.searcher, asked.words, asked.searcher_schema, "body")
    snippets.set_max_num_chars(_SNIPPET_CHARACTERS)
    results = []
    for score, address in hits:
        document = asked.searcher.doc(address)
        results.append(SearchResult(
            *(document.get_first(name) for name in RESULT_FIELDS[:6]),
            snippet=_marked(snippets.snippet_from_doc(document), highlight),
            score=None if sort == "date" else round(score, 3)))
    return results


def count(warehouse: Path, query: str, *, organisation: str | None = None, category: str | None = None,
          outcome: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
          raw: bool = False) -> int:
    """How many published decisions `search` with the same arguments finds, without a limit."""
    asked = _Asked.of(warehouse, query, raw, organisation, category, outcome, since, until)
    return 0 if asked is None else asked.searcher.search(asked.query, 1, count=True).count


@dataclass(frozen=True)
class _Asked:
    """A query and its filters, ready for the index of the published warehouse."""

    searcher: tantivy.Searcher
    searcher_schema: tantivy.Schema
    words: tantivy.Query  # what the text must match: the snippets show it
    query: tantivy.Query  # the words and the filters

    @classmethod
    def of(cls, warehouse: Path, query: str, raw: bool, organisation: str | None, category: str | None,
           outcome: str | None, since: dt.date | None, until: dt.date | None) -> _Asked | None:
        """None when no organisation matches `organisation`: then nothing can."""
        check_length(query)
        parsed = None if raw else parse(query)
        published = _published(warehouse)
        index, searcher = published.index, published.index.searcher()
        try:
            words = index.parse_query(query, ["body"]) if raw else _words_query(index, searcher, parsed)
        except ValueError as error:
            raise QueryError(f"the search engine cannot read this query ({error})") from None
        clauses = [(tantivy.Occur.Must, words)]
        if organisation:
            ids = published.organisation_ids(organisation)
            if not ids:
                return None
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_set_query(index.schema, "organisation_id", ids)))
        for field, part in (("category_key", category), ("outcome_key", outcome)):
            if part:
                clauses.append((tantivy.Occur.Must, tantivy.Query.regex_query(
                    index.schema, field, f".*{_regex_literal(part.strip().lower())}.*")))
        if since or until:
            clauses.append((tantivy.Occur.Must, tantivy.Query.range_query(
                index.schema, DAY_FIELD, tantivy.FieldType.Integer, _day(since or dt.date.min),
                _day(until or dt.date.max))))
        return cls(searcher, index.schema, words, tantivy.Query.boolean_query(clauses))


def _words_query(index: tantivy.Index, searcher: tantivy.Searcher, parsed: ParsedQuery) -> tantivy.Query:
    def term_query(term: Term) -> tantivy.Query:
        return _term_query(index, searcher, term)

    def one_of(terms: list[Term]) -> tantivy.Query:
        if len(terms) == 1:
            return term_query(terms[0])
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, term_query(term)) for term in terms])

    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, one_of(terms)) for terms in parsed.groups]
        + [(tantivy.Occur.MustNot, term_query(term)) for term in parsed.excluded])


def _term_query(index: tantivy.Index, searcher: tantivy.Searcher, term: Term) -> tantivy.Query:
    """A word or phrase analysed as the text was (stemmed, lower-cased); a prefix as the index's words that
    begin so (ranked and highlighted as those words are)."""
    if term.prefix:
        words = searcher.terms_with_prefix("body", term.text.lower(), limit=_PREFIX_WORDS)
        if not words:
            return tantivy.Query.empty_query()
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(index.schema, "body", word))
                                            for word, _ in words])
    return index.parse_query('"' + term.text.replace("\\", " ") + '"', ["body"])


def _regex_literal(text: str) -> str:
    return "".join(f"\\{character}" if character in _REGEX_SPECIAL else character for character in text)


def _day(day: dt.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _marked(snippet: tantivy.Snippet, highlight: tuple[str, str]) -> str:
    """The fragment with the words found between the marks (tantivy gives their byte ranges)."""
    fragment = snippet.fragment().encode()
    pieces, position = [], 0
    for found in snippet.highlighted():
        pieces += [fragment[position:found.start].decode(errors="replace"), highlight[0],
                   fragment[found.start:found.end].decode(errors="replace"), highlight[1]]
        position = found.end
    pieces.append(fragment[position:].decode(errors="replace"))
    return " ".join("".join(pieces).split())


@dataclass
class _Published:
    """A published warehouse file's generation, its index, and its organisations (for `--organisation`)."""

    warehouse: Path
    generation: int
    index: tantivy.Index

    def organisation_ids(self, text: str) -> list[str]:
        """Organisations whose name or any spelling in their decisions contains `text`, ignoring case."""
        import duckdb

        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return [key for (key,) in con.execute(
                "SELECT organisation_id FROM core.dim_organisation AS o WHERE contains(lower(organisation_name), $text) "
                "OR EXISTS (SELECT 1 FROM unnest(o.name_variants) AS v(name) WHERE contains(lower(name), $text))",
                {"text": text.strip().lower()}).fetchall()]


_PUBLISHED: dict[tuple[int, ...], _Published] = {}  # a published file (device, inode, size, time) -> what it holds


def _published(warehouse: Path) -> _Published:
    try:
        status = os.stat(warehouse)
    except (FileNotFoundError, NotADirectoryError):
        raise SearchIndexError(f"no warehouse at {warehouse}: run `lgo-pipeline run` first") from None
    key = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    if key not in _PUBLISHED:
        import duckdb

        from lgo_pipeline.publishing.generations import published_generation

        try:
            with duckdb.connect(str(warehouse), read_only=True) as con:
                generation = published_generation(con)
        except duckdb.CatalogException:
            raise SearchIndexError(f"the warehouse at {warehouse} was published before the search index existed: "
                                   "run `lgo-pipeline run` to build it") from None
        except duckdb.Error as error:
            raise SearchIndexError(f"cannot open {warehouse}: {str(error).splitlines()[0]}") from None
        _PUBLISHED.clear()  # the file published before is not asked for again in this process
        _PUBLISHED[key] = _Published(warehouse, generation,
                                     index_store.open_published(WarehouseFiles(warehouse), generation))
    return _PUBLISHED[key]
