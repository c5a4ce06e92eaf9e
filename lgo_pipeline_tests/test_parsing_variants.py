"""The parser on the format variants of docs/input.md and the remedy pitfalls of docs/figures.md."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lgo_pipeline.parsing import parse_text
from lgo_pipeline.parsing.amounts import find_money, item_deadline
from lgo_pipeline.parsing.complainant import find_complainant, first_pseudonym
from lgo_pipeline.parsing.header import normalise_reference, parse_decision_date
from lgo_pipeline_tests.conftest import SEED


def decision(agreed_action: str = "", *, title: str = "Test District Council (22 001 239)",
             header: str = "Category : Housing > Homelessness\n\nDecision : Upheld\n\nDecision date : 03 Jul 2023\n\n",
             summary: str = "Mrs X complained about the Council.", sep: str = "\n\n") -> str:
    parts = [title, header + "The Ombudsman's final decision:", f"Summary: {summary}", "The complaint",
             "  1. The complainant, whom I shall call Mrs X, complains about the Council."]
    if agreed_action:
        parts += ["Agreed action", agreed_action]
    parts += ["Final decision", "  1. I find fault causing injustice.", "Investigator's decision on behalf of the Ombudsman"]
    return sep.join(parts)


@pytest.mark.parametrize("written", ["22 001 239", "22-001-239", "22001239"])
def test_reference_forms_normalise_to_spaced(written: str) -> None:
    assert normalise_reference(f"ref {written} here") == "22 001 239"
    assert parse_text(decision(title=f"Test District Council ({written})"), "t").reference == "22 001 239"


@pytest.mark.parametrize("written, expected", [
    ("03 Jul 2023", dt.date(2023, 7, 3)), ("3 July 2023", dt.date(2023, 7, 3)),
    ("03-Jul-2023", dt.date(2023, 7, 3)), ("03/07/2023", dt.date(2023, 7, 3)), ("5 Sept 2022", dt.date(2022, 9, 5)),
    ("3rd JULY 2023.", dt.date(2023, 7, 3)), ("2023-07-03", dt.date(2023, 7, 3)), ("21st\n September  2021", dt.date(2021, 9, 21)),
])
def test_decision_date_spellings(written: str, expected: dt.date) -> None:
    assert parse_decision_date(written) == expected


@pytest.mark.parametrize("written", ["31 June 2023", "03 Jly 2023", "03 Jul-2023", "13/13/2023", "2023", "3 July 23", ""])
def test_impossible_or_unreadable_dates_are_none(written: str) -> None:
    assert parse_decision_date(written) is None


def test_signature_far_from_the_end_is_still_found() -> None:
    """The last lines are searched first; a signature followed by a long footer is found in the longer tail."""
    footer = "\n".join(f"Footer line {n} of the site, with links and other text." for n in range(20))
    assert parse_text(decision() + "\n\n" + footer, "t").signed_by == "investigator"
    signed_twice = decision() + "\n\nMichael King\nLocal Government and Social Care Ombudsman"
    assert parse_text(signed_twice, "t").signed_by == "ombudsman"  # the later signature wins


@pytest.mark.parametrize("sentence, kind", [
    ("In this statement, I use pseudonyms.", "statement"), ("In this\n  report, I use pseudonyms.", "report"),
    ("This is a report under section\n30(1) of the Local Government Act 1974.", "report"), ("I use pseudonyms.", None),
])
def test_document_type_phrases_across_line_breaks(sentence: str, kind: str | None) -> None:
    assert parse_text(decision(summary=f"Mrs X complained. {sentence}"), "t").document_type == kind


def test_single_newline_layout_with_crlf_and_nbsp() -> None:
    text = decision(header="Category\u00a0: Housing > Allocations\nDecision : Not upheld\nDecision date : 14 Mar 2024\n",
                    sep="\r\n")
    record = parse_text(text, "t")
    assert (record.category_top, record.category_sub, record.outcome_canonical, record.decision_date) == (
        "Housing", "Allocations", "not_upheld", dt.date(2024, 3, 14))
    assert record.warnings == []


@pytest.mark.parametrize("line_break", ["\r", "\x0b", "\u2028", "\u2029", "\x0c\n"])
def test_a_seed_with_other_line_breaks_parses_as_with_newlines(line_break: str) -> None:
    """Old Mac CR, Word's manual line break, Unicode separators, a PDF's page break."""
    text = SEED["bexley"].read_text(encoding="utf-8")
    expected, record = parse_text(text, "t"), parse_text(text.replace("\n", line_break), "t")
    assert record.model_dump(exclude={"source"}) == expected.model_dump(exclude={"source"})
    assert (record.organisation, record.decision_date) == ("London Borough of Bexley", dt.date(2024, 9, 23))


def test_header_lines_run_together_on_one_line() -> None:
    record = parse_text(decision(header="Category : Planning > Enforcement Decision : Upheld Decision date : 01 Feb 2022\n"), "t")
    assert (record.category, record.outcome, record.decision_date) == ("Planning > Enforcement", "Upheld", dt.date(2022, 2, 1))


def test_page_without_header_lines_parses_with_warnings() -> None:
    record = parse_text(decision(header=""), "t")
    assert record.ok and record.reference == "22 001 239" and record.organisation == "Test District Council"
    assert (record.category, record.outcome, record.decision_date) == (None, None, None)
    # no Decision line: the outcome is what the page says was decided (its final decision finds fault)
    assert (record.outcome_canonical, record.outcome_source) == ("upheld", "text")
    assert "no 'Category' line in the header" in record.warnings
    assert "no 'Decision date' line in the header" in record.warnings


def test_banner_before_title_is_ignored() -> None:
    banner = "Privacy settings\n\nLGO logogram\n\nReview your privacy settings\n\nRequired cookies\n\n"
    record = parse_text(banner + decision(), "t")
    assert (record.organisation, record.reference) == ("Test District Council", "22 001 239")


def test_organisation_with_parentheses_and_comma() -> None:
    record = parse_text(decision(title="Sunrise Care (UK) Limited, Leeds (19 017 003)"), "t")
    assert (record.organisation, record.reference) == ("Sunrise Care (UK) Limited, Leeds", "19 017 003")


def test_header_fields_on_the_title_line() -> None:
    record = parse_text(decision(title="Sunrise Care (UK) Limited (19 017 003) Category : Adult care services > Charging",
                                 header="Decision : Upheld\nDecision date : 03 Jul 2023\n"), "t")
    assert (record.organisation, record.category_sub, record.outcome) == ("Sunrise Care (UK) Limited", "Charging", "Upheld")


def test_truncated_text_keeps_what_is_present() -> None:
    text = decision("  1. Within one month the Council agrees to:\n    • Pay Mrs X £250 for her distress.")
    truncated = text[: text.index("Final decision")]
    record = parse_text(truncated, "t")
    assert record.ok and record.remedy_amounts_gbp == [250.0]
    assert any("truncated" in w for w in record.warnings)


@pytest.mark.parametrize("text, reason", [
    ("", "empty file: no text"),
    ("   \n\n  ", "empty file: no text"),
    ("Just a shopping list\nmilk\neggs", "not a decision: no title line and no reference number"),
])
def test_non_decisions_are_quarantined_with_reason(text: str, reason: str) -> None:
    record = parse_text(text, "t")
    assert (record.ok, record.error) == (False, reason)


def test_complainant_prefers_the_complaint_section() -> None:
    assert find_complainant("The complainant, whom I shall call Mr X, complains", "Mrs Y's son", "") == "Mr X"
    assert find_complainant("Ms D complains", None, "Mr A said") == "Ms D"
    assert first_pseudonym("Mr and Mrs Y complain that") == "Mr and Mrs Y"
    assert first_pseudonym("Mrs Xavier wrote") is None


def test_thousands_grouped_by_a_no_break_space() -> None:
    record = parse_text(decision("  1. The Council will pay Mrs X £1\u00a0250 within one month."), "t")
    assert [float(amount) for amount in record.remedy_amounts_gbp] == [1250.0]


def test_money_and_deadline_reading() -> None:
    assert [m.amount for m in find_money("£1,500 and £250.00 and £7500 and £1.5k")] == [1500, 250, 7500, 1500]
    assert [m.amount for m in find_money("£1 000, £12 345.67 and £1 000 000")] == [1000, 12345.67, 1_000_000]
    assert [m.amount for m in find_money("£250 2019 and £300 1 May")] == [250, 300]
    assert find_money("£200 a month")[0].rate == "per month"
    assert find_money("£1,500 per term")[0].rate == "per term"
    assert (item_deadline("within one month"), item_deadline("within three months"),
            item_deadline("within 20 working days"), item_deadline("within six weeks")) == (30, 90, 28, 42)
    assert item_deadline("review its procedure so enquiries are completed within 28 days") is None


def amounts(agreed_action: str) -> list[float]:
    return parse_text(decision(agreed_action), "t").remedy_amounts_gbp


def test_two_payments_for_different_purposes() -> None:
    record = parse_text(decision("  1. Within one month the Council agrees to:\n"
                                 "    • Pay Mrs X £300 for her distress and £150 for her time and trouble."), "t")
    assert [(r.amount_gbp, r.purpose) for r in record.remedies] == [(300.0, "distress"), (150.0, "time_and_trouble")]


def test_total_beside_its_parts_is_not_double_counted() -> None:
    assert amounts("  1. The Council will pay Mrs X £500 (£300 for distress and £200 for time and trouble).") == [300.0, 200.0]


def test_each_to_two_people_is_two_payments() -> None:
    record = parse_text(decision("  1. The Council will pay Mr and Mrs X £100 each for their time and trouble."), "t")
    assert [(r.amount_gbp, r.recipient) for r in record.remedies if r.amount_gbp] == [(100.0, "Mr X"), (100.0, "Mrs X")]


def test_amounts_that_are_facts_of_the_case_are_not_payments() -> None:
    assert amounts("  1. The Council will cancel the invoice of £2,340 and pay Mrs X £200 for her distress.") == [200.0]


def test_rate_is_kept_as_a_rate() -> None:
    remedy = parse_text(decision("  1. The Council will pay Mrs X £200 a month until the review is complete."), "t").remedies[0]
    assert (remedy.amount_gbp, remedy.rate) == (200.0, "per month")


def test_summary_is_the_fallback_when_the_body_has_no_remedy_section() -> None:
    record = parse_text(decision(summary="The Council has agreed to apologise to Mrs X and pay her £350."), "t")
    assert record.remedy_amounts_gbp == [350.0]
    assert sorted(r.kind for r in record.remedies) == ["apology", "payment"]


def test_summary_amount_repeated_in_agreed_action_counts_once() -> None:
    record = parse_text(decision("  1. Within one month the Council agrees to:\n    • Pay Mrs X £350 for her distress.",
                                 summary="The Council has agreed to pay Mrs X £350."), "t")
    assert record.remedy_amounts_gbp == [350.0]


def test_non_financial_remedy_kinds_and_deadlines() -> None:
    record = parse_text(decision(
        "  1. Within one month the Council agrees to:\n"
        "    • apologise to Mrs X;\n"
        "    • reconsider her application;\n"
        "  2. Within three months the Council agrees to review its procedure for handling homelessness applications.\n"
        "  3. The Council should provide us with evidence it has complied with the above actions."), "t")
    assert [(r.kind, r.due_within_days) for r in record.remedies] == [
        ("apology", 30), ("reassessment", 30), ("procedure_review", 90)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_parser_never_raises_and_always_decides(text: str) -> None:
    record = parse_text(text, "fuzz")
    assert record.ok != (record.error is not None)


@settings(max_examples=100, deadline=None)
@given(org=st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12}){0,3} Council", fullmatch=True),
       year=st.integers(13, 23), seq=st.integers(1, 22999), sep=st.sampled_from([" ", "-", ""]),
       blank=st.sampled_from(["\n\n", "\n", "\r\n"]))
def test_header_survives_formatting_variants(org: str, year: int, seq: int, sep: str, blank: str) -> None:
    digits = f"{year:02d}{seq:06d}"
    reference = sep.join((digits[:2], digits[2:5], digits[5:]))
    header = f"Category : Education > School transport{blank}Decision : Upheld{blank}Decision date : 03 Jul 2023{blank}"
    record = parse_text(decision(title=f"{org} ({reference})", header=header, sep=blank), "t")
    assert record.reference == f"{digits[:2]} {digits[2:5]} {digits[5:]}"
    assert record.organisation == org
    assert (record.category_sub, record.outcome_canonical, record.decision_date) == (
        "School transport", "upheld", dt.date(2023, 7, 3))


def summary_amounts(summary: str, assessment: str = "") -> list[float]:
    """The payments read from a page with no Agreed action: the summary, then the assessment."""
    text = decision(summary=summary)
    if assessment:
        text = text.replace("Final decision", f"My assessment\n\n  1. {assessment}\n\nFinal decision", 1)
    return parse_text(text, "t").remedy_amounts_gbp


@pytest.mark.parametrize("summary, expected", [
    # what the complainant says, wants, claims or paid is not a remedy
    ("Mr X says the Council only paid £0.30 per mile. The Council agreed to pay Mr X's expenses at £0.55 per mile.",
     [0.55]),
    ("Mr X wants an apology and £400 compensation. We will not investigate.", []),
    ("The Council may decide not to pay her the £5,250 she claims.", []),
    # refused, delayed, not owed, paid in error
    ("We will not investigate the Authority's decision not to refund £14.90 to the complainant.", []),
    ("We will not investigate Ms B's complaint the Council has failed to provide a refund of £65 for a PCN.", []),
    ("The Council delayed in refunding the fee of £67 but this did not warrant a remedy.", []),
    ("We will not investigate a £50 refund that was given to the complainant in error. He does not have to repay "
     "the £50.", []),
    # offers the Ombudsman accepts, noun phrases, repeats
    ("The Council has apologised and offered payment of £250 to recognise Mr B's distress. We are satisfied.", [250.0]),
    ("The Council's offer of £2000 is sufficient. The payment of £2000 remedies the injustice.", [2000.0]),
    ("We consider the agreed actions of £300 and some service improvements are enough.", [300.0]),
    ("The Council increased its offer from £100 to £300, which we consider suitable.", [300.0]),
    ("The Council will pay Mr X an additional £500, to the £500 it has already offered.", [500.0, 500.0]),
    ("The Council offered £100, which Ms Z rejected. We recommended it increase this to £250.", [250.0]),
    # what the complainant paid is what a refund gives back; a total beside `each` parts is not another payment
    ("The Council has already refunded the £450 she paid for the survey. We consider this a suitable remedy.",
     [450.0]),
    ("The Council will reimburse the £85 Mr B spent on taxis and pay him £100.", [85.0, 100.0]),
    ("The Council has agreed to pay Mr and Mrs Q £1,000 (£500 each).", [500.0, 500.0]),
    ("To remedy this, the Council has agreed to waive £300 of the arrears and pay Mr K £150.", [150.0]),
])
def test_summary_money_as_a_person_reads_it(summary: str, expected: list[float]) -> None:
    assert summary_amounts(summary) == expected


def test_sums_in_my_assessment_when_the_summary_names_none() -> None:
    summary = "We will not investigate because we are satisfied with the actions the Council has taken."
    assert summary_amounts(summary, "The Council has admitted fault. It has offered Miss Y £150 to recognise the "
                                    "distress. Miss Y says an invoice for nearly £700 was sent.") == [150.0]
    assert summary_amounts("The Council agreed to pay a financial remedy.",
                           "Following our recommendations, the Council has agreed to pay Mr X £500.") == [500.0]


def test_older_summary_page_remedies_after_to_remedy_the_injustice() -> None:
    """Decided 2012-2018: bare reference as title, no Summary label, bullets after 'has agreed to:'."""
    text = ("16 004 003\n\nCategory : Education > Special educational needs\n\nDecision : Upheld\n\n"
            "Decision date : 29 Nov 2016\n\n\nA family complains the council did not provide therapy.\n\n"
            "The complaint\n\nThey say this has caused their son a disadvantage.\n\n"
            "To remedy the injustice caused the council has agreed to:\n\n"
            "  • apologise to Mr & Mrs X;\n\n  • pays Mr & Mrs X £300 for the time and trouble;\n\n"
            "  • pays Mr & Mrs X £1000 for Y's educational benefit.\n\n"
            "Ombudsman satisfied with council's response: 10 January 2018.\n\nPrint this page")
    record = parse_text(text, "t")
    assert (record.reference, record.organisation, record.outcome) == ("16 004 003", None, "Upheld")
    assert record.summary == "A family complains the council did not provide therapy."
    assert record.remedy_amounts_gbp == [300.0, 1000.0]
    assert [r.kind for r in record.remedies] == ["apology", "payment", "payment"]
    assert record.complainant == "Mr & Mrs X"
    assert "no title line: organisation unknown, reference taken from the text" in record.warnings


@pytest.mark.parametrize("summary, complaint, expected", [
    ("On behalf of Miss X, Ms D complained the Council failed her.", "", "Ms D"),
    ("Mr X complained about business rates.", "Mr R, for Mr X, said the Council erred.", "Mr R"),
    ("Company X complained, on behalf of Company Y, that the Council reversed its decision.", "", "Company X"),
    ("We will not investigate X's complaint about delays.", "X says the Council delayed.", "X"),
    ("Ms Y and Ms Z complain the Council did not act.", "", "Ms Y and Ms Z"),
    ("", "The complainant, Mrs B, is represented by Mr X. Mrs B complains about charges.", "Mrs B"),
])
def test_complainant_is_who_brought_the_complaint(summary: str, complaint: str, expected: str) -> None:
    assert find_complainant(complaint, summary, f"{summary}\n{complaint}") == expected


def test_a_reference_with_a_letter_is_a_case_of_its_own() -> None:
    assert normalise_reference("/decisions/health/other/17-002-402b") == "17 002 402b"
    assert parse_text(decision(title="Kent County Council (17 002 402b)"), "t").reference == "17 002 402b"
    assert parse_text(decision(title="Kent County Council (17 002 402)"), "t").reference == "17 002 402"
