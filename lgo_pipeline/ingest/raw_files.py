"""Write scanned files into `raw.decision_files`: one row per distinct content, every path remembered; and the
record of the scan (path index, folder index, scan issues) the next scan starts from."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from lgo_pipeline.ingest.change_record import FolderIndex, FolderWalk, printable_path, walk_folders
from lgo_pipeline.ingest.scanning import (
    PathIndex, RawFile, Scan, ScanIssue, check_raw_dir, scan_changes, scan_in_full,
)
from lgo_pipeline.ingest.fetch_tables import pages_written_since
from lgo_pipeline.publishing.read_only import connect_read_only
from lgo_pipeline.tunables import DEFAULT_TUNABLES, Tunables
from lgo_pipeline.warehouse.schema import DECISION_FILES, FOLDER_INDEX, PATH_INDEX, SCAN_ISSUES, SCANS
from lgo_pipeline.warehouse.transactions import transaction

PROGRESS_EVERY = 5000
_PARENT = "parse_dirpath(path, 'forward_slash')"  # the folder of a path, in SQL (POSIX paths)


@dataclass(frozen=True)
class IngestStats:
    files_scanned: int  # every file the record holds after the scan, unreadable ones included
    new_files: int
    known_files: int  # files whose content was already stored (or seen earlier in this scan)
    new_paths_for_known_content: int
    files_read: int = 0  # files whose bytes were read (the rest were unchanged since the last scan)
    scan_issues: int = 0  # files found but not readable (raw.scan_issues says why)
    folders: int = 0
    folders_listed: int = 0  # the folders whose names changed since the last scan (every folder in a full scan)
    full_scan: bool = True


def load_folder_index(con: duckdb.DuckDBPyConnection) -> FolderIndex | None:
    """The folders of the last scan and their times; None before the first scan (the next one is full)."""
    record = dict(con.execute(f"SELECT folder, mtime_ns FROM {FOLDER_INDEX.relation}").fetchall())
    return record or None


def published_folder_record(warehouse: Path) -> FolderIndex | None:
    """The folder index of the last scan, read-only from a published warehouse: what the command line and the
    sensor compare the raw folder with. None when there is no warehouse or no record in it yet."""
    if not warehouse.is_file():
        return None
    try:
        with connect_read_only(warehouse) as con:
            return load_folder_index(con)
    except duckdb.Error:  # a warehouse written before the record existed
        return None


def load_path_index(con: duckdb.DuckDBPyConnection) -> PathIndex:
    """What the last scan saw of every file, for files whose content is still stored (the others must be
    read again): what a full scan compares each file's size and time with."""
    return {path: (size, mtime, fid) for path, size, mtime, fid in con.execute(
        "SELECT path, bytes, mtime_ns, file_id FROM raw.path_index SEMI JOIN raw.decision_files USING (file_id)"
    ).fetchall()}


def _quick_scan(con: duckdb.DuckDBPyConnection, walk: FolderWalk, rewritten: frozenset[str],
                tunables: Tunables) -> Scan:
    """What changed in the listed folders, asked of the path index in SQL (no row of it comes to Python): the
    names it does not hold whole (new, or last read while being written, or content no longer stored), and
    its names there that are gone."""
    listed_files = pa.table({"path": [printable_path(path) for path in walk.files]})  # noqa: F841 (read by DuckDB)
    touched = pa.table({"folder": [*walk.listed, *walk.vanished]})  # noqa: F841
    unseen = [path for (path,) in con.execute(f"""
        SELECT path FROM listed_files
        ANTI JOIN (SELECT path FROM {PATH_INDEX.relation} SEMI JOIN raw.decision_files USING (file_id)
                   WHERE mtime_ns <> -1) USING (path)""").fetchall()]
    gone = [path for (path,) in con.execute(f"""
        SELECT path FROM {PATH_INDEX.relation} WHERE {_PARENT} IN (SELECT folder FROM touched)
        AND path NOT IN (SELECT path FROM listed_files)""").fetchall()]
    unseen += [path for path in rewritten if os.path.isfile(path)]
    return scan_changes(walk, sorted(set(unseen)), gone, tunables)


