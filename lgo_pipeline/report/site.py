"""The report as a small offline site: an index with the national view and a search box, a page per
organisation, a data dictionary, and one shared copy of the plotting library in assets/.

Built beside the working copy and published with the warehouse (`publishing.working_copy`). A page whose
organisation's figures did not change since the published site is linked from it, not written again; when
nothing the site shows changed, no site is built and the published one stays.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
import polars as pl

from lgo_pipeline.report.data import ALL_YEARS, Funnel, read_report_data
from lgo_pipeline.report.dictionary import dictionary_page
from lgo_pipeline.report.formatting import ASSETS, page_name
from lgo_pipeline.report.index_page import ORGANISATIONS, index_page, left_out_sentence
from lgo_pipeline.report.organisation_page import organisation_page
from lgo_pipeline.report.site_data import fingerprints, organisations, read_benchmarks, read_profiles
from lgo_pipeline.sql_models.project import SqlProject
from lgo_pipeline.tunables import DEFAULT_TUNABLES, Tunables

MANIFEST = "manifest.json"
_STATIC = ("site.css", "site.js")
_REPORT_CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SiteSummary:
    built: bool  # False: nothing the site shows changed; the published site stays
    index: Path
    pages_written: int = 0
    pages_linked: int = 0  # unchanged pages taken from the published site
    bytes: int = 0
    seconds: float = 0.0
    charts_on_index: int = 0
    left_out: str = ""  # what the figures leave out, in one sentence


def _code_digest() -> str:
    """The site's code and static files: a change to them rebuilds every page."""
    digest = hashlib.sha256()
    for path in sorted([*_REPORT_CODE.glob("*.py"), *(_REPORT_CODE / "static").iterdir(),
                        *(_REPORT_CODE / "templates").iterdir()]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _digest(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()


def _frame_digest(frame: pl.DataFrame) -> str:
    """A frame's content, row order included."""
    return _digest(frame.columns, hashlib.sha256(frame.hash_rows(seed=0).to_numpy().tobytes()).hexdigest())


def _project_digest(project: SqlProject) -> str:
    """What the data dictionary shows of the SQL project: models, their SQL, documentation and tests."""
    return _digest(*(repr((m.name, m.layer, m.sql, m.description, m.columns, m.tests, m.unique_key))
                     for m in project.models.values()), sorted(project.sources.items()))


def _previous_manifest(published: Path) -> dict:
    try:
        return json.loads((published / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def _write(path: Path, content: str) -> int:
    data = content.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _plotly_js() -> Path:
    return Path(str(files("plotly") / "package_data" / "plotly.min.js"))


def build_site(con: duckdb.DuckDBPyConnection, project: SqlProject, folder: Path, published: Path,
               tunables: Tunables = DEFAULT_TUNABLES) -> SiteSummary:
    """Write the site into `folder` (emptied first) from the marts `con` holds; `published` is the site readers
    see now, whose unchanged pages are reused."""
    started = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    data = read_report_data(con)
    profiles = read_profiles(con)
    benchmarks = read_benchmarks(con)
    latest = data.funnels[0] if data.funnels and data.funnels[0].period != ALL_YEARS else None
    code = _code_digest()
    national = _digest(code, _project_digest(project), benchmarks, *(_frame_digest(frame) for frame in (
        *(f for funnel in data.funnels for f in (funnel.councils, funnel.limits)), data.payments, data.timeliness,
        data.national, profiles)))
    pages = fingerprints(con)
    previous = _previous_manifest(published)
    left_out = left_out_sentence(data.decisions, data.left_out)
    if previous.get("national") == national and previous.get("pages") == pages:
        return SiteSummary(False, published / "index.html", seconds=time.perf_counter() - started, left_out=left_out)
    (folder / ORGANISATIONS).mkdir(parents=True)
    (folder / ASSETS).mkdir()
    size = _link_or_copy(published / ASSETS / "plotly.min.js", _plotly_js(), folder / ASSETS / "plotly.min.js")
    for name in _STATIC:
        shutil.copyfile(_REPORT_CODE / "static" / name, folder / ASSETS / name)
    size += _write(folder / ASSETS / "funnel.js", _funnel_script(data.funnels))
    size += _write(folder / ASSETS / "benchmarks.js", f"window.LGO_BENCHMARKS = {json.dumps(benchmarks)};\n")
    built = dt.datetime.now().strftime("%d %B %Y, %H:%M")
    size += _write(folder / ASSETS / "build.js", f"window.LGO_BUILD = {json.dumps({'built': built, 'decisions': data.decisions})};\n")
    names = dict(profiles.select("organisation_id", "organisation_name").iter_rows())
    funnel_period = latest.period if latest else None
    # a page depends on its organisation's figures, the code, and the year the shared funnel shows
    reusable = previous.get("code") == code and previous.get("funnel_period") == funnel_period
    to_write = []
    for key in pages:
        old = published / ORGANISATIONS / page_name(key)
        if reusable and previous.get("pages", {}).get(key) == pages[key] and old.is_file():
            os.link(old, folder / ORGANISATIONS / page_name(key))
        else:
            to_write.append(key)
    # only the pages written read their rows
    for key, organisation in organisations(con, to_write, tunables.report_batch_organisations):
        size += _write(folder / ORGANISATIONS / page_name(key), organisation_page(organisation, names, funnel_period))
    written, linked = len(to_write), len(pages) - len(to_write)
    index, charts = index_page(data, profiles, built)
    size += _write(folder / "index.html", index)
    size += _write(folder / "dictionary.html", dictionary_page(project, con))
    _write(folder / MANIFEST, json.dumps({"code": code, "national": national, "funnel_period": funnel_period,
                                          "pages": pages}))
    return SiteSummary(True, folder / "index.html", written, linked, size, time.perf_counter() - started, charts,
                       left_out)


def _link_or_copy(previous: Path, source: Path, target: Path) -> int:
    """The plotting library, 4.6 MB: linked from the published site when it is the same file, else copied."""
    if previous.is_file() and previous.stat().st_size == source.stat().st_size:
        os.link(previous, target)
        return 0
    shutil.copyfile(source, target)
    return target.stat().st_size


def _funnel_script(funnels: list[Funnel]) -> str:
    """The funnel plots as data, drawn by site.js (lgoFunnel) on the index and on every council's page: the latest
    complete year first, then all years. Written once for the whole site."""
    return f"window.LGO_FUNNELS = {json.dumps([_funnel_data(funnel) for funnel in funnels])};\n"


def _funnel_data(funnel: Funnel) -> dict:
    councils, limits = funnel.councils, funnel.limits
    return {
        "period": funnel.period,
        "label": funnel.label,
        "national": councils["national_uphold_rate"][0] if councils.height else None,
        "councils": {"id": councils["organisation_id"].to_list(), "name": councils["organisation_name"].to_list(),
                     "n": councils["investigations"].to_list(), "upheld": councils["upheld"].to_list(),
                     "rate": councils["uphold_rate"].to_list()},
        "limits": {"n": limits["investigations"].to_list(),
                   **{column: limits[column].to_list() for column in ("lower_95", "upper_95", "lower_99_8",
                                                                      "upper_99_8")}},
    }
