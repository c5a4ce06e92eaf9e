"""Parse a stored or on-disk document: the checks before the text parser, shared by CLI and assets."""

from __future__ import annotations

import os
import re
from pathlib import Path

from lgo_pipeline.decoding import decode_bytes
from lgo_pipeline.parsing.html_text import html_to_text, looks_like_html
from lgo_pipeline.parsing.parser import parse_text
from lgo_pipeline.parsing.records import DecisionRecord

_HTML_SUFFIXES = {".html", ".htm"}
# Decision pages are 3-30 KB of text; megabytes are a dump or a concatenation, not one decision.
MAX_DECISION_CHARS = 5_000_000
# A report's later chapter, stored by the fetch as `<reference>.chapter-<N>.html`.
_CHAPTER_FILE = re.compile(r"\.chapter-(\d+)\.[^./]*$")
# A page the fetch stored: `lgo.org.uk/<YYYY>/<NN-NNN-NNN[letter]>[.chapter-N].html`; its name is its reference.
_FETCHED_FILE = re.compile(r"(?:^|[/\\])lgo\.org\.uk[/\\]\d{4}[/\\](\d{2})-(\d{3})-(\d{3}[a-z]?)(?:\.chapter-\d+)?\.html?$",
                           re.I)
# Files that are surely not text renderings of a decision page (data, office documents, PDFs).
_UNSUPPORTED_SUFFIXES = {".json", ".jsonl", ".csv", ".tsv", ".xml", ".pdf", ".doc", ".docx", ".odt", ".rtf",
                         ".xls", ".xlsx", ".ods", ".zip", ".gz"}


def parse_document(text: str | None, encoding: str, source: str) -> DecisionRecord:
    """Binary, unsupported and oversized files are quarantined with their reason; saved HTML pages are turned
    into text; text goes to the parser. Repairs made on decoding become warnings."""
    if text is None:
        return DecisionRecord.quarantined(source, f"{encoding}: not a text rendering of a decision")
    suffix = os.path.splitext(source)[1].lower()  # not Path(source).suffix: 15 µs a file
    if suffix in _UNSUPPORTED_SUFFIXES:
        return DecisionRecord.quarantined(
            source, f"unsupported file type {suffix!r}: only text renderings of decision pages are parsed")
    if len(text) > MAX_DECISION_CHARS:
        return DecisionRecord.quarantined(
            source, f"too large for one decision: {len(text):,} characters (limit {MAX_DECISION_CHARS:,})")
    from_html = suffix in _HTML_SUFFIXES or looks_like_html(text)
    record = parse_text(html_to_text(text) if from_html else text, source, chapter=chapter_of(source),
                        known_reference=reference_of(source))
    if not record.ok:
        return DecisionRecord.quarantined(source, f"HTML page: {record.error}") if from_html else record
    notes = [f"decoded as {encoding}"] if "(" in encoding else []  # a repair: `utf-8 (mojibake repaired)`
    notes += ["read from an HTML page"] if from_html else []
    return record.model_copy(update={"warnings": notes + record.warnings}) if notes else record


def chapter_of(source: str) -> int | None:
    """The chapter a file holds, from its name (`21-001-002.chapter-2.html` -> 2); None for a whole page."""
    match = _CHAPTER_FILE.search(source)
    return int(match[1]) if match and int(match[1]) > 1 else None


def reference_of(source: str) -> str | None:
    """The reference a fetched page's file name carries (`lgo.org.uk/2024/21-001-002.html` -> 21 001 002);
    None for any other file: a name the user chose says nothing."""
    match = _FETCHED_FILE.search(source)
    return " ".join(match.groups()).lower() if match else None


def parse_path(path: Path) -> DecisionRecord:
    decoded = decode_bytes(path.read_bytes())
    return parse_document(decoded.text, decoded.encoding, str(path))
