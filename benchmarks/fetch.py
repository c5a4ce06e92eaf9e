"""The fetch at the default rate against the replica of the site (lgo_pipeline_tests/replica_site.py) on
127.0.0.1: requests, bytes, decisions a minute; then the same months again (conditional requests).

Run with `make bench` (about 40 s: one request a second is the point). BENCH_FETCH_RATE overrides the rate.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lgo_pipeline.fetch.client import Politeness  # noqa: E402
from lgo_pipeline.fetch.crawler import FetchRequest, fetch_decisions  # noqa: E402
from lgo_pipeline_tests.replica_site import ReplicaSite  # noqa: E402

SINCE, UNTIL = dt.date(2025, 5, 1), dt.date(2025, 8, 31)  # four months, ten decisions in the replica
RATE = float(os.environ.get("BENCH_FETCH_RATE", "1"))


def main() -> None:
    print(f"fetch against the replica at {RATE:g} request(s) a second, decisions of {SINCE} to {UNTIL}")
    with tempfile.TemporaryDirectory() as folder, ReplicaSite() as site:
        for label in ("first fetch", "same months again"):
            served = len(site.requests)
            started = time.perf_counter()
            tally = fetch_decisions(Path(folder), FetchRequest(site.url, SINCE, UNTIL), Politeness(rate=RATE),
                                    progress=lambda line: None)
            seconds = time.perf_counter() - started
            requests = site.requests[served:]
            not_modified = sum(r.status == 304 for r in requests)
            gap = min(later.at - earlier.at for earlier, later in zip(requests, requests[1:]))
            print(f"  {label:18} {tally.requests:3} requests in {seconds:5.1f} s (at least {gap:.3f} s apart), "
                  f"{tally.bytes / 1024:6.1f} KiB downloaded, {tally.pages} decision pages "
                  f"({tally.new} new, {tally.unchanged} unchanged, {not_modified} answered 304), "
                  f"{tally.pages / seconds * 60:.0f} decisions a minute")


if __name__ == "__main__":
    main()
