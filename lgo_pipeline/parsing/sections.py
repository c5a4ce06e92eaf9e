"""Split the body of a decision into its headed sections, and a section into list items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Section headings seen on real pages (docs/input.md), compared lower-cased with straight quotes.
SECTION_HEADINGS = frozenset({
    "the complaint", "the ombudsman's role and powers", "the ombudsman's role and power",
    "our role and powers", "how i considered this complaint", "how we considered this complaint",
    "my assessment", "our assessment", "assessment", "what i found", "what we found",
    "what i have investigated", "what i have and have not investigated", "what i have not investigated",
    "background", "complaint background", "legal and administrative background",
    "relevant law and guidance", "law and guidance", "what happened", "analysis", "my findings",
    "finding", "findings", "conclusions", "agreed action", "agreed actions", "action", "actions",
    "recommendations", "recommended action", "recommended actions", "agreed action and recommendations",
    "final decision", "decision", "parts of the complaint that i did not investigate",
    "investigator's decision on behalf of the ombudsman",
})
REMEDY_SECTIONS = frozenset({
    "agreed action", "agreed actions", "action", "actions", "recommendations", "recommended action",
    "recommended actions", "agreed action and recommendations",
})
# Older summary pages have no headings around their remedies: a line opens them ("To remedy the injustice
# caused, the council has agreed to:") and another closes the page ("Ombudsman satisfied with council's
# response: 10 January 2018").
_OPENER_OR_CLOSER = re.compile(
    r"^\s*(?:(?P<opener>to (?:remedy|put (?:this|things) right)\b.{0,120}:\s*$)|ombudsman satisfied with\b)", re.I)
_BOUNDARY_STARTS = frozenset({"to", "om"})
OPENED_REMEDIES = "agreed action"
CLOSING_LINE = "ombudsman satisfied"
_MARKER = re.compile(r"^(?P<indent>\s*)(?:(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]|\(\w{1,4}\)|[-\u2022\u2013*\u25cf\u25aa\u00b7o])\s+")


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    """One paragraph or list entry, with its indentation (deeper = nested)."""

    indent: int
    text: str


_LONGEST_HEADING = max(map(len, SECTION_HEADINGS)) + 10
_HEADING_INITIALS = frozenset(heading[0] for heading in SECTION_HEADINGS)


def heading_key(line: str) -> str:
    """The line as a heading would be compared; long lines (paragraphs) and lines that start unlike any
    heading (most of a page) are never headings, and cost nothing more."""
    if len(line) > _LONGEST_HEADING:
        return ""
    stripped = line.lstrip()
    if not stripped or stripped[0].lower() not in _HEADING_INITIALS:
        return ""
    return " ".join(line.split()).rstrip(":").rstrip().lower()


def split_sections(lines: list[str]) -> list[Section]:
    """Lines grouped under the known headings; text before the first heading sits under ''.

    A remedy opener line starts an `agreed action` section and is its first line (its verb and deadline
    head the list); the "Ombudsman satisfied" line starts a section of its own, which ends the remedies.
    """
    sections = [Section("")]
    for line in lines:
        key = heading_key(line)
        if key in SECTION_HEADINGS and not _MARKER.match(line):
            sections.append(Section(key))
        elif len(line) < 200 and line.lstrip()[:2].lower() in _BOUNDARY_STARTS and (
                boundary := _OPENER_OR_CLOSER.match(line)):
            sections.append(Section(OPENED_REMEDIES if boundary["opener"] else CLOSING_LINE, [line]))
        else:
            sections[-1].lines.append(line)
    return sections


def split_items(lines: list[str]) -> list[Item]:
    """List entries and paragraphs of a section, markers stripped, indentation measured.

    A line without a list marker continues the previous item unless a blank line separates them.
    """
    items: list[Item] = []
    continuing = False
    for line in lines:
        if not line.strip():
            continuing = False
            continue
        marker = _MARKER.match(line)
        if marker:
            items.append(Item(len(marker.group("indent")), line[marker.end():].strip()))
            continuing = True
        elif continuing and items and line.startswith(" "):
            items[-1] = Item(items[-1].indent, f"{items[-1].text} {line.strip()}")
        else:
            items.append(Item(len(line) - len(line.lstrip()), line.strip()))
            continuing = True
    return items
