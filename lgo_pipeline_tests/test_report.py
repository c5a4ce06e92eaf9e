"""The report site: an index with the national view and an offline search, a page per organisation whose
figures are the marts', a data dictionary, one shared plotting library, every link resolving, nothing fetched
from the network, pages written again only when their figures change."""

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb
import pytest

from lgo_pipeline.report.formatting import REUSE_TERMS, page_name
from lgo_pipeline.report.organisation_page import FUNNEL_SENTENCES
from lgo_pipeline_tests.conftest import decision_text, failed_checks, materialize_all, rows, write_register

COUNCILS = {  # council -> (register code, GSS code, type, replaced by, outcomes)
    "Alpha County Council": ("ALP", "E10000901", "CTY", "", ["Upheld"] * 8 + ["Not upheld"] * 2),
    "Beta District Council": ("BET", "E07000901", "NMD", "", ["Upheld"] * 2 + ["Not upheld"] * 3
                              + ["Closed after initial enquiries"]),
    "Gamma Borough Council": ("GAM", "E07000902", "NMD", "", ["Not upheld", "Closed after initial enquiries"]),
    "Delta District Council": ("DEL", "E07000903", "NMD", "ALP", ["Upheld"]),  # abolished, replaced by Alpha
}
# A care provider whose name holds every character HTML gives a meaning to: on every page it must stay text.
MARKUP_NAME = 'Smith & <Jones> "Care" Ltd'
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--proxy-server=127.0.0.1:9", "--virtual-time-budget=15000"]


