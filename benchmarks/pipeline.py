"""The pipeline at scale: `make bench N=100000` (default 100,000 generated decisions).

Prints, on this machine: corpus generation; the I/O floor (`cat` of every file, first and cached); a full
build with seconds and documents per second per stage (ingest, parse, normalise, SQL models, checks, report,
publish) and peak memory, and the report site's pages and size on disk; an incremental run adding 1% new files
(and how many pages of the site it wrote again); a run with nothing new; parser accuracy against the generator's
truth on 5,000 files; parser throughput per core. Every run is a separate `lgo-pipeline run`-like process.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from lgo_pipeline.publishing.working_copy import WarehouseFiles

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "data" / "bench"
REGISTER = REPO / "lgo_pipeline" / "normalise" / "register_snapshot" / "uk_local_authorities_current.csv"
_RUN = """
import json, resource, sys, time
from pathlib import Path
from lgo_pipeline.orchestration import run_pipeline
from lgo_pipeline.settings import Settings
started = time.perf_counter()
summary = run_pipeline(Settings(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] or None), quiet=True)
print(json.dumps({"seconds": time.perf_counter() - started, "ok": summary.ok, "new": summary.new_files,
                  "parsed": summary.parsed, "steps": summary.step_seconds, "errors": summary.errors,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "workers_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
def step_stages() -> dict[str, str]:
    """Each step of the refresh job and the stage it belongs to, from the Definitions: the group of the assets
    a step materialises (`SQL models` when they span the SQL layers), `checks` for a step of checks alone. The
    fetch is not part of the refresh (its figures: benchmarks/fetch.py)."""
    from lgo_pipeline.definitions import defs

    stages = {}
    for assets in defs().assets:
        groups = set(assets.group_names_by_key.values())
        if groups != {"fetch"}:
            stages[assets.node_def.name] = groups.pop() if len(groups) == 1 else "SQL models"
    for checks in defs().asset_checks:
        stages[checks.node_def.name] = "checks"
    return stages


def stages(result: dict, stage_of: dict[str, str]) -> dict[str, float]:
    """Seconds a run spent in each stage (ingest, parse, ..., checks), from its steps' wall times."""
    by_stage = dict.fromkeys(dict.fromkeys(stage_of.values()), 0.0)
    for step, spent in result["steps"].items():
        by_stage[stage_of[step]] += spent
    return by_stage


def site_pages(site: Path) -> dict[str, int]:
    """Each organisation page of the published site and its inode: a page linked from the previous version
    keeps it, a page written again gets a new one."""
    return {path.name: path.stat().st_ino for path in (site / "organisations").iterdir()}


def run(raw: Path, warehouse: Path) -> dict:
    register = str(REGISTER)
    done = subprocess.run([sys.executable, "-c", _RUN, str(raw), str(warehouse), register],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if not result["ok"]:
        raise SystemExit(f"run failed: {result['errors']}")
    return result


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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from lgo_pipeline.parsing.accuracy import measure
    from lgo_pipeline.generate.corpus import GENERATOR_VERSION, generate_corpus

    print(f"lgo-pipeline bench: {n:,} generated decisions on {machine()}")
    corpus = BENCH / f"corpus_{n}_seed0_v{GENERATOR_VERSION}"
    if not (corpus / "truth.jsonl").is_file():
        seconds(f"generate {n:,} files", lambda: generate_corpus(n, corpus, seed=0))
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    size = sum(p.stat().st_size for p in files)
    print(f"corpus: {len(files):,} files, {size / 2**20:,.0f} MiB, {size / len(files) / 1024:.1f} KiB each")

    def cat_every_file():
        subprocess.run(f"find '{corpus}' -name '*.txt' -print0 | xargs -0 cat > /dev/null", shell=True, check=True)

    # The first `cat` reads from disk or the page cache, whichever holds the files; the second from the page
    # cache, as the full build that follows does: the floor the ingest is compared with.
    seconds("I/O floor: cat every file (first)", cat_every_file)
    floor = seconds("I/O floor: cat every file (again, cached)", cat_every_file)

    raw, warehouse = BENCH / "raw", BENCH / "warehouse.duckdb"
    shutil.rmtree(raw, ignore_errors=True)
    for path in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(WarehouseFiles(warehouse).work.parent, ignore_errors=True)
    raw.mkdir(parents=True)
    for path in files:
        os.link(path, raw / path.name)

    full = run(raw, warehouse)
    stage_of = step_stages()
    by_stage = stages(full, stage_of)
    print(f"{'full build':44} {full['seconds']:8.1f} s   ({n / full['seconds']:,.0f} docs/s, "
          f"peak RSS {full['peak_rss_mb']:,.0f} MiB main, {full['workers_peak_rss_mb']:,.0f} MiB largest worker)")
    for stage in by_stage:
        rate = f"{n / by_stage[stage]:,.0f} docs/s" if by_stage[stage] else ""
        print(f"  {stage:42} {by_stage[stage]:8.1f} s   {rate}")
    print(f"  {'ingest vs the I/O floor':42} {by_stage['ingest'] / floor:8.1f} x")
    site = WarehouseFiles(warehouse).published_report
    before = site_pages(site)
    on_disk = sum(path.stat().st_size for path in site.resolve().rglob("*") if path.is_file())
    print(f"  {'report site':42} {len(before):,} organisation pages, {on_disk / 2**20:,.1f} MiB on disk "
          f"(plotly.min.js once: {(site / 'assets' / 'plotly.min.js').stat().st_size / 2**20:.1f} MiB)")

    extra = BENCH / f"extra_{n // 100}_seed1_v{GENERATOR_VERSION}"
    if not (extra / "truth.jsonl").is_file():
        generate_corpus(max(1, n // 100), extra, seed=1)
    (raw / "new").mkdir()
    for path in extra.glob("*.txt"):
        os.link(path, raw / "new" / path.name)
    incremental = run(raw, warehouse)
    label = f"incremental: {incremental['new']:,} new files (1%)"
    print(f"{label:44} {incremental['seconds']:8.1f} s   (peak RSS {incremental['peak_rss_mb']:,.0f} MiB)")
    steps = stages(incremental, stage_of)
    print(f"  {'before the first step (imports, Dagster)':42} {incremental['seconds'] - sum(steps.values()):8.1f} s")
    for stage, spent in steps.items():
        print(f"  {stage:42} {spent:8.1f} s")
    after = site_pages(site)
    rewritten = sum(1 for name, inode in after.items() if before.get(name) != inode)
    print(f"  {'report site: pages written again':42} {rewritten:,} of {len(after):,} (the rest linked unchanged)")
    noop = run(raw, warehouse)
    print(f"{'no-op, every Dagster step run anyway':44} {noop['seconds']:8.1f} s   (peak RSS {noop['peak_rss_mb']:,.0f} MiB)")
    command = [sys.executable, "-m", "lgo_pipeline.cli", "run", "--raw-dir", str(raw), "--warehouse", str(warehouse),
               "--quiet", "--org-register", str(REGISTER)]
    subprocess.run(command, check=True, capture_output=True)  # a CLI run records what it saw
    seconds("no-op: `lgo-pipeline run`, nothing new", lambda: subprocess.run(command, check=True, capture_output=True))

    checked = min(5000, n)
    accuracy = measure(corpus / "truth.jsonl", limit=checked)
    worst = min(accuracy.fields, key=accuracy.share)
    lowest = f" (lowest: {worst})" if accuracy.share(worst) < 1 else ""
    print(f"parser accuracy on {checked:,} generated files: every field >= {accuracy.share(worst):.2%}{lowest}")
    for field in accuracy.fields:
        if accuracy.share(field) < 1:
            print(f"  {field:42} {accuracy.share(field):8.2%}")

    from lgo_pipeline.ingest.decoding import decode_bytes
    from lgo_pipeline.parsing.parser import parse_text

    texts = [decode_bytes(p.read_bytes()).text for p in files[:2000]]
    started = time.perf_counter()
    for text in texts:
        parse_text(text, "bench")
    print(f"parser throughput: {len(texts) / (time.perf_counter() - started):,.0f} docs/s on one core")


if __name__ == "__main__":
    main()
