"""Parser throughput: documents per second on one core and on every core.

Run with `make bench`. The documents are the bundled real decisions (data/sample, ~8 KB each, the typical
size) and the labelled fixtures (lgo_pipeline_tests/fixtures/decisions, ~1.4 KB), each set timed separately;
benchmarks/pipeline.py times the parser on the generated corpus within a whole build.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lgo_pipeline.decoding import decode_bytes
from lgo_pipeline.parsing.parser import PARSER_VERSION, parse_text

REPO = Path(__file__).resolve().parents[1]
SETS = {
    "sample (real pages)": REPO / "data" / "sample",
    "labelled fixtures": REPO / "lgo_pipeline_tests" / "fixtures" / "decisions",
}
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))


def _texts(folder: Path) -> list[str]:
    decoded = (decode_bytes(p.read_bytes()) for p in sorted(folder.iterdir()) if p.suffix == ".txt")
    return [d.text for d in decoded if d.text and d.text.strip()]


def _parse_for(texts: list[str], seconds: float) -> int:
    """Parse the texts round and round for `seconds`; the number of documents parsed."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            parse_text(text, "bench")
        done += len(texts)
    return done


def main() -> None:
    cores = os.cpu_count() or 1
    print(f"parser v{PARSER_VERSION} on {platform.processor() or platform.machine()}, {cores} cores, "
          f"Python {sys.version.split()[0]}; {SECONDS:.0f} s per measurement")
    for label, folder in SETS.items():
        texts = _texts(folder)
        size = sum(len(t.encode()) for t in texts) / len(texts)
        start = time.perf_counter()
        one = _parse_for(texts, SECONDS) / (time.perf_counter() - start)
        start = time.perf_counter()
        with ProcessPoolExecutor(cores) as pool:
            total = sum(pool.map(_parse_for, [texts] * cores, [SECONDS] * cores))
        every = total / (time.perf_counter() - start)
        print(f"  {label:22} {len(texts):3} docs of {size / 1024:4.1f} KB: {one:7.0f} docs/s on one core, "
              f"{every:7.0f} docs/s on {cores} cores ({every / cores:6.0f} per core)")


if __name__ == "__main__":
    main()
