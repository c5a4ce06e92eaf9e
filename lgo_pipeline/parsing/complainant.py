"""The complainant's pseudonym (`Mr B`, `Mrs X`, `Mr and Mrs Y`).

`The complaint` section is the most reliable source ("The complainant, whom I shall call Mr X"), then the
summary, then the rest of the text: representatives and relatives are often named first elsewhere.
"""

from __future__ import annotations

import re

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Mx)"
_LETTER = r"[A-Z](?!\w)"
_ONE = rf"{_TITLE}\.?\s+{_LETTER}"
# `Mr and Mrs Y` (one letter for two titles), `Mrs C and Miss J` (two people), chained:
# `Mr & Mrs X and Mrs Y`.
_GROUP = rf"{_TITLE}\s+(?:and|&)\s+{_TITLE}\s+{_LETTER}|{_ONE}"
JOINT_RE = re.compile(rf"\b(?P<t1>{_TITLE})\s+(?:and|&)\s+(?P<t2>{_TITLE})\s+(?P<l>{_LETTER})")
PERSON_RE = re.compile(rf"\b(?P<t>{_TITLE})\.?\s+(?P<l>{_LETTER})")
PARTY_RE = re.compile(rf"\b(?:{_GROUP})(?:\s+(?:and|&)\s+(?:{_GROUP}))*")
PSEUDONYM = rf"(?:{_GROUP})(?:\s+(?:and|&)\s+(?:{_GROUP}))*"  # no groups: for embedding
CALLED_RE = re.compile(
    rf"whom\s+(?:I|we)\s+(?:shall|will|have|refer to)?\s*(?:call|called|refer to as)\s+(?P<who>{PSEUDONYM})"
)


def tidy_party(text: str) -> str:
    """`Mr & Mrs X and  Mrs Y` -> `Mr and Mrs X and Mrs Y`."""
    return re.sub(r"\s+", " ", text.replace("&", "and")).replace(".", "").strip()


def first_pseudonym(text: str) -> str | None:
    """The first complainant party in `text`, joint forms kept whole (`Mrs C and Miss J`)."""
    party = PARTY_RE.search(text)
    return tidy_party(party.group(0)) if party else None


def find_complainant(complaint_section: str, summary: str | None, body: str) -> str | None:
    called = CALLED_RE.search(complaint_section)
    if called:
        return tidy_party(called["who"])
    for text in (complaint_section, summary or "", body):
        found = first_pseudonym(text)
        if found:
            return found
    return None
