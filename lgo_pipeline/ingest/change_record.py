"""What changed in the raw folder since the last scan, from the folders' modification times.

A folder's modification time changes when a name is added to it, removed from it or renamed in it; not when
a file in it is edited in place. So the record of the last scan (each folder and its time, `raw.folder_index`,
beside the path index of its files) tells a scan which folders to list: those whose time changed, and new
ones, which appear in a listed parent. The rest are not listed, and their files not stat'ed: a refresh costs
what changed, not what is held. An edit in place is found by a full scan (`--full-scan`, and the daily
schedule), which lists every folder and stats every file; the ingest also asks the fetch's own state which
pages it rewrote. The same record answers the command line's "anything new?" and the sensor's.

A folder changed within the last seconds is recorded as "list it again" (-1): a name added in the same tick of
the file system's clock as the scan's look would otherwise leave the time unchanged and the name unseen (the
"racy" case git handles the same way).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

FolderIndex = dict[str, int]  # folder (printable path) -> modification time (ns) when listed; -1: list it again
LIST_AGAIN = -1
_RACY_NS = 2_000_000_000  # a folder changed less than this before the scan looked at it is listed again next time


def printable_path(path: str) -> str:
    """The path as valid UTF-8 text (DuckDB stores nothing else); odd bytes of a file name become backslash escapes."""
    if path.isascii():  # nearly every path: nothing to do
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class FolderWalk:
    """The folders below the raw folder and, of the folders listed, their files and hidden entries."""

    folders: FolderIndex  # every folder found (the raw folder itself included), with the time to record
    listed: list[str]  # printable paths of the folders listed by this walk
    files: list[str]  # files in the listed folders, in path order (paths as the file system gives them)
    hidden: list[str]  # hidden entries (names starting with a dot) in the listed folders: listed as issues
    vanished: list[str]  # folders the record knew that are gone


def _children(record: FolderIndex) -> dict[str, list[str]]:
    below: dict[str, list[str]] = defaultdict(list)
    for folder in record:
        below[os.path.dirname(folder)].append(folder)
    return below


def walk_folders(raw_dir: Path, exclude: frozenset[Path] = frozenset(), record: FolderIndex | None = None) -> FolderWalk:
    """Stat every folder the record knows and list those that changed (every folder when `record` is None: a
    full walk). A folder whose name is not valid UTF-8 has no faithful printable path: it and its parent are
    listed every time."""
    excluded = {str(p.resolve()) for p in exclude}
    children = _children(record) if record is not None else {}
    now = time.time_ns()
    folders: FolderIndex = {}
    listed: list[str] = []
    files: list[str] = []
    hidden: list[str] = []
    pending = [str(raw_dir.resolve())]
    while pending:
        folder = pending.pop()
        try:
            mtime = os.stat(folder).st_mtime_ns
        except OSError:  # vanished since its parent was listed: the parent's record says so next time
            continue
        shown = printable_path(folder)
        folders[shown] = mtime if now - mtime > _RACY_NS else LIST_AGAIN
        if record is not None and record.get(shown) == mtime:
            pending.extend(children.get(shown, ()))  # names unchanged: its subfolders are the ones recorded
            continue
        listed.append(shown)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.path in excluded:
                    continue
                if entry.name.startswith("."):
                    hidden.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    if printable_path(entry.path) != entry.path:
                        folders[shown] = LIST_AGAIN  # reached only by listing this folder
                else:  # regular files, and symlinks and special files: the reader says what is wrong with them
                    files.append(entry.path)
    vanished = sorted(set(record) - set(folders)) if record is not None else []
    return FolderWalk(folders, listed, sorted(files), sorted(hidden), vanished)


def changed_folders(record: FolderIndex) -> list[str]:
    """The folders of the record whose time is not the recorded one (gone, changed, or to be listed again):
    one stat per folder, nothing listed. Empty: no file was added, removed or renamed anywhere."""
    changed = []
    for folder, recorded in record.items():
        try:
            mtime = os.stat(folder).st_mtime_ns
        except OSError:
            mtime = LIST_AGAIN
        if recorded == LIST_AGAIN or mtime != recorded:
            changed.append(folder)
    return changed
