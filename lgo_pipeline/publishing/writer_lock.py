"""One writing run per warehouse: an advisory lock file the operating system releases when the holder dies.

DuckDB allows one writing process per file and answers a second one with a lock error deep inside a
run. Taking this lock before the first write turns that into one clear sentence, and `kill -9` can never
leave a stale lock behind (flock is released with the process). POSIX only (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

_HELD: dict[str, int] = {}  # lock file -> descriptor, for the locks this process holds


class WarehouseBusy(RuntimeError):
    """Another process is writing the warehouse."""


def holder(lock_path: Path) -> str:
    """Who holds the lock, as its holder wrote it (pid, start, and what it added), or ""."""
    try:
        return lock_path.read_text().strip()
    except OSError:
        return ""


def acquire(lock_path: Path, wait_seconds: float = 0.0, poll_seconds: float = 0.2,
            doing: str = "writing this warehouse", note: str = "") -> None:
    """Take the lock, waiting up to `wait_seconds`; WarehouseBusy names the holder (and what it is `doing`)
    when it cannot. `note` is written beside the holder's pid (the Dagster run a step belongs to)."""
    key = str(lock_path)
    if key in _HELD:
        raise RuntimeError(f"this process already holds {lock_path}: take the lock in one place")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                held_by = holder(lock_path)
                raise WarehouseBusy(
                    f"another lgo-pipeline run is {doing}{f' ({held_by})' if held_by else ''}; "
                    f"try again when it has finished (lock file {lock_path})") from None
            time.sleep(poll_seconds)
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    os.ftruncate(fd, 0)
    os.write(fd, f"pid {os.getpid()}, started {started}{f', {note}' if note else ''}".encode())
    _HELD[key] = fd


def release(lock_path: Path) -> None:
    fd = _HELD.pop(str(lock_path))
    os.ftruncate(fd, 0)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


@contextlib.contextmanager
def held(lock_path: Path, wait_seconds: float = 0.0, doing: str = "writing this warehouse") -> Iterator[None]:
    """The lock for the duration of the block."""
    acquire(lock_path, wait_seconds, doing=doing)
    try:
        yield
    finally:
        release(lock_path)
