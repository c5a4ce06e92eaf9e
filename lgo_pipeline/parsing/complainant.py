"""The complainant's pseudonym (`Mr B`, `Mrs X`, `Mr and Mrs Y`, `Ms Y and Ms Z`, `Company X`, a bare `X`).

Who brought the complaint, read as a person reads it: the complaint section's introduction ("The
complainant, whom I shall call Mr X"), else a representative who complains for someone ("Mr R, for Mr X,
said": Mr R), else whoever the complaint section says complains, else the summary's, else the first
pseudonym anywhere. Representatives and
relatives are often named first elsewhere. Joint forms are kept as the page writes them (`Mr & Mrs X`).
"""

from __future__ import annotations

import re

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Mx)"
# Businesses complain too (`Company X complained, on behalf of Company Y`).
_BODY_TITLE = r"(?:Company|Business|Organisation|Charity)"
_LETTER = r"[A-Z](?!\w)"
_ONE = rf"(?:{_TITLE}\.?|{_BODY_TITLE})\s+{_LETTER}"
# `Mr and Mrs Y` (one letter for two titles), `Mrs C and Miss J` (two people), chained:
# `Mr & Mrs X and Mrs Y`.
_GROUP = rf"{_TITLE}\s+(?:and|&)\s+{_TITLE}\s+{_LETTER}|{_ONE}"
JOINT_RE = re.compile(rf"\b(?P<t1>{_TITLE})\s+(?:and|&)\s+(?P<t2>{_TITLE})\s+(?P<l>{_LETTER})")
PERSON_RE = re.compile(rf"\b(?P<t>{_TITLE}|{_BODY_TITLE})\.?\s+(?P<l>{_LETTER})")
PARTY_RE = re.compile(rf"\b(?:{_GROUP})(?:\s+(?:and|&)\s+(?:{_GROUP}))*")
PSEUDONYM = rf"(?:{_GROUP})(?:\s+(?:and|&)\s+(?:{_GROUP}))*"  # no groups: for embedding
CALLED_RE = re.compile(
    rf"whom\s+(?:I|we)\s+(?:shall|will|have|refer to)?\s*(?:call|called|refer to as)\s+(?P<who>{PSEUDONYM})"
)
# The party the text says complains: `Ms D complained`, `Mr X complains on behalf of`, `Company X complained,`.
COMPLAINS_RE = re.compile(rf"(?P<who>{PSEUDONYM})\s+(?:also\s+)?(?:has\s+|have\s+)?complain(?:s|ed)?\b")
# Someone bringing the complaint for another (the truth convention: they are the complainant):
# `Mr X complains on behalf of Mr Y`, `Mr R, for Mr X, said`, `On behalf of Miss X, Ms D complained`.
# (`Mrs B is represented by Mr X` alone says nothing of who complains: whoever the text says complains does.)
ACTING_FOR_RE = re.compile(
    rf"(?P<a>{PSEUDONYM}),?\s+(?:(?:also\s+)?(?:complains|complained|says|said|has\s+complained)\s+)?"
    rf"(?:for|on\s+behalf\s+of)\s+(?:{PSEUDONYM})"
    rf"|\bon\s+behalf\s+of\s+(?:{PSEUDONYM}),?\s+(?P<b>{PSEUDONYM})"
)
# A bare letter as the complainant, with no title: `We will not investigate X's complaint`, `X says`.
_BARE_LETTER_RE = re.compile(
    r"(?<![\w'.-])(?P<l>[B-HJ-Z])(?:'s\s+complaint\b|\s+(?:complains|complained|says|said)\b)")


def tidy_party(text: str) -> str:
    """`Mr. X and  Mrs Y` -> `Mr X and Mrs Y`: spacing and title dots only; `&` stays as written."""
    return re.sub(r"\s+", " ", text).replace(".", "").strip()


def first_pseudonym(text: str) -> str | None:
    """The first complainant party in `text`, joint forms kept whole (`Mrs C and Miss J`)."""
    party = PARTY_RE.search(text)
    return tidy_party(party.group(0)) if party else None


def _who_complains(text: str) -> str | None:
    match = COMPLAINS_RE.search(text)
    return tidy_party(match["who"]) if match else None


def _representative(text: str) -> str | None:
    if " for " not in text and "behalf" not in text:  # what every form says; most texts say neither
        return None
    match = ACTING_FOR_RE.search(text)
    return tidy_party(match["a"] or match["b"]) if match else None


def find_complainant(complaint_section: str, summary: str | None, body: str) -> str | None:
    called = CALLED_RE.search(complaint_section)
    if called:
        return tidy_party(called["who"])
    for read, text in ((_representative, complaint_section), (_representative, summary or ""),
                       (_who_complains, complaint_section), (_who_complains, summary or "")):
        found = read(text)
        if found:
            return found
    for text in (complaint_section, summary or "", body):
        found = first_pseudonym(text)
        if found:
            return found
    for text in (summary or "", complaint_section):
        bare = _BARE_LETTER_RE.search(text)
        if bare:
            return bare["l"]
    return None
