"""The pipeline at scale, as users run it: `make bench` (100,000 then 200,000 generated decisions; `make bench
N=20000` for one smaller size).

For each size, on this machine: corpus generation (cached); the I/O floor (`cat` of every file, first and
cached); then `lgo-pipeline run` end to end, imports included, each a separate process: a full build, a
refresh adding 1,000 new files (REFRESHES times, each from the same full build: this machine's speed varies
from one minute to the next; the median is reported, with how many pages of the site it wrote again), a run
with nothing new, and `lgo-pipeline watch` refreshing 1,000 more in its warm process; with each, the seconds
by stage the command prints and the process's peak memory; the search index's size beside the warehouse's,
and typical searches timed in process and through `lgo-pipeline search`. Then, once: parser accuracy
against the generator's truth on 5,000 files and parser throughput on one core.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import datetime as dt
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.publishing.working_copy import WarehouseFiles
from lgo_pipeline.search import count, search
from lgo_pipeline.search.index_store import index_bytes, work_index

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "data" / "bench"
REGISTER = REPO / "lgo_pipeline" / "normalise" / "register_snapshot" / "uk_local_authorities_current.csv"
NEW_FILES = 1000  # a refresh's new files, the same number at every size: its cost must not grow with what is held
REFRESHES = 3  # refreshes timed at each size, each from a copy of the same full build
COMMAND = Path(sys.executable).with_name("lgo-pipeline")  # the installed command, as users run it
SEARCHES = {  # typical searches: a common word over every decision, a phrase, a prefix, an exclusion, filters
    "a common word": ("council", {}),
    "a phrase": ('"care plan"', {}),
    "a prefix": ("compens*", {}),
    "an exclusion": ("council -school", {}),
    "filters": ("delay", {"outcome": "upheld", "since": "2020-04-01"}),
}


@dataclass(frozen=True)
class CliRun:
    seconds: float  # wall time of the process, start-up and imports included
    peak_rss_mb: float  # the process's, and its parser processes' if larger
    output: str

    def stages(self) -> str:
        """What the command's `took` line says: seconds by stage."""
        took = next((line for line in self.output.splitlines() if line.startswith("took")), "")
        return took.split(":", 1)[1].strip() if ":" in took else "(no `took` line)"

    def new_files(self) -> int:
        found = re.search(r"(\d+) new, ", self.output)
        return int(found.group(1)) if found else 0


def run(raw: Path, warehouse: Path) -> CliRun:
    """`lgo-pipeline run` in a process of its own; its wall time and peak memory from the operating system."""
    command = [str(COMMAND), "run", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--quiet",
               "--org-register", str(REGISTER)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"`{' '.join(command)}` failed ({process.returncode}):\n{output}")
    return CliRun(elapsed, usage.ru_maxrss / 1024, output)


def seconds(label: str, action) -> float:
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    print(f"{label:44} {elapsed:8.1f} s", flush=True)
    return elapsed


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.machine()) if Path("/proc/cpuinfo").exists() else ""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, Python {platform.python_version()}"


def site_pages(site: Path) -> dict[str, int]:
    """Each organisation page of the published site and its inode: a page linked from the previous version
    keeps it, a page written again gets a new one."""
    return {path.name: path.stat().st_ino for path in (site / "organisations").iterdir()}


def corpus_of(n: int, seed: int) -> Path:
    """The generated corpus of `n` decisions (cached under data/bench/, written again when the generator changes)."""
    from lgo_pipeline.generate.corpus import GENERATOR_VERSION, generate_corpus

    corpus = BENCH / f"corpus_{n}_seed{seed}_v{GENERATOR_VERSION}"
    if not (corpus / "truth.jsonl").is_file():
        seconds(f"generate {n:,} files", lambda: generate_corpus(n, corpus, seed=seed))
    return corpus


def print_run(label: str, result: CliRun) -> None:
    print(f"{label:44} {result.seconds:8.1f} s   (peak RSS {result.peak_rss_mb:,.0f} MiB)")
    print(f"  {result.stages()}")


