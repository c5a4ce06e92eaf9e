"""The tables Python writes, declared once: their DuckDB DDL and Arrow schemas both come from here, and the
parse tables' columns from the parse record (`parsing.records`) itself.

Each producer owns a schema: `raw` (ingest), `parsed` (the parser), `lookup` (normalisation, written whole
from polars frames: their schemas live with the code that builds them). The SQL models own `staging`,
`core` and `marts`. `pipeline` holds the bookkeeping between them: the references whose facts changed, which
the incremental SQL models rebuild (`sql_models.incremental`), and that runner's record of its builds.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass

import pyarrow as pa
from pydantic import BaseModel

from lgo_pipeline.parsing.records import DecisionRecord, Remedy
from lgo_pipeline.publishing.generations import PUBLICATIONS_RELATION

PYTHON_SCHEMAS = ("raw", "parsed", "lookup", "pipeline")
SQL_SCHEMAS = ("staging", "core", "marts")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool = True
    compression: str | None = None  # DuckDB's column compression, when its default is the wrong choice


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...]

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def arrow(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    def ddl(self) -> str:
        return f"CREATE TABLE IF NOT EXISTS {self.relation} ({', '.join(column_ddl(c) for c in self.columns)})"


def duckdb_type(arrow: pa.DataType) -> str:
    if pa.types.is_list(arrow):
        return f"{duckdb_type(arrow.value_type)}[]"
    if pa.types.is_struct(arrow):
        return f"STRUCT({', '.join(f'{field.name} {duckdb_type(field.type)}' for field in arrow)})"
    if pa.types.is_timestamp(arrow):
        return "TIMESTAMP"
    return {pa.string(): "VARCHAR", pa.int32(): "INTEGER", pa.int64(): "BIGINT", pa.float64(): "DOUBLE",
            pa.date32(): "DATE", pa.bool_(): "BOOLEAN"}[arrow]


def column_ddl(column: Column) -> str:
    parts = [column.name, duckdb_type(column.type)]
    if not column.nullable:
        parts.append("NOT NULL")
    if column.compression:
        parts.append(f"USING COMPRESSION {column.compression}")
    return " ".join(parts)


_SCALARS = {str: pa.string(), int: pa.int32(), float: pa.float64(), bool: pa.bool_(), dt.date: pa.date32()}


def _arrow_type(annotation: object) -> tuple[pa.DataType, bool]:
    """(Arrow type, nullable) of a pydantic field's annotation: `str | None`, `Literal[...]`, `list[float]`, a
    nested model."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return _arrow_type(inner)[0], True
    if origin is typing.Literal:
        return pa.string(), False
    if origin is list:
        return pa.list_(_arrow_type(args[0])[0]), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(name, _arrow_type(f.annotation)[0]) for name, f in annotation.model_fields.items()]), False
    return _SCALARS[annotation], False


def columns_of(model: type[BaseModel], exclude: frozenset[str] = frozenset()) -> tuple[Column, ...]:
    """A column per field of `model`, typed and nullable as the model says."""
    return tuple(Column(name, *_arrow_type(field.annotation))
                 for name, field in model.model_fields.items() if name not in exclude)


_PARSER_VERSION = Column("parser_version", pa.int32(), nullable=False)
_FILE_ID = Column("file_id", pa.string(), nullable=False)

