"""The funnel plot's verdicts, checked against the exact binomial tail probability, and the report's choice of
year: the latest complete financial year, the part year labelled as such.

Five councils in 2022-23 around a rate of 76 upheld of 124 investigations across them: Alpha 38 of 40 (far
above), Beta 10 of 40 (far below), Chi 25 of 40 (within), Delta 0 of 1 and Epsilon 3 of 3 (too few to tell:
even all or none upheld happens by chance often enough at so few). Alpha also has one decision in the financial
year still running: a part year, which the report labels and does not lead with.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from lgo_pipeline_tests.conftest import decision_text, failed_checks, materialize_all, rows, write_register

COUNCILS = {  # name, register code, type code: (investigations, upheld)
    ("Alpha County Council", "ALP", "CTY"): (40, 38),
    ("Beta District Council", "BET", "NMD"): (40, 10),
    ("Chi Borough Council", "CHI", "UA"): (40, 25),
    ("Delta District Council", "DEL", "NMD"): (1, 0),
    ("Epsilon Borough Council", "EPS", "UA"): (3, 3),
}
LEVELS = {"versus_national_95": 0.95, "versus_national_99_8": 0.998}


def exact_verdict(upheld: int, investigations: int, rate: float, level: float) -> str:
    """The verdict worked out from the binomial distribution in exact integer arithmetic, independently of SQL."""
    def probability(k: int) -> float:
        return math.comb(investigations, k) * rate ** k * (1 - rate) ** (investigations - k)

    tail = (1 - level) / 2
    if sum(probability(k) for k in range(upheld, investigations + 1)) < tail:
        return "above"
    if sum(probability(k) for k in range(0, upheld + 1)) < tail:
        return "below"
    leans_up = upheld >= investigations * rate
    if (leans_up and probability(investigations) >= tail) or (not leans_up and probability(0) >= tail):
        return "too few to tell"
    return "within"


def _current_year_start() -> dt.date:
    today = dt.date.today()
    return dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


@pytest.fixture(scope="module")
def funnel_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("funnel")  # its own folder: the base temporary folder is shared
    raw = folder / "raw"
    raw.mkdir()
    number = 0
    for (name, _, _), (investigations, upheld) in COUNCILS.items():
        for index in range(investigations):
            number += 1
            outcome = "Upheld" if index < upheld else "Not upheld"
            (raw / f"{number}.txt").write_text(decision_text(name, f"22 {number:03d} 000", outcome, "10 Jan 2023"),
                                               encoding="utf-8")
    part_year = _current_year_start()  # a decision in the financial year still running
    (raw / "part.txt").write_text(decision_text("Alpha County Council", f"{part_year.year % 100 - 1:02d} 999 000",
                                                "Upheld", part_year.strftime("%d %b %Y")), encoding="utf-8")
    register = write_register(folder / "register.csv", [(code, name, f"E0{i}", kind, "")
                                                            for i, (name, code, kind) in enumerate(COUNCILS)])
    warehouse = folder / "warehouse.duckdb"
    result = materialize_all(raw, warehouse, register=str(register))
    assert result.success, failed_checks(result)
    return warehouse


def test_every_verdict_is_the_exact_binomial_tests(funnel_warehouse: Path) -> None:
    found = rows(funnel_warehouse, "SELECT period, organisation_id, investigations, upheld, national_uphold_rate, "
                                   "versus_national_95, versus_national_99_8 FROM marts.council_funnel")
    assert len(found) >= 10
    for period, organisation, investigations, upheld, rate, at_95, at_99_8 in found:
        assert at_95 == exact_verdict(upheld, investigations, float(rate), 0.95), (period, organisation)
        assert at_99_8 == exact_verdict(upheld, investigations, float(rate), 0.998), (period, organisation)
    verdicts = {organisation: (at_95, at_99_8) for period, organisation, *_, at_95, at_99_8 in found
                if period == "2022-23"}
    assert verdicts == {"ALP": ("above", "above"), "BET": ("below", "below"), "CHI": ("within", "within"),
                        "DEL": ("too few to tell", "too few to tell"), "EPS": ("too few to tell", "too few to tell")}


def test_the_lines_separate_flagged_dots_from_the_rest(funnel_warehouse: Path) -> None:
    """A dot beyond a line is flagged, and only such a dot: the lines are half a case beyond the flagged counts."""
    found = rows(funnel_warehouse, """
        SELECT f.uphold_rate, f.versus_national_99_8, l.lower_99_8, l.upper_99_8, f.versus_national_95, l.lower_95,
               l.upper_95
        FROM marts.council_funnel AS f JOIN marts.funnel_limits AS l USING (period, investigations)""")
    for rate, at_99_8, lower_99_8, upper_99_8, at_95, lower_95, upper_95 in found:
        for verdict, lower, upper in ((at_99_8, lower_99_8, upper_99_8), (at_95, lower_95, upper_95)):
            assert (verdict == "above") == (upper is not None and rate > upper)
            assert (verdict == "below") == (lower is not None and rate < lower)


def test_the_report_leads_with_the_latest_complete_year_and_labels_the_part_year(funnel_warehouse: Path) -> None:
    part_year = _current_year_start()
    label = f"{part_year.year}-{(part_year.year + 1) % 100:02d}"
    assert rows(funnel_warehouse, "SELECT DISTINCT period, is_part_year FROM marts.council_funnel ORDER BY period") == [
        ("2022-23", False), (label, True), ("all years", False)]
    report = funnel_warehouse.parent / "report"
    funnels = json.loads((report / "assets" / "funnel.js").read_text().removeprefix("window.LGO_FUNNELS = ").rstrip(";\n"))
    assert [funnel["label"] for funnel in funnels] == ["2022-23", "all years"]  # not the part year
    assert funnels[0]["national"] == pytest.approx(76 / 124)  # the rate across the decisions held ("all councils held")
    alpha = (report / "organisations" / "alp.html").read_text(encoding="utf-8")
    assert "In 2022-23, the Ombudsman upheld <b>38 of 40</b>" in alpha
    assert f"<td class=\"text\">{label} (part year)</td>" in alpha
    assert "funnel plot it is above the 99.8% limit" in alpha
    delta = (report / "organisations" / "del.html").read_text(encoding="utf-8")
    assert "too few investigations to tell" in delta
