"""The numbers a run's speed and memory depend on, in one place (`Settings.tunables`; docs/operations.md,
"Tunables"). It imports nothing of ours, so every layer can take them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Tunables:
    """How much memory a run may take and how large its steps of work are: the numbers to change on a smaller or
    larger machine, each with the figure that chose it (make bench; docs/operations.md, "Tunables"). Each can
    be set from the environment as LGO_ and its name in capitals (LGO_DUCKDB_MEMORY_LIMIT=1GB)."""

    # DuckDB's buffer pool; it spills to disk beyond. 640MB: a full build of 200,000 decisions peaks at 950 MiB
    # (1,072 MiB with 1GB) in the same time; DuckDB's default is 80% of the machine.
    duckdb_memory_limit: str = "640MB"
    # Rows per row group of the working copy: full groups are compressed on every core while files are still
    # read (DuckDB's 122,880 compressed a 100,000-file corpus in one piece on one core: 6.5 s at the commit).
    duckdb_row_group_size: int = 16_384
    # A scan reads new files in parallel processes from this many on, in chunks of scan_chunk_files each.
    scan_parallel_from: int = 2_000
    scan_chunk_files: int = 500
    # Raw files written to the warehouse per insert, and stored files parsed per batch (a process's share).
    ingest_batch_files: int = 2_000
    parse_batch_files: int = 2_000
    # Decisions indexed at a time, and tantivy's indexing memory (shared by its threads; small, as the run's
    # memory is mostly DuckDB's).
    search_batch_decisions: int = 2_000
    search_writer_heap_bytes: int = 96_000_000
    # Organisations whose rows the report reads at once: its memory stays that of a few pages.
    report_batch_organisations: int = 20

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Tunables:
        values = {}
        for tunable in dataclasses.fields(cls):
            raw = environ.get(f"LGO_{tunable.name.upper()}")
            if raw:
                try:
                    values[tunable.name] = int(raw.replace("_", "")) if tunable.type == "int" else raw
                except ValueError:
                    raise ValueError(f"LGO_{tunable.name.upper()}={raw!r}: a whole number is needed") from None
        return cls(**values)


DEFAULT_TUNABLES = Tunables()
