"""Parse a stored or on-disk document: the checks before the text parser, shared by CLI and assets."""

from __future__ import annotations

from pathlib import Path

from lgo_pipeline.ingest.decoding import decode_bytes
from lgo_pipeline.parsing.parser import parse_text
from lgo_pipeline.parsing.records import DecisionRecord

_HTML_SUFFIXES = {".html", ".htm"}
# Files that are surely not text renderings of a decision page (data, office documents, PDFs).
_UNSUPPORTED_SUFFIXES = {".json", ".jsonl", ".csv", ".tsv", ".xml", ".pdf", ".doc", ".docx", ".odt", ".rtf",
                         ".xls", ".xlsx", ".ods", ".zip", ".gz"}


def parse_document(text: str | None, encoding: str, source: str) -> DecisionRecord:
    """Binary content and saved HTML pages are quarantined with their reason; text goes to the parser."""
    if text is None:
        return DecisionRecord.quarantined(source, "binary content (NUL bytes): not a text rendering of a decision")
    suffix = Path(source).suffix.lower()
    if suffix in _UNSUPPORTED_SUFFIXES:
        return DecisionRecord.quarantined(
            source, f"unsupported file type {suffix!r}: only text renderings of decision pages are parsed")
    if suffix in _HTML_SUFFIXES:
        return DecisionRecord.quarantined(
            source, "HTML page: save decisions as text renderings (HTML input is not supported yet)")
    return parse_text(text, source)


def parse_path(path: Path) -> DecisionRecord:
    decoded = decode_bytes(path.read_bytes())
    return parse_document(decoded.text, decoded.encoding, str(path))
