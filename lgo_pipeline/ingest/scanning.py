"""Scan the raw folder: which files to read (see `change_record` for which folders to list), and each file read:
its sha256 (the file_id) and its decoded text."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.ingest.change_record import FolderWalk, printable_path, walk_folders
from lgo_pipeline.decoding import Decoded, decode_bytes
from lgo_pipeline.tunables import DEFAULT_TUNABLES, Tunables


class RawDirError(Exception):
    """The raw folder cannot be scanned (missing, not a folder)."""


# path -> (size, mtime_ns, file_id) as last scanned: a file with the same size and modification time is
# taken as unchanged and not read again (as make and git do).
PathIndex = dict[str, tuple[int, int, str]]


_READ_ATTEMPTS = 3  # a file still being written is read again, then taken as it is and re-read next scan


@dataclass(frozen=True)
class RawFile:
    """A file's identity and, when it was read, its decoded content (most files of a re-run are not read)."""

    file_id: str
    path: str  # printable: a name that is not valid UTF-8 keeps its odd bytes as backslash escapes
    content: Decoded | None  # None: unchanged since the last scan, not read
    bytes: int
    mtime_ns: int  # -1 when the file changed while it was read: never taken as unchanged


@dataclass(frozen=True)
class ScanIssue:
    """A file the scan found but could not read: it is listed, never skipped silently."""

    path: str
    issue: str


def check_raw_dir(raw_dir: Path) -> None:
    """RawDirError, naming the folder, when there is nothing to scan."""
    if not raw_dir.exists():
        raise RawDirError(f"raw folder not found: {raw_dir} (set LGO_RAW_DIR or pass --raw-dir)")
    if not raw_dir.is_dir():
        raise RawDirError(f"raw folder is not a folder: {raw_dir}")


def holds_a_file(raw_dir: Path, exclude: frozenset[Path] = frozenset()) -> bool:
    """Whether any file (not hidden, not excluded) lies below `raw_dir`: stops at the first one."""
    excluded = {str(p.resolve()) for p in exclude}
    folders = [str(raw_dir.resolve())]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.path in excluded:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    return True
    return False


def list_raw_paths(raw_dir: Path, exclude: frozenset[Path] = frozenset()) -> list[Path]:
    """Every file below `raw_dir` that a scan reads, in a stable order."""
    check_raw_dir(raw_dir)
    return [Path(path) for path in walk_folders(raw_dir, exclude).files]


def file_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def read_raw_file(path: str | Path) -> RawFile | ScanIssue:
    """The file's sha256 and decoded text, read until two stats around the read agree (a file being written
    is caught). Decoded even when the content may be stored already: a file is read again only when it
    changed, and deciding in the reader keeps parallel readers independent of the warehouse."""
    path = str(path)
    shown = printable_path(path)
    try:
        for _ in range(_READ_ATTEMPTS):
            before = os.stat(path)
            if stat.S_ISDIR(before.st_mode):
                return ScanIssue(shown, "symbolic link to a folder: not followed (links can loop)")
            if not stat.S_ISREG(before.st_mode):
                return ScanIssue(shown, "not a regular file (a device, socket or pipe): not read")
            data = _read_bytes(path)
            after = os.stat(path)
            if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and len(data) == after.st_size:
                return RawFile(file_id_of(data), shown, decode_bytes(data), len(data), after.st_mtime_ns)
        return RawFile(file_id_of(data), shown, decode_bytes(data), len(data), -1)
    except FileNotFoundError:
        if os.path.islink(path):
            return ScanIssue(shown, "broken symbolic link: its target does not exist")
        return ScanIssue(shown, "vanished during the scan: it was listed, then gone before it could be read")
    except OSError as error:
        return ScanIssue(shown, f"cannot be read: {error.strerror or error}")