class _Links(HTMLParser):
    """Every URL a page loads (script/img src, stylesheet href) or links to (a href), and its element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: set[str] = set()
        self.attribute_values: list[str] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        self.attribute_values += [value for value in values.values() if value]
        if values.get("id"):
            self.ids.add(values["id"])
        if tag in {"script", "img", "iframe", "source", "video", "audio"} and values.get("src"):
            self.loads.append(values["src"])
        if tag == "link" and values.get("href"):
            self.loads.append(values["href"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


def _parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _write_decisions(raw: Path, extra: int = 0) -> None:
    number = 0
    for name, (_, _, _, _, outcomes) in COUNCILS.items():
        for outcome in outcomes:
            number += 1
            year = 21 if name.startswith("Delta") else 22  # Delta was abolished in 2023
            payments = (250 * number,) if outcome == "Upheld" else ()
            (raw / f"{number:03d}.txt").write_text(
                decision_text(name, f"{year} 000 {number:03d}", outcome, f"10 Jun 20{year}", payments), encoding="utf-8")
    (raw / "care.txt").write_text(decision_text(MARKUP_NAME, "22 000 500", "Upheld", "12 Jun 2022", (125,),
                                                category="Adult care services > Residential care"), encoding="utf-8")
    for more in range(extra):  # a later decision about Beta only
        (raw / f"9{more:02d}.txt").write_text(decision_text("Beta District Council", f"22 000 9{more:02d}", "Upheld",
                                                            "11 Jun 2022", (75,)), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    raw = tmp_path_factory.mktemp("raw")
    _write_decisions(raw)
    register = write_register(raw.parent / "register.csv", [(code, name, gss, kind, replaced_by) for name, (
        code, gss, kind, replaced_by, _) in COUNCILS.items()])
    warehouse = raw.parent / "warehouse.duckdb"
    result = materialize_all(raw, warehouse, register=str(register))
    assert result.success and failed_checks(result) == []
    (published,) = result.asset_materializations_for_node("published_warehouse")
    return raw, register, warehouse, Path(published.metadata["report"].value), result


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[3].parent


def test_the_site_has_an_index_a_page_per_organisation_and_a_dictionary(built, site: Path) -> None:
    result = built[4]
    (report,) = result.asset_materializations_for_node("warehouse_report")
    assert report.metadata["built"].value and report.metadata["pages_written"].value == 5
    assert sorted(p.name for p in (site / "organisations").iterdir()) == sorted(
        [page_name(code) for code, *_ in COUNCILS.values()] + [page_name("smith-and-jones-care-limited")])
    assert sorted(p.name for p in (site / "assets").iterdir()) == [
        "benchmarks.js", "build.js", "funnel.js", "plotly.min.js", "site.css", "site.js"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count('class="chart"') == 5 and 'id="national-rate"' in index  # 2 funnels, rate, money, time
    assert '<input id="search"' in index and "lgoSearch(" in index
    for name, (code, *_) in COUNCILS.items():
        assert f'<a href="organisations/{page_name(code)}">{name}</a>' in index
    assert 'lgoFunnel("funnel-0", 0, null)' in index and 'lgoFunnel("funnel-1", 1, null)' in index
    funnels = json.loads((site / "assets" / "funnel.js").read_text().removeprefix("window.LGO_FUNNELS = ").rstrip(";\n"))
    assert [(f["label"], f["councils"]["id"], f["councils"]["upheld"]) for f in funnels] == [
        ("2022-23", ["ALP", "BET", "GAM"], [8, 2, 0]), ("all years", ["ALP", "BET", "DEL", "GAM"], [8, 2, 1, 0])]
    # the largest payment (£250 x 19, Delta's decision) links to its published page
    assert re.search(r"<td>£4,750</td><td><a href=\"https://www\.lgo\.org\.uk/decisions/housing/homelessness/"
                     r"21-000-019\">21 000 019</a></td>", index)


def test_a_council_page_shows_the_marts_figures(built, site: Path) -> None:
    warehouse = built[2]
    page = (site / "organisations" / page_name("ALP")).read_text(encoding="utf-8")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rate = con.execute("SELECT upheld, investigations, uphold_rate, uphold_rate_low, uphold_rate_high FROM "
                           "marts.outcome_rates_by_council WHERE organisation_id = 'ALP' AND financial_year = '2022-23'"
                           ).fetchone()
        money = con.execute("SELECT payments, total_gbp, median_gbp, max_gbp FROM marts.organisation_remedies "
                            "WHERE organisation_id = 'ALP' AND period = '2022-23'").fetchone()
        urls = [url for (url,) in con.execute("SELECT source_url FROM marts.organisation_decisions WHERE "
                                              "organisation_id = 'ALP'").fetchall()]
        verdict = con.execute("SELECT versus_national_99_8 FROM marts.council_funnel WHERE organisation_id = 'ALP' "
                              "AND period = '2022-23'").fetchone()[0]
    upheld, investigations, uphold_rate, low, high = rate
    assert (upheld, investigations) == (8, 10)
    assert (f"upheld <b>{upheld} of {investigations}</b> detailed investigations ({uphold_rate:.0%}, 95% interval "
            f"{low:.0%}–{high:.0%})") in page
    assert FUNNEL_SENTENCES[verdict] in html.unescape(page)  # written escaped: that year&#39;s
    payments, total, median, largest = money
    assert (payments, total) == (8, 9000)  # £250 x (1 + ... + 8)
    assert f"<td>{payments}</td><td>£{total:,.0f}</td><td>£{median:,.0f}</td>" in page
    assert f"£{largest:,.0f}</a>" in page
    assert len(urls) == 10 and all(f'<a href="{url}">' in page for url in urls)
    assert page.index("22 000 001") < page.index("22 000 010")  # newest first; on one day by reference
    assert f'Replaced <a href="{page_name("DEL")}">Delta District Council</a>' in page
    delta = (site / "organisations" / page_name("DEL")).read_text(encoding="utf-8")
    assert f'replaced by <a href="{page_name("ALP")}">Alpha County Council</a>' in delta
    assert 'data-benchmark="peer" data-key="2022-23|county"' in page  # filled in from assets/benchmarks.js


def test_every_page_loads_only_the_sites_files_and_every_link_resolves(site: Path) -> None:
    pages = [site / "index.html", site / "dictionary.html", *sorted((site / "organisations").iterdir())]
    for path in pages:
        parsed = _parsed(path)
        assert parsed.loads and all(not urlsplit(url).scheme for url in parsed.loads), path
        for url in parsed.loads + parsed.links:
            parts = urlsplit(url)
            if parts.scheme:  # a decision's published page, and the Ombudsman's terms of re-use: the only links out
                assert url.startswith("https://www.lgo.org.uk/decisions/") or url == REUSE_TERMS, url
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path.name}: {url}"
            if parts.fragment:
                assert parts.fragment in _parsed(target).ids, f"{path.name}: {url}"
    assert (site / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    assert "@import" not in (site / "assets" / "site.css").read_text()


def test_names_with_markup_characters_stay_text_on_every_page(site: Path) -> None:
    """Every value is escaped where a template writes it: a name with `&`, `<`, `>` and quotes makes no element
    on any page and reads as written wherever it is shown; SQL with `<` reads as written in the dictionary."""
    pages = [site / "index.html", site / "dictionary.html", *sorted((site / "organisations").iterdir())]
    shown = set()
    for path in pages:
        parsed = _parsed(path)
        assert "jones" not in parsed.tags, path
        if MARKUP_NAME in "".join(parsed.text):
            shown.add(path.name)
    assert {"index.html", page_name("smith-and-jones-care-limited")} <= shown
    assert MARKUP_NAME in _parsed(site / "index.html").attribute_values  # the search box's data-name
    assert "P(X <= k) < 2.5%" in "".join(_parsed(site / "dictionary.html").text)


def test_every_page_credits_the_source_and_says_when_it_was_built_from_how_many_decisions(built, site: Path) -> None:
    """The Ombudsman's re-use terms: acknowledge the source and copyright wherever the information is supplied."""
    pages = [site / "index.html", site / "dictionary.html", *sorted((site / "organisations").iterdir())]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "© Commission for Local Administration in England" in html, path
        assert f'<a href="{REUSE_TERMS}">terms of re-use</a>' in html and '<p id="build"' in html, path
    decisions = rows(built[2], "SELECT count(*) FROM core.fct_decision")[0][0]
    build = (site / "assets" / "build.js").read_text(encoding="utf-8")
    assert f'"decisions": {decisions}' in build and dt.date.today().strftime("%d %B %Y") in build
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f"{decisions:,} decisions about 5 organisations, built {dt.date.today():%d %B %Y}" in index


