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
_REPORT = re.compile(
    r"\bin\s+this\s+report\b|\breport\s+by\s+the\s+local\s+government\b|\bpublic\s+interest\s+report\b"
    r"|\bsection\s+30\(1\)|\bs\.?\s?30\(1\)|\bthis\s+report\s+(?:contains|is\s+about)\b",
    re.I,
)
_STATEMENT = re.compile(r"\bin\s+this\s+statement\b|\bdecision\s+statement\b|\bthis\s+statement\b", re.I)


def signed_by(text: str) -> str | None:
    """`investigator` or `ombudsman`, from the signature line nearest the end; None when unsigned (truncated)."""
    investigator = [m.start() for m in _INVESTIGATOR.finditer(text)]
    ombudsman = [m.start() for m in _OMBUDSMAN.finditer(text)]
    if not investigator and not ombudsman:
        return None
    return "investigator" if max(investigator, default=-1) > max(ombudsman, default=-1) else "ombudsman"


def document_type(text: str) -> str | None:
    """`report` or `statement` when the text names its form; a report mention outranks boilerplate."""
    if _REPORT.search(text):
        return "report"
    if _STATEMENT.search(text):
        return "statement"
    return None
