"""The `lgo-pipeline` command: fetch decisions from the Ombudsman's site, run the pipeline, parse files without a
warehouse, query read-only, generate a corpus, measure the parser against a truth."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import os
import shlex
import signal
import sys
import time
from pathlib import Path

from lgo_pipeline.ingest.scanning import RawDirError, check_raw_dir, holds_a_file, list_raw_paths, not_raw_input
from lgo_pipeline.publishing import writer_lock
from lgo_pipeline.publishing.working_copy import WarehouseFiles, is_duckdb_file
from lgo_pipeline.run_planning import inputs_fingerprint, last_run_if_current, record_run
from lgo_pipeline.run_summary import FailedCheck, RunSummary
from lgo_pipeline.settings import DEFAULT_RAW_DIR, DEFAULT_WAREHOUSE, Settings, SettingsError, check_warehouse_path

EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the warehouse; try again later
EXIT_FETCH_INCOMPLETE = 3  # some months or pages could not be fetched; what was fetched is kept
EXIT_FETCH_STOPPED = 69  # EX_UNAVAILABLE: the site failed repeatedly or refused us; the same command resumes
EXIT_SITE_UNEXPECTED = 65  # EX_DATAERR: the site answered, but not as the fetch expects (nothing listed; --probe)


def _fail(message: str, code: int = 2) -> int:
    print(f"lgo-pipeline: {message}", file=sys.stderr)
    return code


def _settings(args: argparse.Namespace) -> Settings:
    """The environment's settings with what the command line gives instead."""
    env = Settings.from_env()
    return Settings(
        raw_dir=Path(args.raw_dir).resolve() if args.raw_dir else env.raw_dir,
        warehouse=Path(args.warehouse).resolve() if getattr(args, "warehouse", None) else env.warehouse,
        org_register=getattr(args, "org_register", None) or env.org_register,
        site_url=getattr(args, "site_url", None) or env.site_url,
        fetch_contact=env.fetch_contact,
        fetch_rate=getattr(args, "rate", None) or env.fetch_rate,
        tunables=env.tunables,
    )


