"""Where fetched pages and the fetch's own state live in the raw folder.

Pages: `<raw dir>/lgo.org.uk/<YYYY>/<NN-NNN-NNN>.html` (later chapters `<ref>.chapter-N.html`), read by the
ingest like any raw file. The fetch's state (log, cards, validators) and files being downloaded live in
`<raw dir>/lgo.org.uk/.fetch/`, which the ingest leaves alone; the cards reach the warehouse through
`raw.decision_cards`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SITE_FOLDER = "lgo.org.uk"


@dataclass(frozen=True)
class FetchLayout:
    raw_dir: Path

    @property
    def pages(self) -> Path:
        return self.raw_dir / SITE_FOLDER

    @property
    def state_dir(self) -> Path:
        return self.pages / ".fetch"

    @property
    def database(self) -> Path:
        return self.state_dir / "fetch.sqlite"

    @property
    def incoming(self) -> Path:
        """Downloads in progress: moved into place whole (os.replace on one file system), never seen half-written."""
        return self.state_dir / "incoming"

    @property
    def lock(self) -> Path:
        return self.state_dir / "fetch.lock"

    def page_file(self, year: int, file_name: str) -> Path:
        return self.pages / str(year) / file_name

    def state_identity(self) -> str:
        """Size and modification time of the fetch state: changes when a fetch records new cards."""
        try:
            status = self.database.stat()
        except OSError:
            return "no fetch state"
        return f"{status.st_size}\0{status.st_mtime_ns}"
