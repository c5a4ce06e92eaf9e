"""Parse one decision's text into a `DecisionRecord`, or say why it is not a decision.

The steps each live in their own module: cleaning, header, sections, complainant, remedies. This file
only orders them and turns gaps into warnings. Bump PARSER_VERSION whenever output can change: stored
raw text is re-parsed when the version moves.
"""

from __future__ import annotations

import datetime as dt
import re

from lgo_pipeline.normalise.categories import split_category
from lgo_pipeline.normalise.outcomes import canonical_outcome
from lgo_pipeline.parsing.cleaning import clean_lines
from lgo_pipeline.parsing.complainant import find_complainant
from lgo_pipeline.parsing.compliance import compliance_date
from lgo_pipeline.parsing.header import (
    find_title, join_split_header_pairs, normalise_reference, parse_decision_date, parse_header_fields,
)
from lgo_pipeline.parsing.outcome_text import outcome_from_text
from lgo_pipeline.parsing.plausibility import plausible_decision_date, plausible_remedies
from lgo_pipeline.parsing.records import DecisionRecord
from lgo_pipeline.parsing.remedies import payment_amounts, purposes_from_summary, read_remedies
from lgo_pipeline.parsing.signature import document_type, signed_by
from lgo_pipeline.parsing.sections import (
    CLOSING_LINE, SECTION_HEADINGS, heading_key, split_sections,
)

PARSER_VERSION = 10
_FINAL_DECISION_LINE = re.compile(r"^\s*the ombudsman'?s final decision\s*:?", re.I)
_SUMMARY = re.compile(r"\bSummary\s*:\s*", re.I)
_SUMMARY_HEADING = re.compile(r"^\s*Summary\s*:?\s*$", re.I)  # `Summary` alone on its line, its text below
_CLOSING_SECTIONS = frozenset({"final decision", "decision", "conclusions", CLOSING_LINE})
_HEADER_LABEL = re.compile(r"^\s*(?:category|decision(?:\s*date)?)\s*:", re.I)
# Where a page says in words what was decided, besides its summary: its closing sections, and the older pages'
# line of finding ("The Ombudsman upheld the complaint and found fault causing injustice.").
_DECIDING_SECTIONS = frozenset({"final decision", "decision", "finding", "findings", "conclusions"})
_FINDING_LINE = re.compile(r"^\s*(?:the ombudsman|we) (?:upheld|did not uphold|found|will not investigate)\b", re.I)


def _header_and_body(lines: list[str], start: int) -> tuple[list[str], list[str]]:
    """Split after the title: header lines run to the final-decision line, Summary or first heading.

    Older pages have none of these: their header is the run of label and blank lines after the title.
    """
    for index in range(start, len(lines)):
        line = lines[index]
        if (_FINAL_DECISION_LINE.match(line) or _SUMMARY.match(line.strip()) or _SUMMARY_HEADING.match(line)
                or heading_key(line) in SECTION_HEADINGS):
            return lines[start:index], lines[index:]
    end = start
    while end < len(lines) and (not lines[end].strip() or _HEADER_LABEL.match(lines[end])):
        end += 1
    return lines[start:end], lines[end:]


def _paragraph(lines: list[str], first: str) -> str | None:
    """`first` and the lines after it, up to a blank line or a section heading, as one line."""
    parts = [first.strip()]
    for following in lines:
        if not following.strip() or heading_key(following) in SECTION_HEADINGS:
            break
        parts.append(following.strip())
    return " ".join(p for p in parts if p) or None


def _summary(header: list[str], body: list[str]) -> str | None:
    """The paragraph after `Summary:`; on older pages without the label (and without the final-decision
    line), the paragraph after the header lines ("A woman complains the council ...")."""
    for index, line in enumerate(body):
        if _SUMMARY_HEADING.match(line):
            start = next((i for i in range(index + 1, len(body)) if body[i].strip()), len(body))
            return _paragraph(body[start + 1:], body[start]) if start < len(body) else None
        match = _SUMMARY.search(line)
        if match:
            return _paragraph(body[index + 1:], line[match.end():])
    if any(_FINAL_DECISION_LINE.match(line) for line in body):
        return None
    lines = header + body
    last_label = max((i for i, line in enumerate(lines) if _HEADER_LABEL.match(line)), default=-1)
    for index in range(last_label + 1, len(lines)):
        line = lines[index]
        if heading_key(line) in SECTION_HEADINGS:
            return None
        if line.strip():
            return _paragraph(lines[index + 1:], line)
    return None


