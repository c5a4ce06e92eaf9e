"""The fetch against a replica of the Ombudsman's site on 127.0.0.1 (`replica_site`): what lands in the raw
folder, the manners (rate, conditional requests, robots.txt, backoff, breaker), resuming a killed fetch, and
the cards completing pages in the warehouse. Every test is bounded: a few hundred requests, seconds each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb

from lgo_pipeline.defs.fetch.assets import fetched_pages
from lgo_pipeline.defs.resources import DecisionSite, RawFolder
from lgo_pipeline.fetch.client import Politeness
from lgo_pipeline.fetch.crawler import FetchRequest, FetchTally, fetch_decisions
from lgo_pipeline.fetch.layout import FetchLayout
from lgo_pipeline.fetch.site import month_windows
from lgo_pipeline.parsing.documents import parse_path
from lgo_pipeline_tests.conftest import REAL_REGISTER, REPO, materialize_all
from lgo_pipeline_tests.replica_site import Fault, ReplicaSite, page_html, real_decisions

# Four months holding 10 decisions, 4 of them pages without header lines (the card has their outcome and date).
SINCE, UNTIL = dt.date(2025, 5, 1), dt.date(2025, 8, 31)
FAST = Politeness(rate=50, timeout=2, backoff_base=0.05)


def fetch(site: ReplicaSite, raw: Path, since: dt.date | None = SINCE, until: dt.date | None = UNTIL,
          politeness: Politeness = FAST, lines: list | None = None, **request) -> FetchTally:
    return fetch_decisions(raw, FetchRequest(site.url, since, until, **request), politeness,
                           progress=(lines.append if lines is not None else lambda line: None))


def in_window(site: ReplicaSite) -> list:
    """The window's decisions in the order a fetch asks for them: the newest month first, each newest first."""
    found = [d for d in site.decisions if SINCE <= d.decision_date <= UNTIL]
    return sorted(found, key=lambda d: (d.decision_date, d.slug), reverse=True)


def pages_in(raw: Path) -> dict[str, bytes]:
    return {str(path.relative_to(raw)): path.read_bytes() for path in sorted(raw.rglob("*")) if path.is_file()
            and ".fetch" not in path.parts}


def page_requests(site: ReplicaSite) -> list:
    return site.requests_for("/decisions/")


def test_a_fetch_stores_every_listed_page_whole_where_the_ingest_reads_it(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        tally = fetch(site, tmp_path)
        expected = in_window(site)
    assert tally.complete and tally.new == len(expected) == 10 and tally.months_done == 4
    stored = pages_in(tmp_path)
    assert sorted(stored) == sorted(f"lgo.org.uk/{d.decision_date.year}/{d.slug}.html" for d in expected)
    for name, content in stored.items():
        assert content.rstrip().endswith(b"</html>")
        record = parse_path(tmp_path / name)
        assert record.ok and record.reference == Path(name).stem.replace("-", " ")
    assert not list(FetchLayout(tmp_path).incoming.glob("*"))  # nothing half-written left behind


def test_requests_keep_the_rate_on_one_connection(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        fetch(site, tmp_path, since=dt.date(2025, 8, 1), until=dt.date(2025, 8, 31),
              politeness=dataclasses.replace(FAST, rate=8))
        arrivals = [request.at for request in site.requests]
        agents = {request.headers.get("User-Agent") for request in site.requests}
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:])]
    assert len(arrivals) >= 7 and min(gaps) >= 0.125 - 0.01  # 8 a second at most
    assert len(agents) == 1 and agents.pop().startswith("lgo-pipeline/")


