"""Write a synthetic corpus: N decision files plus `truth.jsonl`, deterministic for a seed, on every core."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.generate.cases import Case, plan_cases
from lgo_pipeline.generate.documents import render

TRUTH_FILE = "truth.jsonl"
# Moves whenever the same seed writes other files (new shapes): a corpus kept on disk is then written again.
GENERATOR_VERSION = 4
_CHUNK = 2000


@dataclass(frozen=True)
class CorpusStats:
    files: int
    bytes: int
    folder: Path


def file_name(case: Case) -> str:
    return f"{case.index:07d}_{case.reference.replace(' ', '')}.txt"


def _write_chunk(cases: list[Case], seed: int, out: str) -> tuple[list[str], int]:
    """Write these cases' files; their truth lines (in case order) and the bytes written."""
    lines, written = [], 0
    for case in cases:
        rendered = render(case, seed)
        name = file_name(case)
        data = rendered.text.replace("\n", rendered.newline).encode(rendered.encoding)
        with open(os.path.join(out, name), "wb") as handle:
            handle.write(data)
        written += len(data)
        lines.append(json.dumps({"source": name, **rendered.truth}, ensure_ascii=False))
    return lines, written


def generate_corpus(n: int, out: Path, seed: int = 0, workers: int | None = None,
                    progress: Callable[[int, int], None] | None = None) -> CorpusStats:
    """N files in `out` (created) and `out/truth.jsonl`, one parse record per file in file order."""
    out.mkdir(parents=True, exist_ok=True)
    cases = plan_cases(n, seed)
    chunks = [cases[start:start + _CHUNK] for start in range(0, n, _CHUNK)]
    total_bytes = done = 0
    with open(out / TRUTH_FILE, "w", encoding="utf-8") as truth, \
            ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
        for lines, written in pool.map(_write_chunk, chunks, [seed] * len(chunks), [str(out)] * len(chunks)):
            truth.write("\n".join(lines) + "\n")
            total_bytes += written
            done += len(lines)
            if progress:
                progress(done, n)
    return CorpusStats(n, total_bytes, out)