def bench_size(n: int) -> dict[str, float]:
    """Full build, refresh of NEW_FILES new files, nothing new, at `n` decisions: their seconds."""
    corpus = corpus_of(n, seed=0)
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    size = sum(p.stat().st_size for p in files)
    print(f"\n{n:,} decisions: {len(files):,} files, {size / 2**20:,.0f} MiB, {size / len(files) / 1024:.1f} KiB each")

    def cat_every_file():
        subprocess.run(f"find '{corpus}' -name '*.txt' -print0 | xargs -0 cat > /dev/null", shell=True, check=True)

    # The first `cat` reads from disk or the page cache, whichever holds the files; the second from the page
    # cache, as the full build that follows does: the floor the ingest is compared with.
    seconds("I/O floor: cat every file (first)", cat_every_file)
    seconds("I/O floor: cat every file (again, cached)", cat_every_file)

    # the warehouse, its working copy and its site in one folder, so that the full build can be copied whole
    raw, state, built = BENCH / "raw", BENCH / "state", BENCH / "state.full"
    warehouse = state / "warehouse.duckdb"
    for folder in (raw, state, built):
        shutil.rmtree(folder, ignore_errors=True)
    raw.mkdir(parents=True)
    for path in files:
        os.link(path, raw / path.name)

    full = run(raw, warehouse)
    print_run(f"full build ({n / full.seconds:,.0f} docs/s)", full)
    site = WarehouseFiles(warehouse).published_report
    on_disk = sum(path.stat().st_size for path in site.resolve().rglob("*") if path.is_file())
    print(f"  report site: {len(site_pages(site)):,} organisation pages, {on_disk / 2**20:,.1f} MiB on disk "
          f"(plotly.min.js once: {(site / 'assets' / 'plotly.min.js').stat().st_size / 2**20:.1f} MiB)")
    index = index_bytes(work_index(WarehouseFiles(warehouse)))
    print(f"  search index: {index / 2**20:,.0f} MiB (published as hard links, not copied) beside the warehouse's "
          f"{warehouse.stat().st_size / 2**20:,.0f} MiB")
    shutil.copytree(state, built, symlinks=True)

    extra = corpus_of(NEW_FILES, seed=1)
    refreshes = []
    for _ in range(REFRESHES):
        shutil.rmtree(state)
        shutil.copytree(built, state, symlinks=True)
        shutil.rmtree(raw / "new", ignore_errors=True)
        (raw / "new").mkdir()
        for path in extra.glob("*.txt"):
            os.link(path, raw / "new" / path.name)
        before = site_pages(site)
        refresh = run(raw, warehouse)
        after = site_pages(site)
        refreshes.append((refresh, sum(1 for name, inode in after.items() if before.get(name) != inode), len(after)))
    refreshes.sort(key=lambda done: done[0].seconds)
    refresh, rewritten, pages = refreshes[len(refreshes) // 2]
    print_run(f"refresh: {refresh.new_files():,} new files (median of {REFRESHES})", refresh)
    print(f"  all {REFRESHES}: " + ", ".join(f"{done.seconds:.1f} s" for done, _, _ in refreshes)
          + f"; peak RSS up to {max(done.peak_rss_mb for done, _, _ in refreshes):,.0f} MiB")
    print(f"  report site: pages written again {rewritten:,} of {pages:,} (the rest linked unchanged)")
    nothing_new = run(raw, warehouse)
    print(f"{'nothing new':44} {nothing_new.seconds:8.1f} s   (peak RSS {nothing_new.peak_rss_mb:,.0f} MiB)")
    warm = watched_refresh(raw, warehouse, corpus_of(NEW_FILES, seed=2))
    print(f"{f'lgo-pipeline watch: {NEW_FILES:,} more new files':44} {warm.seconds:8.1f} s   "
          f"(warm: Dagster loaded once; peak RSS {warm.peak_rss_mb:,.0f} MiB)")
    print(f"  {warm.stages()}")
    search_figures(warehouse)
    return {"full": full.seconds, "refresh": refresh.seconds, "nothing new": nothing_new.seconds,
            "watch refresh": warm.seconds}


def search_figures(warehouse: Path) -> None:
    """Each typical search: its results, the median of 5 in process (after one to warm the file cache), and
    of 3 through the command, start-up included."""
    for label, (query, options) in SEARCHES.items():
        keywords = {k: dt.date.fromisoformat(v) if k in ("since", "until") else v for k, v in options.items()}
        found = count(warehouse, query, **keywords)
        in_process = statistics.median(_timed(lambda: search(warehouse, query, **keywords)) for _ in range(5))
        flags = [part for key, value in options.items() for part in (f"--{key}", value)]
        command = [str(COMMAND), "search", query, "--warehouse", str(warehouse), *flags]
        cli = statistics.median(_timed(lambda: subprocess.run(command, check=True, capture_output=True))
                                for _ in range(3))
        print(f"  search {label:14} {query!r:18} {found:8,} found; top 20 in process {in_process * 1000:6.0f} ms, "
              f"by the command {cli:5.2f} s")


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def watched_refresh(raw: Path, warehouse: Path, extra: Path) -> CliRun:
    """`lgo-pipeline watch` started on an up-to-date warehouse, then given new files: the seconds its `took`
    line gives for that refresh (from its look at the folder to its summary)."""
    command = [str(COMMAND), "watch", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--quiet",
               "--org-register", str(REGISTER), "--interval", "0.5", "--max-refreshes", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready = process.stdout.readline()
    if not ready.startswith("watching"):
        process.kill()
        raise SystemExit(f"`{' '.join(command)}` did not start:\n{ready}{process.stdout.read()}")
    staged = raw.with_name("later.staging")  # filled beside, then moved in at once: the watch sees all or none
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    for path in extra.glob("*.txt"):
        os.link(path, staged / path.name)
    staged.rename(raw / "later")
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"`{' '.join(command)}` failed:\n{output}")
    took = re.search(r"^took +([\d.]+) s", output, re.M)
    return CliRun(float(took.group(1)) if took else float("nan"), usage.ru_maxrss / 1024, output)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000, 200_000]
    print(f"lgo-pipeline bench: `lgo-pipeline run` at {', '.join(f'{n:,}' for n in sizes)} generated decisions "
          f"on {machine()}")
    figures = {n: bench_size(n) for n in sizes}
    if len(sizes) > 1:
        print(f"\n{'decisions':>12} " + "".join(f"{label:>14}" for label in figures[sizes[0]]))
        for n, times in figures.items():
            print(f"{n:12,} " + "".join(f"{spent:12.1f} s" for spent in times.values()))

    from lgo_pipeline.decoding import decode_bytes
    from lgo_pipeline.parsing.accuracy import measure
    from lgo_pipeline.parsing.parser import parse_text

    corpus = corpus_of(sizes[0], seed=0)
    checked = min(5000, sizes[0])
    accuracy = measure(corpus / "truth.jsonl", limit=checked)
    worst = min(accuracy.fields, key=accuracy.share)
    lowest = f" (lowest: {worst})" if accuracy.share(worst) < 1 else ""
    print(f"\nparser accuracy on {checked:,} generated files: every field >= {accuracy.share(worst):.2%}{lowest}")
    for field in accuracy.fields:
        if accuracy.share(field) < 1:
            print(f"  {field:42} {accuracy.share(field):8.2%}")

    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[:2000]
    texts = [decode_bytes(p.read_bytes()).text for p in files]
    started = time.perf_counter()
    for text in texts:
        parse_text(text, "bench")
    print(f"parser throughput: {len(texts) / (time.perf_counter() - started):,.0f} docs/s on one core")


if __name__ == "__main__":
    main()
