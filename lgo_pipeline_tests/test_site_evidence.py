"""The real pages as public evidence says the site and other crawlers render them: every field a person reads
is the same as from the plain text (docs/fetching.md, "What we know of the site, and from where").

- HTML in the evidence's markup: the title inside the article's `<header>`, label and value elements with the
  category's parts as elements of their own, a form with a per-request token (and our two older markups).
- Text as another crawler extracted it: every label, value, `>` and sub-category on its own line.
- A fetched page whose text lost its title line: the reference from the file's name, the organisation from
  the page's `<title>`.
"""

from __future__ import annotations

import re

import pytest

from lgo_pipeline.parsing.documents import parse_document
from lgo_pipeline.parsing.html_text import html_to_text
from lgo_pipeline.parsing.records import DecisionRecord
from lgo_pipeline_tests.replica_site import MARKUPS, Decision, page_html, real_decisions

DECISIONS = real_decisions()
_HEADER_LINE = re.compile(r"^(?P<indent>\s*)(?P<label>Category|Decision date|Decision)\s*:\s*(?P<value>.+?)\s*$")
_TITLE = re.compile(r"^.*\(\d{2} \d{3} \d{3}[a-z]?\)\s*$")


def split_header_pairs(text: str) -> str:
    """`Category : Top > Sub` -> `Category :` / `Top` / `>` / `Sub`, as a text extraction of the site's label and
    value elements gives it (seen in pages another crawler fetched in July 2026)."""
    lines = []
    for line in text.splitlines():
        match = _HEADER_LINE.match(line)
        if not match:
            lines.append(line)
            continue
        lines.append(f"{match['label']} :")
        top, sign, sub = match["value"].partition(" > ")
        lines += [top, ">", sub] if match["label"] == "Category" and sign else [match["value"]]
    return "\n".join(lines)


def fields(record: DecisionRecord) -> dict:
    """What a person reads from a page, less the warnings (they say how it was read)."""
    return record.model_dump(exclude={"source", "warnings"})


def fetched_name(decision: Decision) -> str:
    return f"lgo.org.uk/{decision.decision_date.year}/{decision.slug}.html"


def plain(decision: Decision) -> DecisionRecord:
    return parse_document(decision.text, "utf-8", decision.slug + ".txt")


@pytest.mark.parametrize("markup", MARKUPS)
def test_every_real_page_as_html_reads_as_its_plain_text(markup: str) -> None:
    differing = {}
    for decision in DECISIONS:
        html = page_html(decision, decision.text, markup=markup, token="a1b2c3")
        as_html = parse_document(html, "utf-8", fetched_name(decision))
        if fields(as_html) != fields(plain(decision)):
            differing[decision.slug] = {k: (v, fields(plain(decision))[k]) for k, v in fields(as_html).items()
                                        if v != fields(plain(decision))[k]}
    assert not differing and len(DECISIONS) == 96


def test_the_evidence_markup_keeps_the_title_inside_the_articles_header() -> None:
    decision = next(d for d in DECISIONS if d.slug == "23-009-074")
    assert "Category : Housing > Homelessness" in decision.text
    html = page_html(decision, decision.text, markup="evidence", token="a1b2c3")
    assert re.search(r"<article id='article'><header class='articleHeader'><p class='articleTitle'>[^<]*\(23 009 074\)",
                     html)
    assert "<div class='label'>Category :</div><div class='value'>" in html and "a1b2c3" in html
    lines = html_to_text(html).splitlines()
    assert lines[0].endswith("(23 009 074)") and "a1b2c3" not in html_to_text(html)  # the form is not the decision
    category = lines.index("Category :")
    assert lines[category + 2] == ">"  # label, top, `>`, sub on lines of their own: the parser joins them


def test_every_real_page_as_text_with_its_header_pairs_split_reads_as_its_plain_text() -> None:
    split_pages = [d for d in DECISIONS if "Category :" in split_header_pairs(d.text)]
    assert len(split_pages) >= 80  # the pages with header lines
    for decision in split_pages:
        split = parse_document(split_header_pairs(decision.text), "utf-8", decision.slug + ".txt")
        assert fields(split) == fields(plain(decision)), decision.slug


def test_a_fetched_page_whose_text_lost_its_title_is_still_its_decision() -> None:
    """The July 2026 samples of another crawler lost the title with the `<header>`: the file's name carries the
    reference, the page's `<title>` the organisation."""
    for decision in DECISIONS[:30]:
        titled = plain(decision)
        untitled_text = "\n".join(line for line in split_header_pairs(decision.text).splitlines()
                                  if not _TITLE.match(line))
        record = parse_document(untitled_text, "utf-8", fetched_name(decision))
        assert record.ok and record.reference == decision.slug.replace("-", " "), decision.slug
        assert record.organisation is None and record.outcome == titled.outcome
        assert record.category == titled.category and record.decision_date == titled.decision_date
        assert "reference taken from the file name" in " ".join(record.warnings)
        html = page_html(decision, untitled_text, markup="evidence").replace(
            "<title>", f"<title>{decision.organisation} ({decision.slug.replace('-', ' ')}) - ")
        from_html = parse_document(html, "utf-8", fetched_name(decision))
        assert (from_html.reference, from_html.organisation) == (titled.reference, decision.organisation)
    elsewhere = parse_document("Category :\nHousing\n>\nAllocations\nSummary\nA man complains.", "utf-8", "notes.txt")
    assert not elsewhere.ok  # a name the user chose says nothing: no reference, not a decision