def test_a_second_fetch_asks_conditionally_and_downloads_only_what_changed(tmp_path: Path) -> None:
    """Evidence: some pages send Last-Modified and no ETag (both validators are sent back), and per-request
    tokens make two downloads of an unchanged page differ in bytes (judged on the decision's text)."""
    with ReplicaSite() as site:
        fetch(site, tmp_path)
        before = {path: (tmp_path / path).stat().st_mtime_ns for path in pages_in(tmp_path)}
        changed = in_window(site)[0]
        site.change_page(changed, page_html(changed, changed.text.replace("Summary:", "Summary: Re-issued.")))
        first_pass = len(site.requests)
        tally = fetch(site, tmp_path)
        second = site.requests[first_pass:]
        validators = {d.path: site.validators(d.path, b"") for d in in_window(site)}
    pages = {request.target: request for request in second if request.target.startswith("/decisions/")}
    for path, request in pages.items():
        assert ("If-None-Match" in request.headers) == ("ETag" in validators[path])
        assert ("If-Modified-Since" in request.headers) == ("Last-Modified" in validators[path])
        expected = 200 if path == changed.path or not validators[path] else 304
        assert request.status == expected, path
    without = sum(not kinds for kinds in validators.values())
    assert 0 < without < 10 and any(kinds.keys() == {"Last-Modified"} for kinds in validators.values())
    assert (tally.new, tally.changed, tally.unchanged) == (0, 1, 9)
    after = {path: (tmp_path / path).stat().st_mtime_ns for path in pages_in(tmp_path)}
    changed_file = f"lgo.org.uk/{changed.decision_date.year}/{changed.slug}.html"
    assert {path for path in after if after[path] != before[path]} == {changed_file}  # no new bytes for the rest
    assert b"Re-issued." in (tmp_path / changed_file).read_bytes()


