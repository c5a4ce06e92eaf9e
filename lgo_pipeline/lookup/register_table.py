"""Keep the organisation register in the warehouse (lookup.organisation_register).

The table, not the download, is what matching reads, so a run that cannot reach the register keeps
the copy it stored last time (status `reused`) instead of degrading names that were resolved before.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from lgo_pipeline.normalise.register import (
    REGISTER_SCHEMA, RegisterEntry, RegisterError, entries_from_frame, read_register, register_frame,
)
from lgo_pipeline.normalise.register_source import RegisterLocation
from lgo_pipeline.warehouse.frames import query_frame, replace_table

REGISTER_TABLE = "lookup.organisation_register"
SOURCE_TABLE = "lookup.organisation_register_source"
_SOURCE_SCHEMA = {"origin": pl.String, "status": pl.String, "detail": pl.String, "entries": pl.Int64}


@dataclass(frozen=True)
class RegisterLoad:
    origin: str
    status: str  # file | downloaded | cached | snapshot | reused | unavailable
    detail: str
    entries: int

    @property
    def available(self) -> bool:
        return self.entries > 0

    @property
    def summary_line(self) -> str:
        if not self.available:
            return (f"unavailable: {self.detail}; organisations named by rule: no GSS codes, tiers, peer rates or "
                    "successors, and one council's spellings may count as two organisations. LGO_ORG_REGISTER (a "
                    "file of the register) fixes it")
        if self.status == "snapshot":
            return f"snapshot: {self.entries} authorities from {self.detail}"
        line = f"{self.status}: {self.entries} authorities from {self.origin}"
        return f"{line} ({self.detail})" if self.detail else line


def _stored_entries(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'lookup' "
                         "AND table_name = 'organisation_register'").fetchone()[0]
    return con.execute(f"SELECT count(*) FROM {REGISTER_TABLE}").fetchone()[0] if exists else 0


def refresh_register(con: duckdb.DuckDBPyConnection, location: RegisterLocation) -> RegisterLoad:
    """Store the register found at `location`; else keep the stored copy (also rather than the shipped
    snapshot: what an earlier run read may be newer, or the register the user chose); else store an empty one.

    A file that is not a register counts as no register, with the reason: the run completes on
    rule-based names and the register check says what to fix.
    """
    entries, detail = [], location.detail
    if location.status == "snapshot" and _stored_entries(con):  # a register an earlier run read beats the snapshot
        location = RegisterLocation(None, location.origin, "unavailable", location.detail.split(": ", 1)[-1])
        detail = location.detail
    if location.available:
        try:
            entries = read_register(location.path)
        except RegisterError as error:
            detail = str(error)
    if entries:
        replace_table(con, REGISTER_TABLE, register_frame(entries))
        load = RegisterLoad(location.origin, location.status, detail if location.status == "snapshot" else "",
                            len(entries))
    elif stored := _stored_entries(con):
        load = RegisterLoad(location.origin, "reused", f"{detail}; kept the copy stored by an earlier run", stored)
    else:
        replace_table(con, REGISTER_TABLE, pl.DataFrame(schema=REGISTER_SCHEMA))
        load = RegisterLoad(location.origin, "unavailable", detail, 0)
    replace_table(con, SOURCE_TABLE, pl.DataFrame([load.__dict__], schema=_SOURCE_SCHEMA))
    return load


def stored_register(con: duckdb.DuckDBPyConnection) -> list[RegisterEntry]:
    return entries_from_frame(query_frame(con, f"SELECT * FROM {REGISTER_TABLE} ORDER BY register_code"))


def register_load(con: duckdb.DuckDBPyConnection) -> RegisterLoad:
    origin, status, detail, entries = con.execute(f"SELECT * FROM {SOURCE_TABLE}").fetchone()
    return RegisterLoad(origin, status, detail, entries)
