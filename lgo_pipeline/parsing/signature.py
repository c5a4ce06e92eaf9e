"""Who signed the decision, and whether it is a statement of reasons or a report.

Most decisions end `Investigator's decision on behalf of the Ombudsman`; some are signed by the Ombudsman
(a name over `Local Government and Social Care Ombudsman`, or `Ombudsman's decision`). Reports under
s30(1) of the 1974 Act (public interest reports among them) say so; statements say `In this statement`.
Neither is guessed when the page does not say.
"""

from __future__ import annotations

import re

_INVESTIGATOR = re.compile(r"^\s*investigator'?s\s+decision\s+on\s+behalf\s+of\s+the\s+ombudsman\b", re.I | re.M)
_OMBUDSMAN = re.compile(
    r"^\s*(?:(?:the\s+)?ombudsman'?s\s+decision\s*$"
    r"|(?:deputy\s+)?(?:local\s+government\s+(?:and\s+social\s+care\s+)?)ombudsman\s*$)",
    re.I | re.M,
)
_REPORT_PHRASES = ("in this report", "report by the local government", "public interest report", "section 30(1)",
                   "s30(1)", "s.30(1)", "this report contains", "this report is about")
_STATEMENT_PHRASES = ("in this statement", "decision statement", "this statement")
# Every phrase of a kind contains one of its key words: without them, the phrases need not be looked for.
_REPORT_KEYS = ("report", "30(1)")
_STATEMENT_KEYS = ("statement",)


_TAIL = 4000  # the signature is the last line of the decision, before any site furniture
_NEAR_END = 400  # where the signature nearly always is: looked at first (a line-anchored search costs per character)


def _last_signature(text: str) -> str | None:
    investigator = [m.start() for m in _INVESTIGATOR.finditer(text)]
    ombudsman = [m.start() for m in _OMBUDSMAN.finditer(text)]
    if not investigator and not ombudsman:
        return None
    return "investigator" if max(investigator, default=-1) > max(ombudsman, default=-1) else "ombudsman"


def signed_by(text: str) -> str | None:
    """`investigator` or `ombudsman`, from the signature line nearest the end; None when unsigned (truncated).

    A signature found in the last few lines is later than any before them, so the longer tail is searched only
    when those lines have none.
    """
    line_start = text.find("\n", len(text) - _NEAR_END) if len(text) > _NEAR_END else -1
    if line_start >= 0:  # the last lines, from a line start so that `^` means a real one
        found = _last_signature(text[line_start + 1:])
        if found:
            return found
    return _last_signature(text[-_TAIL:])


def _mentions(lowered: str, phrases: tuple[str, ...], keys: tuple[str, ...]) -> bool:
    """Any of the phrases, a line break or several spaces between words allowed. Folding whitespace costs more
    than the rest of the test, so it is done only when a key word is there but no phrase as written."""
    if not any(key in lowered for key in keys):
        return False
    if any(phrase in lowered for phrase in phrases):
        return True
    folded = " ".join(lowered.split())
    return any(phrase in folded for phrase in phrases)


def document_type(text: str) -> str | None:
    """`report` or `statement` when the text names its form; a report mention outranks boilerplate."""
    lowered = text.lower()
    if _mentions(lowered, _REPORT_PHRASES, _REPORT_KEYS):
        return "report"
    if _mentions(lowered, _STATEMENT_PHRASES, _STATEMENT_KEYS):
        return "statement"
    return None