def ingest_raw_folder(con: duckdb.DuckDBPyConnection, raw_dir: Path, seen_at: dt.datetime,
                      exclude: frozenset[Path] = frozenset(), full_scan: bool = False,
                      progress: Callable[[int, int], None] | None = None,
                      tunables: Tunables = DEFAULT_TUNABLES) -> IngestStats:
    """Scan `raw_dir` from the record of the last scan (quick: only folders whose names changed are listed,
    and the pages a fetch rewrote since are read again; full when asked or when there is no record) and store
    what it found."""
    check_raw_dir(raw_dir)
    record = None if full_scan else load_folder_index(con)
    walk = walk_folders(raw_dir, exclude, record)
    if record is None:
        return store_raw_files(con, scan_in_full(walk, load_path_index(con), tunables), seen_at, progress, tunables)
    (last_scan,) = con.execute(f"SELECT max(started_at) FROM {SCANS.relation}").fetchone()
    return store_raw_files(con, _quick_scan(con, walk, pages_written_since(raw_dir, last_scan), tunables), seen_at,
                           progress, tunables)


def _save_record(con: duckdb.DuckDBPyConnection, found: Scan, read: dict[str, list], issues: list[ScanIssue],
                 seen_at: dt.datetime) -> None:
    """This scan's findings become the record: index rows of files gone or read again go, rows of the files
    read come; the scan issues of the folders it listed (and those gone) are this scan's; folders not listed
    keep their rows. The folder index is replaced whole (a row per folder)."""
    touched = pa.table({"folder": [*found.walk.listed, *found.walk.vanished]})  # noqa: F841 (read by DuckDB)
    gone = pa.table({"path": found.gone}, schema=pa.schema([("path", pa.string())]))  # noqa: F841
    fresh = pa.table(read, schema=PATH_INDEX.arrow)  # noqa: F841
    found_issues = pa.table({"path": [i.path for i in issues], "issue": [i.issue for i in issues],  # noqa: F841
                             "seen_at": [seen_at] * len(issues)}, schema=SCAN_ISSUES.arrow)
    folders = pa.table({"folder": list(found.walk.folders), "mtime_ns": list(found.walk.folders.values())},  # noqa: F841
                       schema=FOLDER_INDEX.arrow)
    with transaction(con):
        con.execute(f"DELETE FROM {PATH_INDEX.relation} WHERE path IN (SELECT path FROM gone) "
                    "OR path IN (SELECT path FROM fresh)")
        con.execute(f"INSERT INTO {PATH_INDEX.relation} BY NAME SELECT * FROM fresh")
        con.execute(f"DELETE FROM {SCAN_ISSUES.relation} WHERE {_PARENT} IN (SELECT folder FROM touched) "
                    "OR path IN (SELECT path FROM found_issues) OR path IN (SELECT path FROM fresh)")
        con.execute(f"INSERT INTO {SCAN_ISSUES.relation} BY NAME SELECT * FROM found_issues")
        con.execute(f"DELETE FROM {FOLDER_INDEX.relation}")
        con.execute(f"INSERT INTO {FOLDER_INDEX.relation} BY NAME SELECT * FROM folders")


