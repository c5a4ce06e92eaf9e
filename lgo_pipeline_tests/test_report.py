"""The report: a self-contained page with the charts and every council, drawn from the marts, rendered offline."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lgo_pipeline_tests.conftest import decision_text, failed_checks, materialize_all, write_register

COUNCILS = {  # council -> (register code, GSS code, type, outcomes)
    "Alpha County Council": ("ALP", "E10000901", "CTY", ["Upheld"] * 8 + ["Not upheld"] * 2),
    "Beta District Council": ("BET", "E07000901", "NMD", ["Upheld"] * 2 + ["Not upheld"] * 3 + ["Closed after initial enquiries"]),
    "Gamma Borough Council": ("GAM", "E07000902", "NMD", ["Not upheld", "Closed after initial enquiries"]),
}


class _ExternalLoads(HTMLParser):
    """Every URL the page would fetch: script/img/iframe src, stylesheet href, CSS url()."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "video", "audio"} and values.get("src"):
            self.urls.append(values["src"])
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"])


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    number = 0
    for name, (_, _, _, outcomes) in COUNCILS.items():
        for outcome in outcomes:
            number += 1
            payments = (250 * number,) if outcome == "Upheld" else ()
            (raw / f"{number:03d}.txt").write_text(
                decision_text(name, f"22 000 {number:03d}", outcome, "10 Jun 2022", payments), encoding="utf-8")
    register = write_register(raw.parent / "register.csv",
                              [(code, name, gss, kind, "") for name, (code, gss, kind, _) in COUNCILS.items()])
    warehouse = raw.parent / "warehouse.duckdb"
    result = materialize_all(raw, warehouse, register=str(register))
    assert result.success and failed_checks(result) == []
    (materialization,) = result.asset_materializations_for_node("warehouse_report")
    assert materialization.metadata["charts"].value == 4
    (published,) = result.asset_materializations_for_node("published_warehouse")
    assert published.metadata["report"].value == str(raw.parent / "report" / "index.html")
    return Path(published.metadata["report"].value)


def test_report_has_the_charts_and_every_council(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert page.count('class="plotly-graph-div"') == 4
    for name in COUNCILS:
        assert name in page
    assert "Uphold rate by council, 2022-23" in page and "95% limits" in page and "99.8% limits" in page
    assert "<td>Alpha County Council</td><td>county</td><td>2022-23</td><td>10</td><td>10</td><td>8</td><td>80%</td>" in page
    # the largest payment (£250 x 12, Beta's second upheld decision) links to its published page
    assert re.search(r"<td>£3,000\.00</td><td><a href=\"https://www\.lgo\.org\.uk/decisions/[a-z-]+/[a-z-]+/"
                     r"22-000-012\">22 000 012</a></td>", page)


def test_report_loads_nothing_from_the_network(report: Path) -> None:
    parser = _ExternalLoads()
    parser.feed(report.read_text(encoding="utf-8"))
    assert parser.urls == []
    assert "@import" not in report.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium not installed (make chromium)")
def test_report_renders_in_headless_chromium_without_network(report: Path) -> None:
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--proxy-server=127.0.0.1:9", "--virtual-time-budget=15000", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout
    assert dom.count('class="main-svg"') >= 4  # plotly drew every chart from the embedded library
    assert "Alpha County Council" in dom
