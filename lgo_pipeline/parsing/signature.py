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


def _phrases(phrases: tuple[str, ...]) -> re.Pattern:
    """Any of the phrases, each space standing for any run of whitespace (line breaks inside a phrase)."""
    return re.compile("|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in phrases))


_REPORT = _phrases(_REPORT_PHRASES)
_STATEMENT = _phrases(_STATEMENT_PHRASES)


_TAIL = 4000  # the signature is the last line of the decision, before any site furniture


def signed_by(text: str) -> str | None:
    """`investigator` or `ombudsman`, from the signature line nearest the end; None when unsigned (truncated)."""
    text = text[-_TAIL:]
    investigator = [m.start() for m in _INVESTIGATOR.finditer(text)]
    ombudsman = [m.start() for m in _OMBUDSMAN.finditer(text)]
    if not investigator and not ombudsman:
        return None
    return "investigator" if max(investigator, default=-1) > max(ombudsman, default=-1) else "ombudsman"


def document_type(text: str) -> str | None:
    """`report` or `statement` when the text names its form; a report mention outranks boilerplate."""
    lowered = text.lower()
    if _REPORT.search(lowered):
        return "report"
    if _STATEMENT.search(lowered):
        return "statement"
    return None