def not_raw_input(raw_dir: Path, warehouse_paths: frozenset[Path]) -> frozenset[Path]:
    """What a scan leaves alone: the warehouse's files (`warehouse_paths`, as publishing names them) when it
    lives in the raw folder, and the fetch's state (its cards reach the warehouse as raw.decision_cards)."""
    return warehouse_paths | {FetchLayout(raw_dir).state_dir}


def _read_chunk(paths: list[str]) -> list[RawFile | ScanIssue]:
    """The unit of work of a reader process."""
    return [read_raw_file(path) for path in paths]


def read_files(paths: list[str], workers: int | None = None, tunables: Tunables = DEFAULT_TUNABLES,
               ) -> Iterator[RawFile | ScanIssue]:
    """`read_raw_file` of every path, in order. Many files (`tunables.scan_parallel_from`) are read, hashed and
    decoded on every core, a chunk at a time (each process has at most two chunks in hand, so memory stays
    flat); a few are read here, as starting processes would cost more than it saves."""
    workers = workers or (1 if len(paths) < tunables.scan_parallel_from else os.cpu_count() or 1)
    if workers == 1:
        yield from map(read_raw_file, paths)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        in_flight: deque = deque()
        chunk = tunables.scan_chunk_files
        for start in range(0, len(paths), chunk):
            in_flight.append(pool.submit(_read_chunk, paths[start:start + chunk]))
            if len(in_flight) >= 2 * workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


@dataclass(frozen=True)
class Scan:
    """What a scan of the raw folder found: its folders (`walk`: those listed, those gone), the files the
    record held there that are gone, and the files to read, read. Every other file is as the record says."""

    walk: FolderWalk
    full: bool  # every folder listed and every known file stat'ed
    gone: list[str]  # printable paths of the record no longer found
    hidden: list[ScanIssue]
    read: Iterator[RawFile | ScanIssue]  # the files to read, read, hashed and decoded, in path order


def _hidden_issues(walk: FolderWalk) -> list[ScanIssue]:
    return [ScanIssue(printable_path(path), f"hidden {'folder' if os.path.isdir(path) else 'file'} (its name "
                                            "starts with a dot): not read") for path in walk.hidden]


def _unchanged_by_stat(path: str, known: tuple[int, int, str]) -> bool:
    try:
        status = os.stat(path)
    except OSError:
        return False
    return (status.st_size, status.st_mtime_ns) == known[:2]


def scan_in_full(walk: FolderWalk, index: PathIndex, tunables: Tunables = DEFAULT_TUNABLES) -> Scan:
    """A walk of every folder, sorted against the whole path index: a file is read unless the index knows it
    with the size and modification time it has now (one stat per file: edits in place are found)."""
    found: set[str] = set()
    to_read = []
    for path in walk.files:
        shown = printable_path(path)
        found.add(shown)
        known = index.get(shown)
        if not (known and known[1] != -1 and _unchanged_by_stat(path, known)):
            to_read.append(path)
    return Scan(walk, True, sorted(set(index) - found), _hidden_issues(walk), read_files(to_read, tunables=tunables))


def scan_changes(walk: FolderWalk, unseen: Iterable[str], gone: list[str],
                 tunables: Tunables = DEFAULT_TUNABLES) -> Scan:
    """A walk of the changed folders, with what the record says of them: `unseen`, the printable paths to read
    (names the record does not hold whole, and pages a fetch rewrote, in whichever folder); `gone`."""
    odd = {printable_path(path): path for path in walk.files if not path.isascii()}  # back to the file system's name
    to_read = sorted(odd.get(path, path) for path in unseen)
    return Scan(walk, False, gone, _hidden_issues(walk), read_files(to_read, tunables=tunables))


def scan(raw_dir: Path, exclude: frozenset[Path] = frozenset(), index: PathIndex | None = None) -> Scan:
    """A full scan of `raw_dir`: every folder listed, every file `index` does not show unchanged read."""
    check_raw_dir(raw_dir)
    return scan_in_full(walk_folders(raw_dir, exclude), index or {})
