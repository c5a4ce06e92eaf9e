"""Where the organisation register comes from: a file, or a URL downloaded once into a cache, else the dated
snapshot the package ships.

The register is maintained upstream (it changes with every reorganisation), so it is read at run time. A
machine without network and without a cached copy still runs with councils' codes, tiers and successors: the
caller gets the snapshot (`status="snapshot"`), its date, and why the download failed.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.normalise.register import LOOKUP_FILE_NAME, REQUIRED_COLUMNS

DEFAULT_REGISTER_URL = (
    "https://mysociety.github.io/uk_local_authority_names_and_codes/data/uk_la_past_current/latest/"
    "uk_local_authorities_current.csv"
)
DOWNLOAD_TIMEOUT_SECONDS = 5.0
_REGISTER_FILE_NAME = "uk_local_authorities_current.csv"
# mySociety's register as of SNAPSHOT_DATE, with its MIT licence (register_snapshot/README.md): the fallback.
SNAPSHOT_REGISTER = Path(__file__).resolve().parent / "register_snapshot" / _REGISTER_FILE_NAME
SNAPSHOT_DATE = "2025-07-10"


@dataclass(frozen=True)
class RegisterLocation:
    path: Path | None
    origin: str  # the file or URL named by the setting
    status: str  # file | downloaded | cached | snapshot | unavailable
    detail: str = ""  # why it is unavailable

    @property
    def available(self) -> bool:
        return self.path is not None


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://", "file://"))


def _download(url: str, target: Path, timeout: float, header_check: bool) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http(s) or file URL by design)
        body = response.read()
    if header_check and not all(column.encode() in body[:4096] for column in REQUIRED_COLUMNS[:3]):
        raise ValueError("the answer is not the register CSV (its header lacks local-authority-code)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(body)
    os.replace(partial, target)  # a crash mid-download never leaves a half file under the real name


def locate_register(source: str | None, cache_dir: Path, timeout: float = DOWNLOAD_TIMEOUT_SECONDS) -> RegisterLocation:
    """The register's local path: the named file, else the cached download of the URL, else a fresh download."""
    if source and not _is_url(source):
        path = Path(source).expanduser()
        if path.is_file():
            return RegisterLocation(path, str(path), "file")
        return RegisterLocation(None, str(path), "unavailable", f"LGO_ORG_REGISTER names {path}, which is not a file")
    url = source or DEFAULT_REGISTER_URL
    cached = cache_dir / f"org_register_{hashlib.sha256(url.encode()).hexdigest()[:12]}" / _REGISTER_FILE_NAME
    if cached.is_file():
        return RegisterLocation(cached, url, "cached")
    try:
        _download(url, cached, timeout, header_check=True)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        return RegisterLocation(SNAPSHOT_REGISTER, str(SNAPSHOT_REGISTER), "snapshot",
                                f"the snapshot of {SNAPSHOT_DATE} shipped with lgo-pipeline: could not download {url} "
                                f"({reason}); authorities created or renamed since are named by rule. A file of the "
                                "register in LGO_ORG_REGISTER (or --org-register) replaces it")
    lookup_url = url.rsplit("/", 1)[0] + "/" + LOOKUP_FILE_NAME
    try:  # the name lookup adds spelling variants; the register works without it
        _download(lookup_url, cached.with_name(LOOKUP_FILE_NAME), timeout, header_check=False)
    except (urllib.error.URLError, OSError, ValueError):
        pass
    return RegisterLocation(cached, url, "downloaded")