def test_the_fetch_log_records_every_request_with_its_validators(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        tally = fetch(site, tmp_path)
        served = len(site.requests)
        sent = {site.url + d.path: site.validators(d.path, b"") for d in in_window(site)}
    with sqlite3.connect(FetchLayout(tmp_path).database) as db:
        rows = db.execute("SELECT url, status, bytes, etag, last_modified FROM requests").fetchall()
    assert len(rows) == served == tally.requests
    pages = [row for row in rows if "/decisions/" in row[0]]
    assert len(pages) == 10 and all(status == 200 and size > 1000 for _, status, size, _, _ in pages)
    for url, _, _, etag, modified in pages:
        assert (etag is not None, modified is not None) == ("ETag" in sent[url], "Last-Modified" in sent[url])


def test_faults_are_retried_and_nothing_partial_reaches_the_raw_folder(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        first, second, third, fourth = (d.path for d in in_window(site)[:4])
        site.fail(first, Fault("status", 429, headers=(("Retry-After", "1"),)))
        site.fail(second, Fault("status", 503), Fault("truncate"))
        site.fail(third, Fault("slow", seconds=3))  # longer than the 2 s timeout
        site.fail(fourth, Fault("redirect", location=fourth + "?moved=1"))
        started = time.monotonic()
        tally = fetch(site, tmp_path)
        took = time.monotonic() - started
        statuses = {path: [r.status for r in site.requests if r.target == path] for path in (first, second)}
        with sqlite3.connect(FetchLayout(tmp_path).database) as db:
            log = {path: [row[0] for row in db.execute("SELECT coalesce(error, 'ok') FROM requests WHERE url = ?",
                                                       (site.url + path,))] for path in (second, third, fourth)}
    assert tally.complete and tally.new == 10
    assert statuses[first] == [429, 200] and statuses[second] == [503, 200, 200]
    assert log[second][0] == "503 Service Unavailable" and log[second][1].startswith("RemoteProtocolError")
    assert log[third][0].startswith("ReadTimeout") and log[third][1:] == ["ok"]
    assert log[fourth] == ["ok"]  # the 301 is logged under the URL redirected to
    assert took >= 1.0  # Retry-After: 1 was waited for
    for content in pages_in(tmp_path).values():
        assert content.rstrip().endswith(b"</html>")


def test_a_page_that_failed_is_asked_for_again_by_the_next_fetch_whatever_its_months(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        gone = in_window(site)[0]
        site.fail(gone.path, *[Fault("status", 503)] * 3)
        first = fetch(site, tmp_path, politeness=dataclasses.replace(FAST, attempts=3))
        assert first.failed_pages == [f"{site.url}{gone.path}: 503"] and first.new == 9 and not first.complete
        later = fetch(site, tmp_path, since=dt.date(2025, 10, 1), until=dt.date(2025, 10, 31))
    assert later.complete and later.new == 1 + 3  # the page missed, and October's three
    assert (tmp_path / f"lgo.org.uk/{gone.decision_date.year}/{gone.slug}.html").is_file()


def test_an_empty_search_shell_is_retried_then_reported_never_read_as_no_decisions(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        site.shells = 2
        assert fetch(site, tmp_path, since=dt.date(2025, 8, 1)).new == 5  # two shells, then the results
        site.shells = 100
        tally = fetch(site, tmp_path / "again", since=dt.date(2025, 8, 1))
    assert tally.new == 0 and not tally.complete
    assert tally.incomplete_months == [tally.incomplete_months[0]] and "empty shell" in tally.incomplete_months[0]


def test_robots_txt_that_disallows_stops_before_any_search(tmp_path: Path) -> None:
    with ReplicaSite(robots="User-agent: *\nDisallow: /Decisions/\n") as site:
        tally = fetch(site, tmp_path)
        targets = [request.target for request in site.requests]
    assert tally.stopped and "robots.txt" in tally.stopped and targets == ["/robots.txt"]
    assert pages_in(tmp_path) == {}


def test_the_breaker_stops_a_failing_fetch_and_the_same_request_resumes_it(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        down = in_window(site)[5].path
        site.fail(down, *[Fault("status", 503)] * 8)
        stopped = fetch(site, tmp_path, politeness=dataclasses.replace(FAST, attempts=8, failures_to_stop=6))
        assert stopped.stopped and "6 requests in a row failed" in stopped.stopped and stopped.new == 5
        months_walked = stopped.months_done
        fetched_before = {request.target for request in page_requests(site) if request.status == 200}
        site.requests.clear()
        resumed = fetch(site, tmp_path)
        asked = [request.target for request in page_requests(site)]
    assert resumed.resumed and resumed.complete and resumed.months_done == 4 and resumed.new == 5
    assert len(set(asked)) == 5 and down in asked and not set(asked) & fetched_before  # none asked for twice
    searched_months = {target.split("fd=")[1].split("&")[0] for target in
                       [r.target for r in site.requests if r.target.startswith("/Decisions/")]}
    assert len(searched_months) == 4 - months_walked


def test_a_killed_fetch_leaves_nothing_partial_and_resumes_where_it_stopped(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    with ReplicaSite() as site:
        command = [sys.executable, "-m", "lgo_pipeline.cli", "fetch", "--raw-dir", str(raw), "--site-url", site.url,
                   "--since", "2025-05-01", "--until", "2025-08-31", "--rate", "6", "--quiet"]
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while len(pages_in(raw)) < 4 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        killed_with = pages_in(raw)
        assert 4 <= len(killed_with) < 10
        for content in killed_with.values():
            assert content.rstrip().endswith(b"</html>")
        fetched_before = {request.target for request in page_requests(site)}
        site.requests.clear()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
        asked_again = {request.target for request in page_requests(site)}
    assert done.returncode == 0, done.stderr
    assert "fetched     " in done.stdout and "resum" not in done.stderr
    assert len(pages_in(raw)) == 10
    assert len(asked_again & fetched_before) <= 1  # only a page in flight when killed is asked for again


def test_a_lettered_reference_and_a_reports_chapters_are_kept_apart(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        tally = fetch(site, tmp_path, since=dt.date(2018, 2, 1), until=dt.date(2018, 2, 28))
        fetch(site, tmp_path, since=dt.date(2022, 11, 1), until=dt.date(2022, 11, 30))
    assert tally.chapters == 1
    stored = pages_in(tmp_path)
    assert {"lgo.org.uk/2018/17-002-928.html", "lgo.org.uk/2018/17-002-928.chapter-2.html",
            "lgo.org.uk/2022/21-011-085.html", "lgo.org.uk/2022/21-011-085b.html"} <= set(stored)
    chapter = parse_path(tmp_path / "lgo.org.uk/2018/17-002-928.chapter-2.html")
    assert chapter.chapter == 2 and chapter.remedy_amounts_gbp == [200.0, 200.0]
    assert not any("header" in warning for warning in chapter.warnings)
    assert parse_path(tmp_path / "lgo.org.uk/2022/21-011-085b.html").reference == "21 011 085b"


def test_pagination_walks_every_result_page_of_a_crowded_month(tmp_path: Path) -> None:
    source = [d for d in real_decisions() if d.stated_on_page][:23]
    crowded = [dataclasses.replace(d, decision_date=dt.date(2024, 3, 1 + i)) for i, d in enumerate(source)]
    with ReplicaSite(decisions=crowded) as site:
        tally = fetch(site, tmp_path, since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))
        searches = site.requests_for("/Decisions/")
    assert tally.listing_pages == 3 == len(searches) and tally.new - tally.chapters == 23


def test_fetched_pages_complete_the_warehouse_with_their_cards(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    with ReplicaSite() as site:
        lines: list[str] = []
        tally = fetch_decisions(raw, FetchRequest(site.url, dt.date(2012, 1, 1), dt.date(2026, 11, 30)),
                                dataclasses.replace(FAST, rate=100), progress=lines.append, progress_every=0.5)
        headerless = {d.slug.replace("-", " "): d for d in site.decisions if not d.stated_on_page}
    assert tally.complete and tally.new == 97 and any("ETA" in line and "requests" in line for line in lines)
    assert materialize_all(raw, warehouse, register=str(REAL_REGISTER)).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = {row[0]: row[1:] for row in con.execute(
            "SELECT reference, outcome, outcome_source, decision_date, decision_date_source, category_source, "
            "source_url, source_url_method, payments, remedy_total_gbp, document_type FROM core.fct_decision").fetchall()}
        blank_urls = con.execute("SELECT count(*) FROM core.fct_decision WHERE source_url IS NULL").fetchone()[0]
        remedies = con.execute("SELECT remedy_id, amount_gbp FROM core.fct_remedy WHERE reference = '17 002 928' "
                               "AND amount_gbp IS NOT NULL ORDER BY remedy_id").fetchall()
        coverage = con.execute("SELECT month, listed, held, missing, gone, is_complete FROM marts.fetch_coverage "
                               "WHERE organisation_filter = ''").fetchall()
    assert len(rows) == 96 and blank_urls == 0
    # the reconciliation with the site: every month walked, each decision it listed held
    assert len(coverage) == len(month_windows(dt.date(2012, 1, 1), dt.date(2026, 11, 30)))
    assert all(listed == held and missing == 0 and gone == 0 and complete
               for _, listed, held, missing, gone, complete in coverage)
    assert sum(listed for _, listed, *_ in coverage) == 96
    for reference, decision in headerless.items():
        outcome, outcome_source, date, date_source, category_source, url, method = rows[reference][:7]
        assert (outcome, outcome_source, date, date_source, category_source, method) == (
            decision.outcome, "listing", decision.decision_date, "listing", "listing", "fetched")
        assert url == site.url + decision.path
    # the page's own values wherever it states them; the card's only where it does not
    assert {reference for reference, row in rows.items() if row[1] == "listing" or row[3] == "listing"} == set(headerless)
    assert rows["17 002 928"][7:] == (2, 400, "report")  # the payments sit in chapter 2
    assert [amount for _, amount in remedies] == [200, 200]


def test_the_fetch_asset_fetches_incrementally_and_reports_what_it_did(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        resources = {"raw_folder": RawFolder(raw_dir=str(tmp_path)),
                     "decision_site": DecisionSite(site_url=site.url, rate=100)}
        first = dg.materialize([fetched_pages], resources=resources)
        site.requests.clear()
        second = dg.materialize([fetched_pages], resources=resources)
        months_searched_again = {r.target.split("fd=")[1].split("&")[0] for r in site.requests_for("/Decisions/")}
    assert first.success and second.success
    metadata = first.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["new"].value == len(site.decisions) + 1 and metadata["chapters"].value == 1  # 2012's included
    assert metadata["since"].value == "2010-01-01"
    check = first.get_asset_check_evaluations()[0]
    assert check.check_name == "every_listed_page_fetched" and check.passed
    latest = max(d.decision_date for d in site.decisions)
    again = second.get_asset_materialization_events()[0].materialization.metadata
    assert again["since"].value == str(latest - dt.timedelta(weeks=8))  # incremental: eight weeks of overlap
    assert again["new"].value == 0
    assert len(months_searched_again) == len(month_windows(latest - dt.timedelta(weeks=8), dt.date.today()))


def test_run_with_fetch_runs_the_fetch_and_refresh_job_and_a_stopped_fetch_is_built_then_resumed(tmp_path: Path) -> None:
    """`run --fetch` is the fetch_and_refresh job: a fetch stopped early (here by --max-pages) still refreshes
    what it fetched and exits 69 saying how to resume; the same command without the limit resumes and ends 0."""
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    command = [sys.executable, "-m", "lgo_pipeline.cli", "run", "--fetch", "--raw-dir", str(raw), "--warehouse",
               str(warehouse), "--org-register", str(REAL_REGISTER), "--since", "2025-08-01", "--until", "2025-08-31",
               "--rate", "50", "--quiet"]

    def fetched() -> int:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute("SELECT count(*) FROM core.fct_decision WHERE source_url_method = 'fetched'").fetchone()[0]

    with ReplicaSite() as site:
        stopped = subprocess.run([*command, "--site-url", site.url, "--max-pages", "3"], cwd=REPO, capture_output=True,
                                 text=True, timeout=300, env={**os.environ, "LGO_RAW_DIR": ""})
        assert stopped.returncode == 69, stopped.stdout + stopped.stderr
        assert "fetched     3 decision pages (3 new" in stopped.stdout and "stopped     --max-pages 3 reached" in stopped.stdout
        assert "parsed      3 decisions" in stopped.stdout and fetched() == 3
        assert "fetched_pages:every_listed_page_fetched" in stopped.stdout  # the check failed at ERROR, not blocking
        resumed = subprocess.run([*command, "--site-url", site.url], cwd=REPO, capture_output=True, text=True,
                                 timeout=300, env={**os.environ, "LGO_RAW_DIR": ""})
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "fetched     2 decision pages (2 new" in resumed.stdout and "parsed      2 decisions" in resumed.stdout  # the rest only
    assert fetched() == 5


def test_fetch_refuses_the_bundled_sample_and_too_fast_a_rate_for_the_real_site(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LGO_RAW_DIR"}
    no_folder = subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", "fetch"], cwd=REPO, env=env,
                               capture_output=True, text=True, timeout=60)
    assert no_folder.returncode == 2 and "--raw-dir" in no_folder.stderr
    too_fast = subprocess.run([sys.executable, "-m", "lgo_pipeline.cli", "fetch", "--raw-dir", str(tmp_path),
                               "--rate", "20"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert too_fast.returncode == 2 and "too fast for https://www.lgo.org.uk" in too_fast.stderr


def test_a_walk_of_past_months_in_which_the_search_lists_nothing_exits_non_zero_and_says_what_to_check(
        tmp_path: Path) -> None:
    """The worst failure a crawler has is an empty success: a search that lists nothing for a year of past
    months (as the real site would for a mis-encoded `dc`) is an error with one line, not a quiet exit 0."""
    with ReplicaSite(decisions=[]) as site:
        done = subprocess.run(
            [sys.executable, "-m", "lgo_pipeline.cli", "fetch", "--raw-dir", str(tmp_path), "--site-url", site.url,
             "--since", "2024-01-01", "--until", "2024-12-31", "--rate", "50", "--quiet"],
            cwd=REPO, capture_output=True, text=True, timeout=120)
        searches = len(site.requests_for("/Decisions/"))
    assert done.returncode == 65, done.stdout + done.stderr
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("lgo-pipeline:")]
    assert "no decision in any of the 12 past months walked (2024-01 to 2024-12)" in line
    assert f"{site.url}/Decisions/SearchResults?" in line and "--probe" in line
    assert "Traceback" not in done.stderr and searches == 12  # one request per empty month


def test_a_month_listing_fewer_cards_than_its_count_is_incomplete_and_walked_again_by_the_next_fetch(
        tmp_path: Path) -> None:
    with ReplicaSite() as site:
        hidden = in_window(site)[2]
        site.hidden = frozenset({hidden.slug})
        first = fetch(site, tmp_path)
        label = hidden.decision_date.strftime("%Y-%m")
        assert not first.complete and first.new == 9
        assert [month.split(":")[0] for month in first.incomplete_months] == [label]
        assert "the search said" in first.incomplete_months[0] and "walked again" in first.incomplete_months[0]
        site.hidden = frozenset()
        site.requests.clear()
        later = fetch(site, tmp_path, since=dt.date(2025, 10, 1), until=dt.date(2025, 10, 31))
        months_searched = {r.target.split("fd=")[1][:7] for r in site.requests_for("/Decisions/")}
    assert months_searched == {"2025-10", label} and later.complete and later.new == 3 + 1


def test_a_result_page_past_the_last_answers_404_and_that_ends_the_month(tmp_path: Path) -> None:
    """Evidence: paging past the last page answers 404. Without a readable count, the walk goes on until it."""
    source = [d for d in real_decisions() if d.stated_on_page][:23]
    crowded = [dataclasses.replace(d, decision_date=dt.date(2024, 3, 1 + i)) for i, d in enumerate(source)]
    with ReplicaSite(decisions=crowded) as site:
        site.show_count = False
        tally = fetch(site, tmp_path, since=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))
        statuses = [request.status for request in site.requests_for("/Decisions/")]
    assert statuses == [200, 200, 200, 404]
    assert tally.complete and tally.listing_pages == 3 and tally.new - tally.chapters == 23


def test_a_page_answering_404_on_three_days_is_gone_and_not_asked_for_again(tmp_path: Path) -> None:
    with ReplicaSite() as site:
        removed = in_window(site)[1]
        url = site.url + removed.path
        site.decisions.remove(removed)
        fetch(site, tmp_path, since=dt.date(2025, 12, 1), until=dt.date(2025, 12, 31))  # makes the state file
        with sqlite3.connect(FetchLayout(tmp_path).database) as db:  # it answered 404 on two earlier days
            db.executemany("INSERT INTO missing_pages VALUES (?, ?, 404)", [(url, "2026-01-05"), (url, "2026-01-12")])
            db.execute("INSERT INTO cards (url, reference, category_slug, sub_category_slug, decision_date, listed_at) "
                       "VALUES (?, ?, 'x', 'y', ?, '2026-01-01')", (url, removed.slug.replace("-", " "),
                                                                   removed.decision_date.isoformat()))
        first = fetch(site, tmp_path)
        site.requests.clear()
        again = fetch(site, tmp_path, since=dt.date(2025, 10, 1), until=dt.date(2025, 10, 31))
        asked_again = [request.target for request in page_requests(site) if request.target == removed.path]
    assert first.gone == 1 and first.complete and first.new == 9 and "1 gone from the site" in first.summary()
    assert again.complete and asked_again == []  # a gone page is not asked for again


def test_fetch_probe_reports_what_the_site_answers_and_keeps_the_bytes(tmp_path: Path) -> None:
    last_month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    dated = [dataclasses.replace(d, decision_date=last_month + dt.timedelta(days=i))
             for i, d in enumerate(d for d in real_decisions() if d.stated_on_page)][:12]
    command = [sys.executable, "-m", "lgo_pipeline.cli", "fetch", "--probe", "--rate", "50", "--site-url"]
    with ReplicaSite(decisions=dated) as site:
        good = subprocess.run([*command, site.url, "--raw-dir", str(tmp_path / "raw")], cwd=REPO, capture_output=True,
                              text=True, timeout=60)
        asked = [request.target for request in site.requests]
    with ReplicaSite(decisions=[]) as empty:
        bad = subprocess.run([*command, empty.url, "--raw-dir", str(tmp_path / "other")], cwd=REPO,
                             capture_output=True, text=True, timeout=60)
    assert good.returncode == 0, good.stdout + good.stderr
    assert len(asked) == 3 and asked[0] == "/robots.txt" and asked[2].startswith("/decisions/")
    assert "  count     12" in good.stdout and "  cards     10 on the first result page" in good.stdout
    assert "    decision_date  10/10 filled" in good.stdout and "    page           10/10 filled" in good.stdout
    assert "  reference      " in good.stdout and "the site answers as the fetch expects" in good.stdout
    (kept,) = (tmp_path / "raw" / "lgo.org.uk" / ".fetch" / "probe").iterdir()
    assert sorted(path.name for path in kept.iterdir()) == ["page.html", "robots.txt", "search.html"]
    assert bad.returncode == 65 and "PROBLEM     the search listed no decision for a whole past month" in bad.stdout
