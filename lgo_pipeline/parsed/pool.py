"""Parse batches on every core: the main process hands out batches and writes results, parser processes
parse; each has at most two batches in hand, so memory stays flat however many files there are."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from lgo_pipeline.parsed.batch import ParsedTables, StoredRow, parse_batch


def parser_processes(files: int, batch_size: int) -> int:
    """One per core, but none for a run too small to repay starting them (a second or so)."""
    return 1 if files < 2 * batch_size else (os.cpu_count() or 1)


def parse_batches(batches: Iterable[list[StoredRow]], version: int, write: Callable[[ParsedTables], None],
                  processes: int) -> None:
    """`write` each batch's tables, in order; with one process, in this one."""
    if processes == 1:
        for batch in batches:
            write(parse_batch(batch, version))
        return
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append(pool.submit(parse_batch, batch, version))
            if len(in_flight) >= 2 * processes:
                write(in_flight.popleft().result())
        while in_flight:
            write(in_flight.popleft().result())
