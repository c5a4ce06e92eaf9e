"""Who put things right: the share of a council's upheld cases in which it had already provided a satisfactory
remedy before the Ombudsman's decision (the Ombudsman's own per-council figure), worked out by hand, from the
decision pages through the mart to the council's page; and the money classes a person reads right.

Alpha County Council, 2022-23: three upheld decisions. In one the Council had already apologised and paid £100
and the Ombudsman accepted that as enough; in the other two it agreed to pay. One older page records the date
the Ombudsman was satisfied it complied. So 1 of 3 upheld cases (33%) was put right by the Council itself.
"""

from __future__ import annotations

from pathlib import Path

from lgo_pipeline.parsing.parser import parse_text
from lgo_pipeline_tests.conftest import decision_text, failed_checks, materialize_all, rows, write_register

PUT_RIGHT_BEFORE = """Alpha County Council (22 000 300)

Category : Housing > Homelessness

Decision : Upheld

Decision date : 12 Sep 2022

The Ombudsman's final decision:

Summary: Mr Y complained the Council delayed his homelessness application. There was fault by the Council. The Council had already apologised to Mr Y and paid him £100 before he came to us, which is a satisfactory remedy.

The complaint

  1. Mr Y complains about the Council's delay.

Final decision

  1. I have completed my investigation. There was fault, which the Council had already remedied.

Investigator's decision on behalf of the Ombudsman
"""
OLDER_PAGE_WITH_COMPLIANCE = """Alpha County Council (22 000 400)

Category : Housing > Homelessness

Decision : Upheld

Decision date : 20 Oct 2022


A woman complains the council did not review her housing.

The complaint

The woman complains about the council's delay.


The Ombudsman upheld the complaint and found fault causing injustice.


To remedy the injustice caused, the council has agreed to:

  • pay the woman £250 for her distress;
  • review its housing allocation procedures.

Ombudsman satisfied with council's response: 3 March 2023.

Print this page
"""


def _page(text: str):
    return parse_text(text, "page.txt")


def test_the_remedies_say_who_gave_them() -> None:
    given = _page(PUT_RIGHT_BEFORE)
    assert [(r.kind, r.amount_gbp, r.already_provided) for r in given.remedies] == [
        ("payment", 100.0, True), ("apology", None, True)]
    agreed = _page(decision_text("Alpha County Council", "22 000 100", "Upheld", "10 Jun 2022", (500,)))
    assert [(r.kind, r.amount_gbp, r.already_provided) for r in agreed.remedies] == [("payment", 500.0, False)]
    older = _page(OLDER_PAGE_WITH_COMPLIANCE)
    assert str(older.compliance_date) == "2023-03-03"
    assert [(r.kind, r.already_provided) for r in older.remedies] == [("payment", False), ("procedure_review", False)]


def test_the_share_of_upheld_cases_the_council_had_put_right_itself_from_page_to_mart(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(decision_text("Alpha County Council", "22 000 100", "Upheld", "10 Jun 2022", (500,)))
    (raw / "b.txt").write_text(PUT_RIGHT_BEFORE)
    (raw / "c.txt").write_text(OLDER_PAGE_WITH_COMPLIANCE)
    (raw / "d.txt").write_text(decision_text("Alpha County Council", "22 000 500", "Not upheld", "01 Jul 2022"))
    register = write_register(tmp_path / "register.csv", [("ALP", "Alpha County Council", "E10000901", "CTY", "")])
    warehouse = tmp_path / "warehouse.duckdb"
    result = materialize_all(raw, warehouse, register=str(register))
    assert result.success, failed_checks(result)
    upheld, put_right = 3, 1  # by hand: a, b and c upheld; only b's remedies were all given before the decision
    agreed, with_compliance = 1 + 2, 2  # a's payment; c's payment and review, its page records compliance
    assert rows(warehouse, """
        SELECT upheld, upheld_remedied_by_body, share_remedied_by_body, agreed_remedies,
               agreed_remedies_compliance_recorded, share_compliance_recorded
        FROM marts.organisation_remedy_provision WHERE organisation_id = 'ALP' AND period = '2022-23'""") == [
        (upheld, put_right, put_right / upheld, agreed, with_compliance, with_compliance / agreed)]
    page = (tmp_path / "report" / "organisations" / "alp.html").read_text(encoding="utf-8")
    assert "In 1 of its 3 upheld cases (33%) it had already provided a satisfactory remedy" in page
    assert "the decision pages of 2 (67%) record the date the Ombudsman was satisfied it had complied" in page


MONEY_CLASSES = "Test District Council (22 001 239)\n\nCategory : Benefits and tax > Other\n\nDecision : {o}\n\n" \
                "Decision date : 03 Jul 2023\n\nThe Ombudsman's final decision:\n\nSummary: {s}\n\n{body}"


def test_money_a_person_reads_right_a_rate_a_scheme_and_a_withheld_entitlement() -> None:
    """Three classes of sums, in the Ombudsman's words: a rate that explains the payment before it is not a second
    payment; a scheme's sum the assessment names is not a remedy; an entitlement withheld and then agreed takes
    its sum from where the complaint states it."""
    rate = _page(MONEY_CLASSES.format(o="Upheld", s="We found fault.", body=(
        "Agreed action\n\n  1. Within one month the Council agrees to pay Miss X £3,500. This is £350 a month for the "
        "ten months she did not receive the service.\n\nFinal decision\n\n  1. Final decision.\n")))
    assert rate.remedy_amounts_gbp == [3500.0]
    scheme = _page(MONEY_CLASSES.format(o="Not upheld", s="Mr X complained the Council refused him a support "
                                        "payment. We found no fault.", body=(
        "The complaint\n\n  1. Mr X complains the Council wrongly refused him the £500 test and trace support "
        "payment.\n\nMy assessment\n\n  1. The £500 test and trace support payment was only for people on low "
        "incomes who had been told to self-isolate.\n  2. The Council decided Mr X did not meet the criteria for the "
        "£500 payment. There was no fault in how it reached that decision.\n\nFinal decision\n\n  1. No fault.\n")))
    assert scheme.remedy_amounts_gbp == [] and scheme.remedies == []
    withheld = _page(MONEY_CLASSES.format(o="Upheld", s="Mr X complained the Council did not pay him a small "
                                          "business grant. We found fault. The Council has now agreed to pay the "
                                          "grant.", body=(
        "The complaint\n\n  1. Mr X complains the Council did not pay him a £10,000 small business grant during the "
        "pandemic.\n\nMy assessment\n\n  1. The Council was wrong to refuse the grant.\n\nFinal decision\n\n  1. "
        "There was fault.\n")))
    assert withheld.remedy_amounts_gbp == [10000.0]