DECISION_FILES = Table("raw", "decision_files", (
    _FILE_ID,  # sha256 of the bytes
    Column("path", pa.string(), nullable=False),  # the first path the content was seen at
    Column("paths", pa.list_(pa.string()), nullable=False),  # every path the same bytes were seen at
    Column("bytes", pa.int64(), nullable=False),
    Column("encoding", pa.string(), nullable=False),  # codec used (repairs in brackets), or 'binary: <what>'
    # decoded text (NULL for binary). zstd, not DuckDB's default string compression: measured on 20,000
    # decisions, written 2.5x faster and 9x smaller.
    Column("text", pa.string(), compression="zstd"),
    Column("first_seen_at", pa.timestamp("us"), nullable=False),
    Column("last_seen_at", pa.timestamp("us"), nullable=False),
))
SCAN_ISSUES = Table("raw", "scan_issues", (  # files the last scan found but could not read, and why
    Column("path", pa.string(), nullable=False), Column("issue", pa.string(), nullable=False),
    Column("seen_at", pa.timestamp("us"), nullable=False),
))
PATH_INDEX = Table("raw", "path_index", (  # what the last scan saw: unchanged files are not read again
    Column("path", pa.string(), nullable=False), Column("bytes", pa.int64(), nullable=False),
    Column("mtime_ns", pa.int64(), nullable=False), _FILE_ID,
))
# The folders the last scan found, and each one's modification time when it was listed (-1: list it again):
# a quick scan lists only the folders whose time changed (`ingest.change_record`).
FOLDER_INDEX = Table("raw", "folder_index", (
    Column("folder", pa.string(), nullable=False), Column("mtime_ns", pa.int64(), nullable=False),
))
SCANS = Table("raw", "scans", (  # one row per scan of the raw folder: what it listed and read
    Column("started_at", pa.timestamp("us"), nullable=False),
    Column("full_scan", pa.bool_(), nullable=False),  # every folder listed and every file stat'ed
    Column("folders", pa.int32(), nullable=False),
    Column("folders_listed", pa.int32(), nullable=False),
    Column("files_read", pa.int32(), nullable=False),
    Column("new_files", pa.int32(), nullable=False),
))
# The search result card of each fetched decision (latest listing per reference), copied from the fetch's
# state (`fetch.state`) so that SQL can complete a page that states no outcome, date or category.
DECISION_CARDS = Table("raw", "decision_cards", (
    Column("reference", pa.string(), nullable=False),
    Column("url", pa.string(), nullable=False),  # the decision page's address, as fetched
    Column("page_path", pa.string()),  # where the page is stored below the raw folder; NULL: not fetched (yet)
    Column("category_slug", pa.string(), nullable=False),  # from the URL: adult-care-services
    Column("sub_category_slug", pa.string(), nullable=False),
    Column("organisation", pa.string()),
    Column("document_type", pa.string()),  # Statement | Report
    Column("outcome", pa.string()),
    Column("category_sub", pa.string()),  # the sub-category label on the card
    Column("decision_date", pa.date32()),
    Column("summary", pa.string()),
    Column("listed_at", pa.timestamp("us"), nullable=False),  # when a search last listed it (UTC)
))
# What the site's search listed for each month a fetch walked (its latest walk), copied from the fetch's state:
# our reconciliation with what the Ombudsman publishes (marts.fetch_coverage).
FETCH_MONTHS = Table("raw", "fetch_months", (
    Column("organisation_filter", pa.string(), nullable=False),  # '' for the whole site; else --organisation
    Column("month", pa.string(), nullable=False),  # 2024-03
    Column("listed", pa.int32()),  # the site's own count; NULL when the page did not state one
    Column("cards", pa.int32(), nullable=False),  # result cards read, dated in the month
    Column("complete", pa.bool_(), nullable=False),  # cards >= listed: not walked again
    Column("gone", pa.int32(), nullable=False),  # of its cards' pages, those that answered 404/410 on three days
    Column("last_checked", pa.timestamp("us"), nullable=False),  # when the month was last walked (UTC)
))
# The parse record as stored: what is derived from it elsewhere is not stored twice (the payments are the rows
# of `parsed.remedies`; the canonical outcome of a Decision line is the normalisation's `lookup.outcome_labels`,
# and the stored `outcome_canonical` is read only where the outcome came from the page's words, with no line).
DECISIONS = Table("parsed", "decisions", (
    _FILE_ID,
    *columns_of(DecisionRecord, exclude=frozenset({"ok", "error", "remedies", "remedy_amounts_gbp"})),
    _PARSER_VERSION,
))
REMEDIES = Table("parsed", "remedies", (
    _FILE_ID, Column("reference", pa.string(), nullable=False), Column("remedy_index", pa.int32(), nullable=False),
    *columns_of(Remedy), _PARSER_VERSION,
))
PARSE_QUARANTINE = Table("parsed", "parse_quarantine", (
    _FILE_ID, Column("path", pa.string(), nullable=False), Column("reason", pa.string(), nullable=False),
    _PARSER_VERSION,
))
# References whose facts may have changed since the incremental SQL models last built them: written by the
# parse (the references of the files parsed, and of the rows a re-parse replaced) and by the copy of the
# fetch's cards (cards whose values changed); emptied by the SQL models once every incremental one is rebuilt.
PENDING_REFERENCES = Table("pipeline", "pending_references", (Column("reference", pa.string(), nullable=False),))
# References the incremental SQL models rebuilt, for the search index, which is kept outside the warehouse: the
# runner moves the pending references here once every incremental model has taken them in, and a NULL when one
# was built in full (any reference may then have changed); the index's refresh empties it.
RELEASED_REFERENCES = Table("pipeline", "released_references", (Column("reference", pa.string()),))
# What the working search index holds: a fingerprint of the facts of each decision it was given.
SEARCH_DOCUMENTS = Table("pipeline", "search_documents", (
    Column("reference", pa.string(), nullable=False), Column("fingerprint", pa.string(), nullable=False),
))
# One row per publication: readers of the published file see generation max(generation), and the search
# index's version of that generation (`search.index_store`).
PUBLICATIONS = Table(*PUBLICATIONS_RELATION.split("."), (
    Column("generation", pa.int64(), nullable=False), Column("published_at", pa.timestamp("us"), nullable=False),
))
TABLES = (DECISION_FILES, SCAN_ISSUES, PATH_INDEX, FOLDER_INDEX, SCANS, DECISION_CARDS, FETCH_MONTHS, DECISIONS,
          REMEDIES, PARSE_QUARANTINE, PENDING_REFERENCES, RELEASED_REFERENCES, SEARCH_DOCUMENTS, PUBLICATIONS)
PARSE_TABLES = (DECISIONS, REMEDIES, PARSE_QUARANTINE)
