"""The complainant's pseudonym (`Mr B`, `Mrs X`, `Mr and Mrs Y`).

`The complaint` section is the most reliable source ("The complainant, whom I shall call Mr X"), then the
summary, then the rest of the text: representatives and relatives are often named first elsewhere.
"""

from __future__ import annotations

import re

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Mx)"
_LETTER = r"[A-Z](?!\w)"
JOINT_RE = re.compile(rf"\b(?P<t1>{_TITLE})\s+(?:and|&)\s+(?P<t2>{_TITLE})\s+(?P<l>{_LETTER})")
PERSON_RE = re.compile(rf"\b(?P<t>{_TITLE})\.?\s+(?P<l>{_LETTER})")
PSEUDONYM = rf"{_TITLE}\.?\s+(?:(?:and|&)\s+{_TITLE}\s+)?{_LETTER}"  # no groups: for embedding
CALLED_RE = re.compile(
    rf"whom\s+(?:I|we)\s+(?:shall|will|have|refer to)?\s*(?:call|called|refer to as)\s+"
    rf"(?P<who>{_TITLE}\s+(?:(?:and|&)\s+{_TITLE}\s+)?[A-Z])\b"
)


def first_pseudonym(text: str) -> str | None:
    """The first pseudonym in `text`, joint forms kept whole."""
    joint = JOINT_RE.search(text)
    person = PERSON_RE.search(text)
    if joint and (not person or joint.start() <= person.start()):
        return f"{joint['t1']} and {joint['t2']} {joint['l']}"
    if person:
        return f"{person['t']} {person['l']}"
    return None


def find_complainant(complaint_section: str, summary: str | None, body: str) -> str | None:
    called = CALLED_RE.search(complaint_section)
    if called:
        return re.sub(r"\s+", " ", called["who"]).replace("&", "and")
    for text in (complaint_section, summary or "", body):
        found = first_pseudonym(text)
        if found:
            return found
    return None