def cmd_fetch(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
    except SettingsError as error:
        return _fail(str(error))
    return _fetch(settings, args)


_FETCH_EXIT = {"complete": 0, "incomplete": EXIT_FETCH_INCOMPLETE, "stopped": EXIT_FETCH_STOPPED,
               "nothing_listed": EXIT_SITE_UNEXPECTED, "busy": EXIT_BUSY, "refused": 2}


def _fetch_refusal(settings: Settings, args: argparse.Namespace) -> int | None:
    """Why a fetch cannot start (printed; its exit code), or None; also the contact tip."""
    from lgo_pipeline.fetch.client import check_rate

    try:
        check_rate(settings.fetch_rate, settings.site_url)
    except ValueError as error:
        return _fail(str(error))
    if args.max_pages is not None and args.max_pages < 1:
        return _fail("--max-pages must be at least 1")
    if not args.raw_dir and not os.environ.get("LGO_RAW_DIR"):
        return _fail("give the folder fetched pages go to with --raw-dir (or LGO_RAW_DIR): the default "
                     f"{DEFAULT_RAW_DIR} is the bundled sample, not a place for 57,000 pages")
    if tip := contact_tip(settings):
        print(tip, file=sys.stderr)
    return None


def _fetch_request(settings: Settings, args: argparse.Namespace):
    from lgo_pipeline.fetch.crawler import FetchRequest

    return FetchRequest(settings.site_url, args.since, args.until, args.organisation or "", args.max_pages)


def _fetch(settings: Settings, args: argparse.Namespace) -> int:
    """Fetch as `args` ask into the raw folder, without a refresh; print what was fetched; the fetch's exit
    code. (`run --fetch` runs the fetch_and_refresh job instead.)"""
    from lgo_pipeline.fetch.client import Politeness
    from lgo_pipeline.fetch.crawler import fetch_decisions

    if (refused := _fetch_refusal(settings, args)) is not None:
        return refused
    politeness = Politeness(rate=settings.fetch_rate)
    if getattr(args, "probe", False):
        return _probe(settings, politeness)
    try:
        settings.raw_dir.mkdir(parents=True, exist_ok=True)
        tally = fetch_decisions(settings.raw_dir, _fetch_request(settings, args), politeness, settings.fetch_contact,
                                progress=(lambda line: None) if args.quiet else _progress_line)
    except writer_lock.WarehouseBusy as busy:
        return _fail(str(busy), code=EXIT_BUSY)
    except ValueError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write into {settings.raw_dir}: {error.strerror or error}")
    print("\n".join(tally.report_lines(settings.raw_dir)))
    if tally.nothing_listed:
        return _fail(tally.nothing_listed, code=EXIT_SITE_UNEXPECTED)
    return _FETCH_EXIT[tally.outcome]


def contact_tip(settings: Settings) -> str | None:
    """One line suggesting LGO_FETCH_CONTACT, when it is unset and the site is not a replica on this machine."""
    from lgo_pipeline.fetch.client import is_local

    if settings.fetch_contact or is_local(settings.site_url):
        return None
    return ("lgo-pipeline: tip: set LGO_FETCH_CONTACT to an e-mail address or URL: it is sent in the User-Agent, so "
            f"{settings.site_url} can reach you rather than block the crawler")


def _probe(settings: Settings, politeness) -> int:
    from lgo_pipeline.fetch.probe import probe_site

    try:
        report = probe_site(settings.raw_dir, settings.site_url, politeness, settings.fetch_contact)
    except OSError as error:
        return _fail(f"cannot write into {settings.raw_dir}: {error.strerror or error}")
    print("\n".join(report.lines))
    print(f"kept        the three replies' bytes in {report.kept_in} (attach them to a bug report)")
    for problem in report.problems:
        print(f"PROBLEM     {problem}")
    print("probe       " + ("the site answers as the fetch expects" if report.ok else
                             f"{len(report.problems)} problems: the fetch would not work as it should "
                             "(docs/fetching.md, 'When the site changes')"))
    return 0 if report.ok else EXIT_SITE_UNEXPECTED


def _default_note(given: str | None, variable: str) -> str:
    """When a path is the default rather than one the user gave: which setting changes it."""
    return "" if given or os.environ.get(variable) else f" (the default; set {variable} or the option to use another)"


def _progress_line(line: str) -> None:
    print(f"  {dt.datetime.now():%H:%M:%S} {line}", file=sys.stderr, flush=True)


def _refusal(settings: Settings, args: argparse.Namespace, empty_allowed: bool = False) -> int | None:
    """Why a refresh cannot start (printed; its exit code), or None. `empty_allowed`: a fetch fills the folder
    first."""
    try:
        check_raw_dir(settings.raw_dir)
    except RawDirError as error:
        return _fail(str(error))
    leave_alone = not_raw_input(settings.raw_dir, WarehouseFiles(settings.warehouse).paths)
    if not empty_allowed and not holds_a_file(settings.raw_dir, leave_alone):
        return _fail(f"the raw folder {settings.raw_dir}{_default_note(args.raw_dir, 'LGO_RAW_DIR')} holds no file: "
                     "nothing to build. Put decision files there (text or saved HTML pages, any folder depth), "
                     "or fetch them: lgo-pipeline fetch --raw-dir FOLDER", code=1)
    if WarehouseFiles(settings.warehouse).published.is_file() and not is_duckdb_file(settings.warehouse):
        return _fail(f"{args.warehouse or settings.warehouse} is not a DuckDB warehouse file: nothing was scanned; "
                     "give the warehouse a file name of its own (--warehouse or LGO_WAREHOUSE)")
    return None


def _record_if_published(summary: RunSummary, files: WarehouseFiles, inputs: dict) -> None:
    """What the published run read, for the next `up to date` (not when the register could not be had)."""
    from lgo_pipeline.ingest.raw_files import published_folder_record

    folders = published_folder_record(files.published) if summary.ok and summary.published else None
    if folders and not summary.register.startswith("unavailable"):
        record_run(files, inputs, folders)


def _up_to_date_line(settings: Settings, last_run: str) -> str:
    return (f"up to date  nothing changed since the run of {last_run}: no file added, removed or renamed in "
            f"{settings.raw_dir}, register and code are the same (--full-scan also reads files edited in place; "
            "--full-refresh rebuilds everything)")


def cmd_run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        settings = _settings(args)
    except SettingsError as error:
        return _fail(str(error))
    fetch = None
    if args.fetch:  # the fetch_and_refresh job: the fetch is its first asset, as on the weekly schedule
        if (refused := _fetch_refusal(settings, args)) is not None:
            return refused
        fetch = _fetch_request(settings, args)
        settings.raw_dir.mkdir(parents=True, exist_ok=True)
    if (refused := _refusal(settings, args, empty_allowed=args.fetch)) is not None:
        return refused
    files = WarehouseFiles(settings.warehouse)
    try:
        _take_writer_lock(files, args.wait)
    except writer_lock.WarehouseBusy as busy:
        return _fail(str(busy), code=EXIT_BUSY)
    except OSError as error:
        return _fail(f"cannot write the warehouse folder {files.published.parent}: {error.strerror or error}")
    try:  # the run holds the lock from here: the Dagster resource is told, and does not take it again
        inputs = inputs_fingerprint(settings)
        fresh = args.full_refresh or args.full_scan or fetch  # a fetch may bring pages: never "up to date"
        last_run = None if fresh else last_run_if_current(files, inputs)
        if last_run:
            print(f"warehouse   {settings.warehouse}")
            print(_up_to_date_line(settings, last_run))
            return 0
        from lgo_pipeline.orchestration import run_pipeline  # Dagster loads in seconds: only when there is work

        summary = run_pipeline(settings, full_refresh=args.full_refresh, full_scan=args.full_scan, quiet=args.quiet,
                               lock_held_by_caller=True, fetch=fetch)
        _record_if_published(summary, files, inputs)
    finally:
        writer_lock.release(files.lock)
    # a fetch step that failed without saying why (an error of its own) leaves no outcome: the run failed, exit 1
    fetch_code = _FETCH_EXIT.get(summary.fetch_outcome, 0) if fetch else 0
    if summary.fetch_lines:
        print("\n".join(summary.fetch_lines))
    if fetch and summary.fetch_outcome in ("nothing_listed", "busy", "refused"):  # nothing refreshed
        return _fail(summary.fetch_error, code=fetch_code)
    _print_summary(summary, settings, files)
    print(_time_taken(time.perf_counter() - started, summary.stage_seconds))
    _print_errors(summary)
    return fetch_code if summary.ok else 1


def cmd_watch(args: argparse.Namespace) -> int:
    """Refresh whenever the raw folder changes, in one warm process: Dagster is imported and the Definitions
    built once, so each refresh pays for its steps only. The check between refreshes is `run`'s `up to date`
    (one stat per folder); the writer lock is taken for each refresh only, so a `run` or a reader may come
    between. A refresh that failed is not tried again until its inputs change. Stops on Ctrl-C, or after
    --max-refreshes."""
    try:
        settings = _settings(args)
    except SettingsError as error:
        return _fail(str(error))
    if (refused := _refusal(settings, args)) is not None:
        return refused
    files, started = WarehouseFiles(settings.warehouse), time.perf_counter()
    from lgo_pipeline.ingest.change_record import changed_folders
    from lgo_pipeline.orchestration import WarmRefresher
    from lgo_pipeline.ingest.raw_files import published_folder_record

    refresher = WarmRefresher(settings)
    print(f"watching    {settings.raw_dir} every {args.interval:g} s for {settings.warehouse} (ready in "
          f"{time.perf_counter() - started:.1f} s; Ctrl-C stops)", flush=True)
    refreshes, failed = 0, False
    failed_on = None  # the inputs and folders of a refresh that failed: not tried again until one changes

    def due(inputs: str) -> bool:
        retry = failed_on is None or failed_on[0] != inputs or bool(changed_folders(failed_on[1]))
        return retry and not last_run_if_current(files, inputs)

    try:
        while args.max_refreshes is None or refreshes < args.max_refreshes:
            summary, started = None, time.perf_counter()
            if not due(inputs_fingerprint(settings)):  # asked without the lock: a `run` is never kept waiting
                time.sleep(args.interval)
                continue
            try:
                _take_writer_lock(files, 0)
            except writer_lock.WarehouseBusy:  # a `run` is writing: its result is seen at the next look
                time.sleep(args.interval)
                continue
            except OSError as error:
                return _fail(f"cannot write the warehouse folder {files.published.parent}: {error.strerror or error}")
            try:
                inputs = inputs_fingerprint(settings)
                if due(inputs):  # asked again under the lock: a `run` may have refreshed in between
                    summary = refresher.refresh(quiet=args.quiet)
                    _record_if_published(summary, files, inputs)
                    scanned = None if summary.ok else published_folder_record(files.work)
                    failed_on = (inputs, scanned) if scanned else None
            finally:
                writer_lock.release(files.lock)
            if summary is not None:
                refreshes += 1
                failed = not summary.ok
                print(f"refresh     {refreshes} at {dt.datetime.now():%H:%M:%S}")
                _print_summary(summary, settings, files)
                print(_time_taken(time.perf_counter() - started, summary.stage_seconds))
                _print_errors(summary)
                if failed_on:
                    print("waiting     for a file added, removed or renamed, or another register or code: the same "
                          "inputs would fail the same way")
                sys.stdout.flush()
            time.sleep(args.interval)
    except KeyboardInterrupt:
        print(f"stopped     after {refreshes} refreshes")
    finally:
        refresher.close()
    return 1 if failed else 0


def _print_summary(summary: RunSummary, settings: Settings, files: WarehouseFiles) -> None:
    """What a refresh did, as `run` and `watch` print it."""
    print(f"warehouse   {settings.warehouse}")
    print(f"raw files   {summary.files_scanned} scanned in {settings.raw_dir}: "
          f"{summary.new_files} new, {summary.known_files} already stored"
          + (f", {summary.unreadable_files} unreadable (see raw.scan_issues)" if summary.unreadable_files else ""))
    if summary.parsed or summary.quarantined:
        print(f"parsed      {summary.parsed} decisions, {summary.quarantined} quarantined")
    else:
        print("parsed      nothing new: every stored file was parsed by an earlier run")
    print(f"register    {summary.register}")
    print(f"checks      {summary.checks_passed} passed, {len(summary.checks_failed_blocking)} failed (blocking), "
          f"{len(summary.checks_failed_error)} failed (not blocking), {len(summary.checks_failed_warn)} warnings")
    readable = settings.warehouse if summary.published else None  # where a check's rows can be listed
    for check in summary.checks_failed_blocking:
        _print_failed_check("BLOCKED", check, settings.warehouse, readable)
    for check in summary.checks_failed_error:
        _print_failed_check("FAILED", check, settings.warehouse, readable)
    for check in summary.checks_failed_warn:
        _print_failed_check("warning", check, settings.warehouse, readable, examples=False)
    for mart, rows in summary.mart_rows.items():
        print(f"mart        marts.{mart}: {rows} rows")
    if summary.left_out:
        print(f"left out    {summary.left_out} (marts.left_out says where)")
    if summary.skipped_models:
        print(f"skipped     {len(summary.skipped_models)} SQL models not built (downstream of what failed): "
              + ", ".join(summary.skipped_models))
    _print_publication(summary, files)


def _print_errors(summary: RunSummary) -> None:
    for error in summary.errors:
        print(f"  error     {error}", file=sys.stderr)


def _time_taken(total: float, stages: dict[str, float]) -> str:
    """Where the run's seconds went, stage by stage; the rest is starting Python and Dagster and its bookkeeping."""
    parts = [f"{stage} {seconds:.1f} s" for stage, seconds in stages.items()]
    rest = total - sum(stages.values())
    return f"took        {total:.1f} s: {', '.join(parts)}; start-up and Dagster's bookkeeping {rest:.1f} s"


def _rows(check: FailedCheck) -> str:
    if not check.failing_rows:
        return ""
    return f" ({check.failing_rows:,} row{'s' if check.failing_rows != 1 else ''})"


def _print_failed_check(label: str, check: FailedCheck, warehouse: Path, published: Path | None,
                        examples: bool = True) -> None:
    """The check, its first failing values, and the command that lists them all: in the published warehouse
    when the run published, else in the unpublished working copy."""
    print(f"  {label:9} {check.name}{_rows(check)}")
    for row in check.sample[:3] if examples else ():
        values = ", ".join(f"{k}={v!r}" for k, v in row.items()) if isinstance(row, dict) else repr(row)
        print(f"            e.g. {values[:200]}")
    if check.query:
        where = ["--warehouse", str(warehouse)] if published else ["--unpublished", "--warehouse", str(warehouse)]
        print(f"            all: {shlex.join(['lgo-pipeline', 'query', *where, ' '.join(check.query.split())])}")


def _print_publication(summary: RunSummary, files: WarehouseFiles) -> None:
    if summary.published:
        print(f"published   {files.published}")
        print(f"report      {summary.report}")
        if summary.search_index:
            print(f"search      {summary.search_index}: lgo-pipeline search \"words\"")
        return
    unpublished = "; `lgo-pipeline query --unpublished` reads what this run built" if files.work.exists() else ""
    if files.published.exists():
        print(f"published   nothing: {files.published} and its report stay as the last complete run left them"
              + unpublished)
    else:
        print(f"published   nothing yet: no warehouse at {files.published}" + unpublished)


def _take_writer_lock(files: WarehouseFiles, wait_seconds: float) -> None:
    """Take the single-writer lock before Dagster starts, so a busy warehouse is one line, not a run."""
    try:
        writer_lock.acquire(files.lock)
    except writer_lock.WarehouseBusy as busy:
        if wait_seconds <= 0:
            raise
        print(f"lgo-pipeline: {busy}; waiting up to {wait_seconds:g} s", file=sys.stderr)
        writer_lock.acquire(files.lock, wait_seconds)
    if not all(os.access(folder, os.W_OK) for folder in (files.published.parent, files.work.parent)):
        writer_lock.release(files.lock)
        raise PermissionError(errno.EACCES, "permission denied")


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(list_raw_paths(path))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {raw}")
    return files


def cmd_parse(args: argparse.Namespace) -> int:
    from lgo_pipeline.parsing.documents import parse_path

    try:
        files = _expand(args.paths)
    except FileNotFoundError as error:
        return _fail(str(error))
    for path in files:
        record = parse_path(path)
        if args.jsonl:
            print(json.dumps(record.model_dump(mode="json"), ensure_ascii=False))
        elif record.ok:
            amounts = ", ".join(f"£{a:,.2f}" for a in record.remedy_amounts_gbp) or "no payments"
            print(f"{path}: {record.reference} | {record.organisation} | {record.outcome} | "
                  f"{record.decision_date} | {record.complainant} | {len(record.remedies)} remedies ({amounts})")
            for warning in record.warnings:
                print(f"    warning: {warning}")
        else:
            print(f"{path}: QUARANTINED: {record.error}")
    return 0


def _reader_warehouse(args: argparse.Namespace) -> Path:
    """The warehouse a reading command names (--warehouse, else the environment's); SettingsError if unusable."""
    warehouse = Path(args.warehouse).resolve() if args.warehouse else Settings.from_env().warehouse
    check_warehouse_path(warehouse)
    return warehouse


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from lgo_pipeline.publishing import query_results
    from lgo_pipeline.publishing.read_only import ReadOnlyViolation, connect_read_only, run_read_only

    try:
        warehouse = _reader_warehouse(args)
    except SettingsError as error:
        return _fail(str(error))
    files = WarehouseFiles(warehouse)
    if args.unpublished:
        if not files.work.exists():
            return _fail(f"no unpublished working copy at {files.work}: no run has started there yet")
        warehouse = files.work
    elif not warehouse.exists():
        if files.work.exists():
            return _fail(f"no warehouse published at {warehouse} yet: the first run has not finished (or a blocking "
                         "check stopped it); `lgo-pipeline query --unpublished` reads what it built")
        return _fail(f"no warehouse at {warehouse}{_default_note(args.warehouse, 'LGO_WAREHOUSE')}: run "
                     "`lgo-pipeline run` (or `make run`) first")
    try:
        with connect_read_only(warehouse) as con:
            try:
                relation = run_read_only(con, args.sql)
                frame = relation.pl() if relation is not None else None
            except duckdb.IOException:
                raise
            except duckdb.Error as error:
                return _fail(query_results.friendly_error(con, error))
    except ReadOnlyViolation as refused:
        return _fail(str(refused))
    except duckdb.IOException as error:
        if args.unpublished and "lock" in str(error).lower():
            return _fail(f"a run is writing {warehouse} now: query the unpublished copy when it has finished",
                         code=EXIT_BUSY)
        if "not a valid DuckDB database" in str(error):
            return _fail(f"{args.warehouse or warehouse} is not a DuckDB warehouse file: give the file "
                         "`lgo-pipeline run` builds (--warehouse or LGO_WAREHOUSE)")
        return _fail(f"cannot open {args.warehouse or warehouse}: {str(error).splitlines()[0]}")
    except duckdb.Error as error:
        return _fail(f"query failed: {str(error).splitlines()[0]}")
    if frame is None:
        return _fail("the statement returned no rows: query runs SELECT-like statements against a read-only warehouse")
    if args.format == "csv":
        sys.stdout.write(query_results.to_csv(frame))
    elif args.format == "json":
        print(query_results.to_json(frame))
    elif frame.height:
        print(query_results.to_table(frame))
    if not frame.height:
        print(query_results.empty_result_note(args.sql), file=sys.stderr if args.format != "table" else sys.stdout)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from lgo_pipeline.search import RESULT_FIELDS, QueryError, SearchIndexError, count, search
    from lgo_pipeline.search.query_language import parse

    try:
        warehouse = _reader_warehouse(args)
    except SettingsError as error:
        return _fail(str(error))
    table = args.format == "table"
    marks = ("\x1b[1m", "\x1b[0m") if table and sys.stdout.isatty() else ("[", "]") if table else ("", "")
    try:
        results = search(warehouse, args.query, organisation=args.organisation, category=args.category,
                         outcome=args.outcome, since=args.since, until=args.until, sort=args.sort, limit=args.limit,
                         raw=args.raw, highlight=marks)
    except QueryError as error:
        return _fail(f"cannot search for {_shortened(args.query)}: {error}")
    except SearchIndexError as error:
        return _fail(str(error))
    if args.format == "table":
        if results:
            found = count(warehouse, args.query, organisation=args.organisation, category=args.category,
                          outcome=args.outcome, since=args.since, until=args.until, raw=args.raw)
            order = "newest first" if args.sort == "date" else "best match first"
            read_as = "" if args.raw else f" for {parse(args.query)}"
            print(f"{len(results):,} of {found:,} decisions{read_as}, {order}\n")
        for number, result in enumerate(results, 1):
            facts = " · ".join(str(value) for value in (result.organisation_name, result.decision_date, result.outcome,
                                                        result.category) if value)
            score = "" if result.score is None else f"  (score {result.score:g})"
            print(f"{number:>3}. {result.reference}  {facts}{score}")
            if result.source_url:
                print(f"     {result.source_url}")
            print(f"     {result.snippet}\n")
    else:  # polars and pyarrow load only for these (a third of a second)
        import polars as pl

        from lgo_pipeline.publishing import query_results

        frame = pl.DataFrame([vars(result) for result in results], schema={
            name: pl.Float64 if name == "score" else pl.String for name in RESULT_FIELDS}, orient="row")
        print(query_results.to_json(frame) if args.format == "json" else query_results.to_csv(frame), end="\n"
              if args.format == "json" else "")
    if not results:
        print("0 decisions match", file=sys.stdout if table else sys.stderr)
    return 0


def _shortened(query: str, limit: int = 60) -> str:
    return repr(query if len(query) <= limit else query[:limit - 1] + "…")


def cmd_generate(args: argparse.Namespace) -> int:
    from lgo_pipeline.generate.corpus import generate_corpus

    if args.n < 1:
        return _fail("--n must be at least 1")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return _fail(f"--out {out} exists and is not a folder")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if not args.quiet:
            rate = done / max(time.perf_counter() - started, 1e-9)
            print(f"  generated {done:,}/{total:,} files ({rate:,.0f} files/s)", file=sys.stderr)

    try:
        stats = generate_corpus(args.n, out, seed=args.seed, progress=progress)
    except OSError as error:
        return _fail(f"cannot write the corpus to {out}: {error.strerror or error}")
    print(f"wrote {stats.files:,} decision files ({stats.bytes / stats.files / 1024:.1f} KB on average) and "
          f"truth.jsonl to {out} in {time.perf_counter() - started:.1f} s (seed {args.seed})")
    return 0


def cmd_accuracy(args: argparse.Namespace) -> int:
    from lgo_pipeline.parsing.accuracy import describe, measure

    truth = Path(args.truth)
    if truth.is_dir():
        truth = truth / "truth.jsonl"
    if not truth.is_file():
        return _fail(f"no truth file at {truth}: give a truth.jsonl (or the folder holding it)")
    try:
        accuracy = measure(truth, limit=args.limit, examples=args.examples)
    except (OSError, KeyError, ValueError) as error:
        return _fail(f"cannot read {truth}: {error}")
    print("\n".join(describe(accuracy, truth)))
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value

def _fetch_arguments(command: argparse.ArgumentParser, with_raw_dir: bool) -> None:
    if with_raw_dir:
        command.add_argument("--raw-dir", help="folder the pages go to (default: $LGO_RAW_DIR; required otherwise)")
    command.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                         help="first decision date to fetch (default: the latest decision held minus eight weeks, "
                              "or 2010-01-01 when none is held)")
    command.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="last decision date (default: today)")
    command.add_argument("--organisation", metavar="NAME", help="only decisions about organisations matching NAME")
    command.add_argument("--rate", type=float, default=1.0,
                         help="requests a second, at most (default 1; above 5 only for a replica on this machine)")
    command.add_argument("--max-pages", type=int, metavar="N", help="ask for at most N decision pages (to try it out)")
    command.add_argument("--site-url", help="the site (default: $LGO_SITE_URL or https://www.lgo.org.uk)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lgo-pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="ingest, parse, normalise and build the warehouse; print a summary")
    run.add_argument("--raw-dir", help=f"folder of raw decision files (default: $LGO_RAW_DIR, else {DEFAULT_RAW_DIR}, "
                                       "wherever the command is run from)")
    run.add_argument("--warehouse", help=f"DuckDB file (default: $LGO_WAREHOUSE, else {DEFAULT_WAREHOUSE})")
    run.add_argument("--org-register", help="organisation register CSV, file or URL (default: $LGO_ORG_REGISTER "
                                            "or the published register, downloaded once into data/cache)")
    run.add_argument("--full-refresh", action="store_true",
                     help="re-parse every stored file, not only new ones, and so rebuild every SQL model in full")
    run.add_argument("--full-scan", action="store_true",
                     help="list every folder and stat every file of the raw folder, so that files edited in place "
                          "are read again (by default only folders where a name was added, removed or renamed are "
                          "listed, and only new names read; the daily schedule scans in full)")
    run.add_argument("--quiet", action="store_true", help="no progress lines, only the summary and errors")
    run.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                     help="when another run is writing the warehouse, wait up to this long (default: exit at once, code 75)")
    run.add_argument("--fetch", action="store_true",
                     help="first fetch the decisions published since the latest one held (see `fetch`; the fetch "
                          "options below apply)")
    _fetch_arguments(run, with_raw_dir=False)
    run.set_defaults(handler=cmd_run)

    watch = commands.add_parser(
        "watch", help="refresh whenever files arrive, in one warm process (Dagster loaded once)",
        description="Watch the raw folder and refresh the warehouse whenever a file is added, removed or renamed "
                    "in it, as `run` does, in one process that imports Dagster and builds the definitions once "
                    "(each refresh saves their 2-3 seconds). With DAGSTER_HOME set, its runs show in the UI. "
                    "Exit code: 1 when the last refresh failed, else 0.")
    watch.add_argument("--raw-dir", help="as for run")
    watch.add_argument("--warehouse", help="as for run")
    watch.add_argument("--org-register", help="as for run")
    watch.add_argument("--interval", type=float, default=10.0, metavar="SECONDS",
                       help="how often to look for changes (default 10)")
    watch.add_argument("--max-refreshes", type=int, metavar="N", help="stop after N refreshes (default: never)")
    watch.add_argument("--quiet", action="store_true", help="no progress lines, only each refresh's summary")
    watch.set_defaults(handler=cmd_watch)

    fetch = commands.add_parser(
        "fetch", help="fetch published decision pages from the Ombudsman's site into the raw folder",
        description="Fetch decision pages (and their search result cards) from the Ombudsman's site into "
                    "<raw dir>/lgo.org.uk/<year>/, politely: at most --rate requests a second on one connection, "
                    "robots.txt honoured, backoff on errors, conditional requests for pages held. Incremental by "
                    "default (from the latest decision held, minus eight weeks); a killed fetch resumes when the "
                    "same command is run again. Run `fetch --probe` first. Exit codes: 0 all fetched, 3 some months "
                    "or pages failed, 65 the site did not answer as expected (the search listed nothing in past "
                    "months; --probe found a problem), 69 stopped (the site failed repeatedly or robots.txt "
                    "forbids), 75 another fetch is running.")
    _fetch_arguments(fetch, with_raw_dir=True)
    fetch.add_argument("--probe", action="store_true",
                       help="check the site in three requests (robots.txt, a search of last month, its first decision "
                            "page): print what was read, keep the bytes, exit 65 if anything is missing")
    fetch.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
    fetch.set_defaults(handler=cmd_fetch)

    parse = commands.add_parser("parse", help="parse files without a warehouse")
    parse.add_argument("paths", nargs="+", help="files or folders")
    parse.add_argument("--jsonl", action="store_true", help="one JSON parse record per line")
    parse.set_defaults(handler=cmd_parse)

    generate = commands.add_parser("generate", help="write a synthetic corpus of decisions and its truth.jsonl")
    generate.add_argument("--n", type=int, required=True, help="number of decision files")
    generate.add_argument("--out", required=True, help="folder to write them to (created)")
    generate.add_argument("--seed", type=int, default=0, help="the same seed writes the same corpus (default 0)")
    generate.add_argument("--quiet", action="store_true", help="no progress lines")
    generate.set_defaults(handler=cmd_generate)

    accuracy = commands.add_parser("accuracy", help="the parser's per-field accuracy against a truth.jsonl")
    accuracy.add_argument("truth", help="truth.jsonl of `generate` or of hand-checked real pages, or its folder; the "
                                        "files sit beside it or in a pages/ folder beside it")
    accuracy.add_argument("--limit", type=int, help="only the first N files")
    accuracy.add_argument("--examples", type=int, default=3, help="wrong values shown per field (default 3)")
    accuracy.set_defaults(handler=cmd_accuracy)

    query = commands.add_parser("query", help="run read-only SQL against the warehouse")
    query.add_argument("sql")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument("--warehouse", help=f"DuckDB file (default: $LGO_WAREHOUSE, else {DEFAULT_WAREHOUSE})")
    query.add_argument("--unpublished", action="store_true",
                       help="read the working copy the last run built (also when a blocking check kept it from "
                            "being published), not the published warehouse")
    query.set_defaults(handler=cmd_query)

    search = commands.add_parser(
        "search", help="find published decisions by their words, best match first",
        description="Full-text search over every published decision's latest text. Every word must appear (in "
                    "any form: delays finds delay), \"double quotes\" make a phrase, word* finds words that begin "
                    "so, OR between two words finds either, -word excludes. Exit code 2 for a query it cannot take.")
    search.add_argument("query", help='the words to find, e.g. \'"EHC plan" delay\'')
    search.add_argument("--organisation", metavar="TEXT", help="only decisions about organisations whose name, or any "
                                                              "spelling of it, contains TEXT")
    search.add_argument("--category", metavar="TEXT", help="only decisions whose category (Top > Sub) contains TEXT")
    search.add_argument("--outcome", metavar="TEXT", help="only decisions whose outcome (upheld, not upheld, ... or as "
                                                         "written) contains TEXT")
    search.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only decisions made on or after this day")
    search.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="only decisions made on or before this day")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                        help="best match first (default) or newest first")
    search.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N results (default 20)")
    search.add_argument("--format", choices=("table", "csv", "json"), default="table")
    search.add_argument("--warehouse", help=f"DuckDB file (default: $LGO_WAREHOUSE, else {DEFAULT_WAREHOUSE}); the "
                                            "index is in the .<name>.search.<n> folders beside it")
    search.add_argument("--raw", action="store_true", help="the query is in tantivy's own syntax (\"a b\"~2 for "
                                                           "words near each other, +, -, AND, OR), passed as it is")
    search.set_defaults(handler=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `lgo-pipeline query ... | head`: a closed pipe ends us quietly, as Unix tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
