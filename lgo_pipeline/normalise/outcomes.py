"""Map the Decision line as written to the canonical outcome set (docs/figures.md, "Outcome").

Uphold rates count only detailed investigations (upheld + not upheld); everything else is excluded
from the denominator, so the mapping decides what enters the Ombudsman's headline figure.
"""

from __future__ import annotations

import re

INVESTIGATION_OUTCOMES = frozenset({"upheld", "not_upheld"})

# Checked in order: the first pattern that matches wins ("Not upheld" before "upheld").
_RULES = (
    ("not_upheld", r"^not\s+upheld\b|\bno\s+maladministration\b|\bno\s+fault\b"),
    ("upheld", r"^upheld\b|\bmaladministration\s*(?:and|,|&)\s*injustice\b|\bsatisfactory\s+remedy\b"),
    ("closed_after_initial_enquiries",
     r"\bclosed\s+after\s+initial\s+enquir|\bassessed\s+and\s+closed\b|\bout\s+of\s+jurisdiction\b"
     r"|\bnot\s+(?:to\s+)?investigate\b|\binitial\s+enquiries\b"),
    ("referred_back", r"\bpremature\b|\breferred\s+back\b|\bnot\s+for\s+us\b|\blocal\s+resolution\b"),
    ("discontinued", r"\bdiscontinued\b"),
    ("withdrawn", r"\bwithdrawn\b"),
    ("advice_given", r"\badvice\s+given\b"),
    ("invalid", r"\binvalid\b|\bincomplete\b"),
)
# The canonical set is the rules' names and "unknown": core/schema.yml's accepted values are held to it by a test.
CANONICAL_OUTCOMES = (*(name for name, _ in _RULES), "unknown")
_COMPILED = tuple((name, re.compile(pattern, re.I)) for name, pattern in _RULES)


def canonical_outcome(raw: str | None) -> str:
    if not raw:
        return "unknown"
    text = re.sub(r"\s+", " ", raw).strip(" .:-")
    for name, pattern in _COMPILED:
        if pattern.search(text):
            return name
    return "unknown"


def is_investigation(canonical: str) -> bool:
    return canonical in INVESTIGATION_OUTCOMES