def test_the_dictionary_documents_every_model_with_tests_and_sql(site: Path) -> None:
    dictionary = (site / "dictionary.html").read_text(encoding="utf-8")
    assert '<h2 id="marts.outcome_rates_by_council">' in dictionary and '<h2 id="raw.decision_cards">' in dictionary
    section = dictionary[dictionary.index('<h2 id="core.fct_decision">'):dictionary.index('<h2 id="core.fct_remedy">')]
    assert "<code>outcome_canonical__accepted_values</code> <span class='blocks'>blocks</span>" in section
    assert "<code>complainant__not_null</code> <span class='warns'>warns</span>" in section
    assert 'built from <a href="#core.int_decision_versions">' in section and "<pre class='sql'>" in section
    search = dictionary[dictionary.index('<h2 id="search">'):]
    assert "<code>body</code>" in search and "<code>decision_day</code>" in search


def test_nothing_changed_keeps_the_site_and_a_new_decision_rewrites_only_its_organisations_page(
        built, site: Path, tmp_path: Path) -> None:
    raw, register, warehouse, index, _ = built
    alpha = (site / "organisations" / page_name("ALP")).stat().st_ino
    published = site.resolve()
    result = materialize_all(raw, warehouse, register=str(register))
    (report,) = result.asset_materializations_for_node("warehouse_report")
    assert not report.metadata["built"].value and index.resolve().parent == published
    _write_decisions(raw, extra=1)
    result = materialize_all(raw, warehouse, register=str(register))
    (report,) = result.asset_materializations_for_node("warehouse_report")
    assert (report.metadata["pages_written"].value, report.metadata["pages_linked"].value) == (1, 4)
    new_site = index.resolve().parent
    assert new_site != published
    assert (new_site / "organisations" / page_name("ALP")).stat().st_ino == alpha  # linked, not written again
    assert "22 000 900" in (new_site / "organisations" / page_name("BET")).read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium not installed (make chromium)")
@pytest.mark.parametrize("page, charts, text", [
    ("index.html", 5, "Uphold rate by council, 2022-23 (all councils held: "),  # drawn from assets/funnel.js
    (f"organisations/{page_name('ALP')}", 3, '2022-23|county">80%</span> for similar councils'),  # benchmarks filled
    ("dictionary.html", 0, "fct_decision"),
])
def test_pages_render_in_headless_chromium_without_network(built, page: str, charts: int, text: str) -> None:
    site = built[3].parent
    done = subprocess.run([*CHROMIUM, "--enable-logging=stderr", "--v=0", "--dump-dom", (site / page).as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.count('class="main-svg"') >= charts  # plotly drew every chart from the shared library
    assert text in done.stdout
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if "Error" in line or "Uncaught" in line], console
