"""Whether a run has anything to do: the inputs of the last successful run, compared with today's.

A run's result depends only on the raw folder, the fetch's state (its cards), the organisation register and the
code (parser, normalisation, SQL models). The raw folder is compared through the change record the last run's
scan left (`ingest.change_record`): one stat per folder, no file listed or stat'ed, no database opened. When
nothing changed since the last run that published the warehouse, and the published file is the one that run
wrote, the warehouse is already what a new run would make; `lgo-pipeline run` then says so and stops, as
`make` does. An edit in place changes no folder's time: `--full-scan` runs anyway and reads every file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path

from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.ingest.change_record import FolderIndex, changed_folders
from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.search.index_store import published_versions
from lgo_pipeline.settings import Settings
from lgo_pipeline.sql_models.location import bundled_sql_dir

_PACKAGE = Path(__file__).resolve().parent
STATE_FILE = "last_run.json"


@functools.cache  # the code a process runs is the code it loaded: `watch` asks every few seconds
def _code_digest() -> str:
    """Every source file that can change a result: the package's Python and the SQL models with their yml."""
    digest = hashlib.sha256()
    for root, pattern in ((_PACKAGE, "*.py"), (bundled_sql_dir(), "*.*")):
        for path in sorted(root.rglob(pattern)):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _register_identity(source: str | None) -> str:
    """A register file is known by its size and modification time; a URL by itself (it is downloaded once)."""
    if source and Path(source).is_file():
        status = Path(source).stat()
        return f"{Path(source).resolve()}\0{status.st_size}\0{status.st_mtime_ns}"
    return source or "default"


def inputs_fingerprint(settings: Settings) -> str:
    """Everything but the raw folder's files: which folder, the fetch's state, the register, the code."""
    digest = hashlib.sha256()
    for part in (str(settings.raw_dir.resolve()), FetchLayout(settings.raw_dir).state_identity(),
                 _register_identity(settings.org_register), _code_digest()):
        digest.update(part.encode() + b"\n")
    return digest.hexdigest()


def _published_identity(files: WarehouseFiles) -> list[int] | None:
    """The published file, and the newest search index version beside it (deleted by hand: run again)."""
    if not files.published.exists():
        return None
    status = files.published.stat()
    return [status.st_size, status.st_mtime_ns, max(published_versions(files), default=0)]


def last_run_if_current(files: WarehouseFiles, inputs: str) -> str | None:
    """When the last successful run had these inputs, no folder it scanned changed since, and its published
    file is still in place: its time."""
    try:
        state = json.loads((files.work.parent / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    folders = state.get("folders")
    current = (state.get("inputs") == inputs and state.get("published") == _published_identity(files)
               and bool(folders) and not changed_folders(folders))
    return state.get("finished_at") if current else None


def record_run(files: WarehouseFiles, inputs: str, folders: FolderIndex) -> None:
    """Remember the inputs of a run that published and the folders its scan recorded (written last, atomically:
    a crash leaves no false record)."""
    state = {"inputs": inputs, "published": _published_identity(files), "folders": folders,
             "finished_at": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    staged = files.work.parent / f".{STATE_FILE}.tmp"
    staged.write_text(json.dumps(state))
    staged.replace(files.work.parent / STATE_FILE)
