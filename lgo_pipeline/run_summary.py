"""What a run did, as `lgo-pipeline run` prints it: files, parses, checks (with why they failed), publication."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FailedCheck:
    """A check that failed, with enough to see why: how many rows, the first of them, the SQL that lists all."""

    name: str  # asset:check
    failing_rows: int | None
    sample: list
    query: str | None


@dataclass
class RunSummary:
    success: bool
    files_scanned: int = 0
    new_files: int = 0
    known_files: int = 0
    unreadable_files: int = 0
    parsed: int = 0
    quarantined: int = 0
    checks_passed: int = 0
    checks_failed_blocking: list[FailedCheck] = field(default_factory=list)  # stopped what depends on them
    checks_failed_error: list[FailedCheck] = field(default_factory=list)  # failed, marts still built: to review
    checks_failed_warn: list[FailedCheck] = field(default_factory=list)
    mart_rows: dict[str, int] = field(default_factory=dict)
    skipped_models: list[str] = field(default_factory=list)  # SQL models not built: downstream of a failure
    register: str = "not loaded"
    left_out: str = ""  # what the figures leave out, in one sentence (the report's)
    report: str | None = None
    search_index: str | None = None  # how many decisions the published search index finds
    published: bool = False  # the run swapped its result in as the warehouse readers query
    step_seconds: dict[str, float] = field(default_factory=dict)  # wall time of each step that succeeded
    stage_seconds: dict[str, float] = field(default_factory=dict)  # the same summed by stage: ingest, parse, ...
    errors: list[str] = field(default_factory=list)
    # a fetch_and_refresh run: the fetch's outcome (crawler.FetchTally.outcome, or busy / refused when it could
    # not start), what a person is told of it, and why it failed when it did
    fetch_outcome: str | None = None
    fetch_lines: list[str] = field(default_factory=list)
    fetch_error: str = ""

    @property
    def ok(self) -> bool:
        return self.success and not self.checks_failed_blocking