def _insert(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Python rows to Arrow with pyarrow (five times faster than through a polars frame here), then DuckDB."""
    columns = {name: [row[name] for row in rows] for name in DECISION_FILES.arrow.names}
    new_files = pa.Table.from_pydict(columns, schema=DECISION_FILES.arrow)  # noqa: F841 (read by DuckDB by name)
    con.execute(f"INSERT INTO {DECISION_FILES.relation} BY NAME SELECT * FROM new_files")


def _stored(con: duckdb.DuckDBPyConnection, file_ids: Iterable[str]) -> set[str]:
    """Which of these contents are stored: asked for the files read, never the whole table."""
    wanted = pa.table({"file_id": list(file_ids)})  # noqa: F841 (read by DuckDB by name)
    return {fid for (fid,) in con.execute(
        "SELECT file_id FROM raw.decision_files WHERE file_id IN (SELECT file_id FROM wanted)").fetchall()}


def _paths_of(con: duckdb.DuckDBPyConnection, file_ids: Iterable[str]) -> dict[str, set[str]]:
    """The paths stored for these file_ids: fetched only for content read again, not for the whole table."""
    wanted = pa.table({"file_id": list(file_ids)})  # noqa: F841 (read by DuckDB by name)
    return {fid: set(paths) for fid, paths in con.execute(
        "SELECT file_id, paths FROM raw.decision_files WHERE file_id IN (SELECT file_id FROM wanted)").fetchall()}


class _Batches:
    """The files read, stored a batch at a time: which content is new is asked of the warehouse per batch
    (content first seen earlier in this scan is stored by then), so nothing grows with the table."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seen_at: dt.datetime, size: int):
        self.con, self.seen_at, self.size = con, seen_at, size
        self.waiting: list[RawFile] = []
        self.sightings: dict[str, set[str]] = defaultdict(set)  # stored content read again: under which paths
        self.new = 0

    def add(self, raw_file: RawFile) -> None:
        self.waiting.append(raw_file)
        if len(self.waiting) >= self.size:
            self.flush()

    def flush(self) -> None:
        stored = _stored(self.con, {f.file_id for f in self.waiting})
        pending: dict[str, dict] = {}
        for raw_file in self.waiting:
            if raw_file.file_id in stored:
                self.sightings[raw_file.file_id].add(raw_file.path)
            elif raw_file.file_id in pending:
                pending[raw_file.file_id]["paths"].append(raw_file.path)
            else:
                pending[raw_file.file_id] = {
                    "file_id": raw_file.file_id, "path": raw_file.path, "paths": [raw_file.path],
                    "bytes": raw_file.bytes, "encoding": raw_file.content.encoding, "text": raw_file.content.text,
                    "first_seen_at": self.seen_at, "last_seen_at": self.seen_at,
                }
        if pending:
            _insert(self.con, list(pending.values()))
            self.new += len(pending)
        self.waiting.clear()


def store_raw_files(con: duckdb.DuckDBPyConnection, found: Scan, seen_at: dt.datetime,
                    progress: Callable[[int, int], None] | None = None,
                    tunables: Tunables = DEFAULT_TUNABLES) -> IngestStats:
    """Insert content not stored before; for content already stored, record new paths and last_seen_at;
    files that could not be read go to raw.scan_issues; the scan's record is saved for the next one.

    New rows are flushed in batches so memory does not grow with the folder; `progress(read, new)` is called
    every PROGRESS_EVERY files read. Files the scan did not read cost nothing here: a quick scan's cost is
    the folders it listed and the files it read. `last_seen_at` moves for the files read, and for every file a
    full scan finds.
    """
    batches = _Batches(con, seen_at, tunables.ingest_batch_files)
    read_index: dict[str, list] = {"path": [], "bytes": [], "mtime_ns": [], "file_id": []}
    issues: list[ScanIssue] = list(found.hidden)
    # One transaction for the new content: DuckDB writes whole row groups straight into the file instead of
    # logging each batch (measured at 100,000 files: 42 s -> 30 s). A run killed mid-scan stores none of
    # this scan's new files; the next run stores them all.
    with transaction(con):
        for raw_file in found.read:
            if isinstance(raw_file, ScanIssue):
                issues.append(raw_file)
                continue
            for column, value in zip(read_index, (raw_file.path, raw_file.bytes, raw_file.mtime_ns, raw_file.file_id)):
                read_index[column].append(value)
            batches.add(raw_file)
            if progress and len(read_index["path"]) % PROGRESS_EVERY == 0:
                progress(len(read_index["path"]), batches.new)
        batches.flush()
    _save_record(con, found, read_index, issues, seen_at)
    read_ids = pa.table({"file_id": read_index["file_id"]})  # noqa: F841 (read by DuckDB by name)
    seen = PATH_INDEX.relation if found.full else "read_ids"
    con.execute(f"UPDATE raw.decision_files SET last_seen_at = ? WHERE file_id IN (SELECT file_id FROM {seen})",
                [seen_at])
    sightings = batches.sightings
    known_paths = _paths_of(con, sightings) if sightings else {}
    new_paths = sum(len(paths - known_paths[fid]) for fid, paths in sightings.items())
    moved = {fid: sorted(paths | known_paths[fid]) for fid, paths in sightings.items() if paths - known_paths[fid]}
    if moved:  # content seen under a new name: remember every path (rare; most re-runs touch nothing here)
        renamed = pa.table({"file_id": list(moved), "all_paths": list(moved.values())})  # noqa: F841
        con.execute("UPDATE raw.decision_files AS r SET paths = n.all_paths FROM renamed AS n "
                    "WHERE r.file_id = n.file_id")
    held, unreadable = con.execute(
        f"SELECT (SELECT count(*) FROM {PATH_INDEX.relation}), (SELECT count(*) FROM {SCAN_ISSUES.relation})").fetchone()
    read = len(read_index["path"])
    scans = pa.table({"started_at": [seen_at], "full_scan": [found.full], "folders": [len(found.walk.folders)],  # noqa: F841
                      "folders_listed": [len(found.walk.listed)], "files_read": [read], "new_files": [batches.new]},
                     schema=SCANS.arrow)
    con.execute(f"INSERT INTO {SCANS.relation} BY NAME SELECT * FROM scans")
    scanned = held + unreadable
    return IngestStats(scanned, batches.new, scanned - batches.new - unreadable, new_paths, read, unreadable,
                       len(found.walk.folders), len(found.walk.listed), found.full)
