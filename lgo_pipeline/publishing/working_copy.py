"""The working copy the pipeline writes and the published snapshot readers query.

DuckDB lets one process write a file, and while it writes no other process may even read it. So a run
writes a private working copy (`.work/warehouse.duckdb` beside the warehouse) and, when every blocking
check has passed, publishes it: a checkpoint, a copy to a temporary name, then one atomic rename over
`warehouse.duckdb`. Readers open the published file read-only and never wait for a run; a reader that
opened it before the rename keeps reading the old state. A run killed at any point leaves the working
copy (DuckDB's write-ahead log makes it consistent) and the last published state untouched.

What else a reader sees is built beside the working copy too (`.work/report/`) and published in the same
step, after the database: `report` beside the warehouse is a link to a versioned folder, swapped by one
atomic rename, so a run stopped by a check publishes neither its database nor its report.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line's "anything new?" reads these paths without loading DuckDB
    import duckdb

WORK_FOLDER = ".work"
REPORT_FOLDER = "report"


_DUCKDB_MAGIC = (8, b"DUCK")  # where a DuckDB file says what it is


def is_duckdb_file(path: Path) -> bool:
    """An existing file is a DuckDB database (an empty one is not)."""
    offset, magic = _DUCKDB_MAGIC
    with open(path, "rb") as handle:
        return handle.read(offset + len(magic))[offset:] == magic


@dataclass(frozen=True)
class WarehouseFiles:
    published: Path  # what users query: LGO_WAREHOUSE, data/warehouse.duckdb by default

    @property
    def paths(self) -> frozenset[Path]:
        """The published DuckDB file, its log, the working folder and a copy being published: what a scan of
        a raw folder that holds the warehouse must leave alone."""
        published = self.published
        return frozenset({published, _wal(published), self.work.parent, self.publishing})

    @property
    def work(self) -> Path:
        """Same file name, so DuckDB's catalog name (the file stem) is the same in both."""
        return self.published.parent / WORK_FOLDER / self.published.name

    @property
    def lock(self) -> Path:
        return self.work.with_name(self.work.name + ".lock")

    @property
    def publishing(self) -> Path:
        return self.published.with_name(f".{self.published.name}.publishing")

    @property
    def work_report(self) -> Path:
        """Where a run builds the report, unseen until it is published."""
        return self.work.parent / REPORT_FOLDER

    @property
    def published_report(self) -> Path:
        """The report readers open: data/report/index.html by default."""
        return self.published.parent / REPORT_FOLDER


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _copy_durably(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def prepare_work_copy(files: WarehouseFiles) -> None:
    """Start the working copy from the published warehouse when there is none (first run after an
    upgrade from a single-file warehouse, or a deleted .work folder): its history is kept."""
    if files.work.exists() or not files.published.exists():
        files.work.parent.mkdir(parents=True, exist_ok=True)
        return
    files.work.parent.mkdir(parents=True, exist_ok=True)
    if _wal(files.published).exists():  # a single-file warehouse's log: fold it in before copying
        import duckdb

        with duckdb.connect(str(files.published)) as con:
            con.execute("CHECKPOINT")
    staged = files.work.with_name(files.work.name + ".copying")
    _copy_durably(files.published, staged)
    os.replace(staged, files.work)


def publish(con: duckdb.DuckDBPyConnection, files: WarehouseFiles) -> int:
    """Checkpoint the working copy (`con` is open on it) and swap it in as the published file, then the
    report the run built; bytes of the database."""
    con.execute("FORCE CHECKPOINT")  # everything in the main file, the log empty: the file alone is whole
    _copy_durably(files.work, files.publishing)
    _wal(files.published).unlink(missing_ok=True)  # a stale log must never be replayed onto the new file
    os.replace(files.publishing, files.published)
    if files.work_report.exists():
        publish_folder(files.work_report, files.published_report)
    return files.published.stat().st_size


def publish_folder(built: Path, link: Path) -> None:
    """Move `built` to a versioned folder beside `link` and point `link` at it with one atomic rename; older
    versions are removed. A reader holding a file of the old version keeps reading it."""
    version = link.with_name(f".{link.name}.{time.time_ns()}")
    os.replace(built, version)
    staged_link = link.with_name(f".{link.name}.link")
    staged_link.unlink(missing_ok=True)
    os.symlink(version.name, staged_link)  # relative: the data folder can move
    if link.is_dir() and not link.is_symlink():  # a report folder written before versions: once
        shutil.rmtree(link)
    os.replace(staged_link, link)
    for old in link.parent.glob(f".{link.name}.[0-9]*"):
        if old != version:
            shutil.rmtree(old, ignore_errors=True)
