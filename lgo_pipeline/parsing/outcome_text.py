"""The outcome a page states in words when its header has no Decision line: read only where the text is clear.

The Ombudsman's summaries say what was decided in a few set phrases: fault found ("We found fault", "The
Council was at fault", "There was fault by the Council") is upheld, whatever else was not at fault; no fault
found and nothing put right is not upheld; "We will not investigate" with nothing put right is closed after
initial enquiries. Where the body had already put things right, the same words can be either upheld (a
satisfactory remedy provided by the body) or closed (not worth investigating), so nothing is read; likewise
when no set phrase appears. What the complainant says or complains is never a finding.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_REPORTED = re.compile(r"\b(?:complain(?:s|ed|ing)?|says|said|alleg(?:es|ed|ing)|believes|believed|feels|felt|"
                       r"claims|claimed|argues|argued|disputes)\b", re.I)
_NO_FAULT = re.compile(
    r"\bno fault\b|\bnot (?:at )?fault\b|\b(?:not|never) (?:find|found|finding) (?:any )?fault\b|"
    r"\b(?:no|insufficient|not enough|not seen|little|any) evidence of fault\b|\bnot uphold\b|\bwithout fault\b|"
    r"\bunlikely (?:we would|to|that we would) find (?:any )?fault\b", re.I)
_FAULT = re.compile(
    r"\b(?:is|was|were|are|been) at fault\b|\bfound fault\b|\bfind fault\b|\bfinds? (?:the|that the) [\w ]{1,40}? at fault\b|"
    r"\bthere (?:was|were|has been|is) fault\b|\bfault (?:by|in|with|causing|which|that)\b|\bwe uphold\b|"
    r"\bupheld the complaint\b|\bfound that the [\w ]{1,40}? (?:failed|wrongly)\b|"
    r"\b(?:council|provider|authority|panel) should have\b|"
    r"^(?:the |this |(?-i:(?:(?:[A-Z][\w'&-]*|of|and|upon|on)[ ,]+){1,8}))"  # The Council, Southampton City Council
    r"(?:council|care provider|provider|authority|panel|school)(?:'s [\w ]{1,30}?)? (?:failed|wrongly|delayed)\b",
    re.I)
_NOT_INVESTIGATED = re.compile(r"\b(?:will|did|can|could) not (?:investigate|be investigating)\b|"
                               r"\bdecided not to investigate\b|\bwill not consider\b", re.I)
# The remedy the body agreed or was asked to give: fault found, when nothing says otherwise.
_AGREED_REMEDY = re.compile(r"\bhas (?:now )?agreed to\b|\b(?:should|will) (?:also )?(?:apologise|pay|refund)\b", re.I)
_PUT_RIGHT = re.compile(
    r"\bhas (?:now |already )?(?:agreed|apologised|offered|provided|refunded|paid|addressed|resolved|accepted|"
    r"remedied|put)\b|\bhave (?:now |already )?agreed\b|\brecommend(?:s|ed)?\b|\bsatisf(?:ied|actory)\b|\balready\b|\b(?:should|will) "
    r"(?:apologise|pay|refund|review|reconsider|make|remind)\b|\bremedy\b", re.I)


def outcome_from_text(summary: str | None, closing: str | None = None) -> str | None:
    """upheld / not_upheld / closed_after_initial_enquiries where the summary says so plainly, else None; the
    closing words (the final decision, the finding) are read only when the summary says nothing of the outcome
    (a summary that speaks of it unclearly is not overruled)."""
    outcome, spoke = _read(summary)
    return outcome if spoke else _read(closing)[0]


def _read(text: str | None) -> tuple[str | None, bool]:
    """The outcome `text` states plainly, and whether it speaks of the outcome at all."""
    if not text:
        return None, False
    fault = no_fault = not_investigated = put_right = agreed = False
    for sentence in _SENTENCE.split(" ".join(text.split())):
        no_fault |= _NO_FAULT.search(sentence) is not None
        found = _FAULT.search(_NO_FAULT.sub(lambda m: " " * len(m[0]), sentence))
        fault |= found is not None and not _REPORTED.search(sentence[:found.start()])  # not what someone else says
        not_investigated |= _NOT_INVESTIGATED.search(sentence) is not None
        put_right |= _PUT_RIGHT.search(sentence) is not None
        agreed |= _AGREED_REMEDY.search(sentence) is not None and not _REPORTED.search(sentence)
    spoke = fault or no_fault or not_investigated or agreed
    if not_investigated:
        return (None if put_right or fault else "closed_after_initial_enquiries"), spoke
    if no_fault:
        return ("upheld" if fault else None if put_right else "not_upheld"), spoke
    return ("upheld" if fault or agreed else None), spoke
