"""Shared fixtures: the bundled sample, temporary warehouses, and a full materialisation helper."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lgo_pipeline.normalise.register_source import SNAPSHOT_REGISTER
from lgo_pipeline.orchestration import execute_refresh
from lgo_pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "data" / "sample"
# A register of our own making in mySociety's format: the sample's councils plus the hard cases
# (a county and its district, a split, a chain of successors, two councils of one place).
SMALL_REGISTER = Path(__file__).resolve().parent / "fixtures" / "register_small.csv"
# mySociety's real register, the dated snapshot the package ships with its licence (its README.md).
REAL_REGISTER = SNAPSHOT_REGISTER
SEED = {
    "central_bedfordshire": SAMPLE_DIR / "000_606a2204d5827cec.txt",
    "staffordshire": SAMPLE_DIR / "001_01bc15cdf5a7ca05.txt",
    "buckinghamshire": SAMPLE_DIR / "002_447a811342a9528e.txt",
    "bexley": SAMPLE_DIR / "003_adaa2937e2b90f86.txt",
    "worcestershire": SAMPLE_DIR / "004_9f796089d415b712.txt",
}


def settle(folder: Path) -> None:
    """The folders below `folder` changed in the last minute an hour back, as after a quiet hour (a folder
    changed in the last seconds is listed again on purpose: see `ingest.change_record`)."""
    now, hour = time.time_ns(), 3600 * 10**9
    for path, _, _ in os.walk(folder):
        changed = os.stat(path).st_mtime_ns
        if now - changed < hour // 60:
            os.utime(path, ns=(changed - hour, changed - hour))


def materialize_all(raw_dir: Path, warehouse: Path, full_refresh: bool = False,
                    register: str | None = str(SMALL_REGISTER)) -> dg.ExecuteInProcessResult:
    """The refresh job on `raw_dir` into `warehouse`, run as `lgo-pipeline run` runs it (same Definitions,
    same resources from Settings)."""
    result, _ = execute_refresh(Settings(raw_dir, warehouse, register), full_refresh)
    return result


REGISTER_COLUMNS = ("official-name", "local-authority-code", "nice-name", "gss-code", "start-date", "end-date",
                    "replaced-by", "nation", "local-authority-type", "alt-names")


def write_register(path: Path, authorities: list[tuple[str, str, str, str, str]]) -> Path:
    """A register in mySociety's format: (code, official name, GSS code, type code, replaced-by) per row."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTER_COLUMNS)
        for code, name, gss, kind, replaced_by in authorities:
            ended = "2023-03-31" if replaced_by else ""
            writer.writerow((name, code, name, gss, "", ended, replaced_by, "England", kind, name))
    return path


def rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def failed_checks(result: dg.ExecuteInProcessResult) -> list[str]:
    return [f"{e.asset_key.to_user_string()}:{e.check_name}" for e in result.get_asset_check_evaluations() if not e.passed]


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dg.ExecuteInProcessResult]:
    """The bundled sample materialised once per test module."""
    path = tmp_path_factory.mktemp("sample") / "warehouse.duckdb"
    return path, materialize_all(SAMPLE_DIR, path)


def decision_text(organisation: str, reference: str, outcome: str, decided: str,
                  payments: tuple[int, ...] = (), category: str = "Housing > Homelessness") -> str:
    """A small decision page in the common layout, with one Agreed action bullet per payment."""
    lines = [
        f"{organisation} ({reference})", "", f"Category : {category}", "", f"Decision : {outcome}", "",
        f"Decision date : {decided}", "", "The Ombudsman's final decision:", "",
        "Summary: Mr X complained about the Council.", "", "The complaint", "",
        "  1. Mr X complains about the Council.", "",
    ]
    if payments:
        lines += ["Agreed action", "", "  1. Within one month of my final decision the Council agrees to:"]
        lines += [f"    • Pay Mr X £{amount:,} for his distress." for amount in payments]
        lines += [""]
    lines += ["Final decision", "", "  1. Final decision.", "", "Investigator's decision on behalf of the Ombudsman"]
    return "\n".join(lines)