def parse_text(text: str, source: str, today: dt.date | None = None, chapter: int | None = None,
               known_reference: str | None = None) -> DecisionRecord:
    """Never raises on text: a non-decision comes back with ok=False and the reason in `error`.

    `today` bounds decision dates (a date after it is impossible); the default is the day of parsing. A
    report's later `chapter` (2, 3, ...) has no header lines or summary of its own: none is missed.
    `known_reference`: the reference the file's place says it holds (a fetched page's name), used when the
    text has no title line.
    """
    if not text.strip():
        return DecisionRecord.quarantined(source, "empty file: no text")
    lines = join_split_header_pairs(clean_lines(text))
    title = find_title(lines)
    warnings: list[str] = []
    if title:
        organisation, reference = title.organisation, title.reference
        header, body = _header_and_body(lines, title.line_index + 1)
        header.insert(0, title.rest_of_line)
    else:
        reference = known_reference or normalise_reference("\n".join(lines[:40]))
        if reference is None:
            return DecisionRecord.quarantined(source, "not a decision: no title line and no reference number")
        organisation = None
        warnings.append("no title line: organisation unknown, reference taken from the "
                        + ("file name" if known_reference else "text"))
        header, body = _header_and_body(lines, 0)

    category, outcome, date_text = parse_header_fields("\n".join(header))
    decision_date = parse_decision_date(date_text) if date_text else None
    for label, value in (("Category", category), ("Decision", outcome), ("Decision date", date_text)):
        if value is None and chapter is None:
            warnings.append(f"no '{label}' line in the header")
    if date_text and decision_date is None:
        warnings.append(f"unreadable decision date: {date_text!r}")
    decision_date, date_set_aside = plausible_decision_date(decision_date, reference, today or dt.date.today())

    sections = split_sections(body)
    summary = _summary(header, body)
    if summary is None and chapter is None:
        warnings.append("no summary")
    complaint = "\n".join(line for s in sections if s.heading == "the complaint" for line in s.lines)
    remedies, set_aside = plausible_remedies(purposes_from_summary(read_remedies(sections, summary), summary))
    set_aside = [date_set_aside, *set_aside] if date_set_aside else set_aside
    text_body = "\n".join(body)
    signatory = signed_by(text_body)
    if not any(s.heading in _CLOSING_SECTIONS for s in sections) and signatory is None:
        warnings.append("no 'Final decision' section and no signature: the text may be truncated")

    category_top, category_sub = split_category(category)
    outcome_canonical, outcome_source = canonical_outcome(outcome), "page" if outcome else None
    if outcome is None and chapter is None:
        closing = [line for s in sections if s.heading in _DECIDING_SECTIONS for line in s.lines]
        closing += [line for line in body if _FINDING_LINE.match(line)]
        if from_text := outcome_from_text(summary, "\n".join(closing)):
            outcome_canonical, outcome_source = from_text, "text"
    return DecisionRecord(
        source=source,
        ok=True,
        reference=reference,
        chapter=chapter,
        organisation=organisation,
        category=category,
        category_top=category_top,
        category_sub=category_sub,
        outcome=outcome,
        outcome_canonical=outcome_canonical,
        outcome_source=outcome_source,
        decision_date=decision_date,
        complainant=find_complainant(complaint, summary, "\n".join(body)),
        summary=summary,
        signed_by=signatory,
        document_type=document_type(text_body),
        remedies=remedies,
        remedy_amounts_gbp=payment_amounts(remedies),
        warnings=warnings,
        set_aside=set_aside,
        compliance_date=compliance_date(text_body),
    )
