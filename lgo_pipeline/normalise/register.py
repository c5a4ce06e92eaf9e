"""mySociety's register of UK local authorities, read into entries the matcher and the warehouse use.

Only English authorities are kept: the Ombudsman's jurisdiction is England, and keeping Welsh or
Scottish councils would only add wrong candidates (a `Newport City Council` typo must not match Wales).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import polars as pl

LOOKUP_FILE_NAME = "lookup_name_to_registry.csv"
REQUIRED_COLUMNS = ("local-authority-code", "official-name", "nice-name", "gss-code", "end-date", "replaced-by",
                    "nation", "local-authority-type", "alt-names")
# Register type code -> our organisation_type. The five peer groups are among them.
REGISTER_TYPES = {
    "CTY": "county",
    "NMD": "district",
    "UA": "unitary",
    "MD": "metropolitan_borough",
    "LBO": "london_borough",
    "CC": "city_corporation",
    "COMB": "combined_authority",
    "SRA": "greater_london_authority",
}
REGISTER_SCHEMA = {
    "register_code": pl.String, "official_name": pl.String, "nice_name": pl.String, "gss_code": pl.String,
    "start_date": pl.String, "end_date": pl.String, "replaced_by": pl.List(pl.String), "register_type": pl.String,
    "organisation_type": pl.String, "lookup_names": pl.List(pl.String), "alt_names": pl.List(pl.String),
}


class RegisterError(ValueError):
    """A register file that cannot be read, naming the file and what is wrong."""


@dataclass(frozen=True)
class RegisterEntry:
    register_code: str
    official_name: str
    nice_name: str
    gss_code: str | None
    start_date: str | None
    end_date: str | None
    replaced_by: tuple[str, ...]
    register_type: str
    organisation_type: str
    lookup_names: tuple[str, ...] = ()  # one variant per row of the register's name lookup
    alt_names: tuple[str, ...] = ()  # the comma-joined alt-names column split: fragments of names with commas


def _blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise RegisterError(f"{path}: not the organisation register: missing columns {', '.join(missing)}")
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise RegisterError(f"{path}: cannot read the organisation register: {error}") from error


def _lookup_names(path: Path | None) -> dict[str, list[str]]:
    if path is None or not path.is_file():
        return {}
    names: dict[str, list[str]] = {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                code, name = _blank_to_none(row.get("local-authority-code")), _blank_to_none(row.get("la-name"))
                if code and name:
                    names.setdefault(code, []).append(name)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise RegisterError(f"{path}: cannot read the register's name lookup: {error}") from error
    return names


def read_register(path: Path, lookup_path: Path | None = None) -> list[RegisterEntry]:
    """English authorities of the register CSV, with the name lookup beside it when there is one."""
    lookup = _lookup_names(lookup_path if lookup_path is not None else path.with_name(LOOKUP_FILE_NAME))
    entries = []
    for row in _read_rows(path):
        code, register_type = _blank_to_none(row["local-authority-code"]), _blank_to_none(row["local-authority-type"])
        if not code or row["nation"].strip() != "England" or register_type not in REGISTER_TYPES:
            continue
        entries.append(RegisterEntry(
            register_code=code,
            official_name=" ".join(row["official-name"].split()),
            nice_name=" ".join(row["nice-name"].split()),
            gss_code=_blank_to_none(row["gss-code"]),
            start_date=_blank_to_none(row.get("start-date")),
            end_date=_blank_to_none(row["end-date"]),
            replaced_by=tuple(c.strip() for c in row["replaced-by"].split(",") if c.strip()),
            register_type=register_type,
            organisation_type=REGISTER_TYPES[register_type],
            lookup_names=tuple(sorted(set(lookup.get(code, [])))),
            alt_names=tuple(sorted({n.strip() for n in row["alt-names"].split(",") if n.strip()})),
        ))
    if not entries:
        raise RegisterError(f"{path}: the organisation register has no English authorities")
    return sorted(entries, key=lambda e: e.register_code)


def register_frame(entries: list[RegisterEntry]) -> pl.DataFrame:
    rows = [{**entry.__dict__, "replaced_by": list(entry.replaced_by), "lookup_names": list(entry.lookup_names),
             "alt_names": list(entry.alt_names)} for entry in entries]
    return pl.DataFrame(rows, schema=REGISTER_SCHEMA)


def entries_from_frame(frame: pl.DataFrame) -> list[RegisterEntry]:
    return [
        RegisterEntry(**{**row, "replaced_by": tuple(row["replaced_by"]), "lookup_names": tuple(row["lookup_names"]),
                         "alt_names": tuple(row["alt_names"])})
        for row in frame.iter_rows(named=True)
    ]
