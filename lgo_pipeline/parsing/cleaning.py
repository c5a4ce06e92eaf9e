"""Turn a rendered decision page into clean lines: site furniture out, whitespace and quotes normalised.

Matching works on the cleaned text; the original text stays in `raw.decision_files`.
"""

from __future__ import annotations

import re

# (character, replacement); str.replace per character is several times faster than str.translate.
# Line breaks other tools write: CR (old Mac), vertical tab (Word's manual line break), form feed (a page break
# in text taken from a PDF), Unicode line and paragraph separators (web pages, JavaScript).
_REPLACEMENTS = (
    ("\r\n", "\n"), ("\r", "\n"), ("\x0b", "\n"), ("\x0c", "\n"), ("\u2028", "\n"), ("\u2029", "\n"),
    ("\x00", ""), ("\u2018", "'"), ("\u2019", "'"), ("\u201b", "'"), ("\u2032", "'"), ("\u201c", '"'),
    ("\u201d", '"'), ("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("\u2009", " "), ("\t", " "),
    ("\ufeff", ""),
)

# Lines of the site around a decision (cookie banner, navigation). Matched on the cleaned,
# lower-cased line; the long banner sentences by their opening words.
_FURNITURE_EXACT = frozenset({
    "privacy settings", "lgo logogram", "review your privacy settings", "required cookies",
    "view required cookies", "analytical cookies", "view analytical cookies", "back to top",
    "print this page", "we recommend you set these 'on'.", "cookie settings", "accept all cookies",
    "reject all cookies", "skip to main content",
})
_FURNITURE_PREFIXES = (
    "these cookies enable the website to function",
    "google analytics cookies help us",
    "in using google analytics",
)
_SPACES = re.compile(r" {2,}")


def normalise_text(text: str) -> str:
    """Newlines folded, straight quotes, plain spaces: the form every matcher sees."""
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


def is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 300 or stripped[0] in "0123456789-•":
        return False  # blank lines, long paragraphs and list items are never furniture: skip the work
    key = _SPACES.sub(" ", stripped.lower())
    return key in _FURNITURE_EXACT or key.startswith(_FURNITURE_PREFIXES)


def clean_lines(text: str) -> list[str]:
    """Lines of the page with every kind of line break folded, quotes straightened and furniture removed.

    Indentation is kept (it carries list nesting); blank lines are kept (they carry layout).
    """
    return [line for line in (raw.rstrip() for raw in normalise_text(text).split("\n")) if not is_furniture(line)]
