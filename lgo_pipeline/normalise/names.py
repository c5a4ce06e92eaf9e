"""Keys that make spellings of one organisation's name compare equal.

Three views of a name, from strict to loose:
- `tidy_name`: the display form (whitespace and quotes tidied);
- `name_key`: case, punctuation, `&`/`and`, `Ltd`/`Limited` and the word orders of London boroughs,
  royal boroughs and cities folded: `London Borough of Bexley` = `Bexley London Borough Council`;
- `place_key`: the place alone, every council word dropped: `Wirral Metropolitan Borough Council` and
  `Wirral Borough Council` are both `wirral`. `county_named` keeps the one tier word that tells two
  councils of one place apart (`Somerset County Council`, abolished 2023, and `Somerset Council`).
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

_REORDER = (
    (re.compile(r"^london borough of (?P<x>.+)$"), "{x} london borough council"),
    (re.compile(r"^royal borough of (?P<x>.+?)(?: council)?$"), "{x} royal borough council"),
    (re.compile(r"^city of (?P<x>.+?) council$"), "{x} city council"),
    (re.compile(r"^council of the city of (?P<x>.+)$"), "{x} city council"),
)
# Words that say what kind of council a body is, never where it is.
_COUNCIL_WORDS = frozenset({
    "council", "borough", "district", "county", "city", "metropolitan", "royal", "corporation", "unitary",
    "authority", "ua", "mbc", "lbc", "bc", "dc", "cc", "of", "the", "and",
})
_LEADING_PHRASES = re.compile(
    r"^(?:(?:the|council of the|council of|city and county of the|city and county of|london borough of|"
    r"royal borough of|metropolitan borough of|borough of|city of|county of|district of|county) )+"
)
# Place-name words that make two places different however alike the rest is: East Hampshire is not Hampshire.
QUALIFIER_WORDS = frozenset({
    "north", "south", "east", "west", "mid", "central", "greater", "upper", "lower", "new", "great", "little",
    "ne", "nw", "se", "sw",
})


def tidy_name(name: str) -> str:
    """The name as written, with whitespace and quotes tidied: used as the display name."""
    return re.sub(r"\s+", " ", name.replace("\u2019", "'").replace("\u00a0", " ")).strip(" ,.-")


def ascii_folded(text: str) -> str:
    """Compatibility forms and accents folded to ASCII (`Ｓｔａｆｆｏｒｄｓｈｉｒｅ`, `Éducation`); other scripts'
    letters are dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _folded(name: str) -> str:
    key = ascii_folded(tidy_name(name)).lower().replace("&", " and ")
    key = re.sub(r"\b(ltd)\b\.?", "limited", key)
    key = re.sub(r"\bst\b\.?", "st", key)
    key = re.sub(r"\bsaint\b", "st", key)
    key = re.sub(r"[^a-z0-9 ]+", " ", key.replace("'", ""))
    return re.sub(r"\s+", " ", key).strip()


def name_key(name: str) -> str:
    """A spelling-insensitive key: lower case, `&` -> and, no punctuation, one word order."""
    key = re.sub(r"^the ", "", _folded(name))
    for pattern, template in _REORDER:
        match = pattern.match(key)
        if match:
            return template.format(x=match["x"])
    return key


def place_key(name: str) -> str:
    """The place a council is named after: `City of Bradford Metropolitan District Council` -> `bradford`.

    `London` survives only where it is the place (`City of London Corporation`), never as part of
    `London Borough`. A name made only of council words keeps its folded form rather than becoming empty.
    """
    folded = _folded(name)
    words = _LEADING_PHRASES.sub("", folded.replace("london borough", "borough")).split()
    while words and words[-1] in _COUNCIL_WORDS:
        words.pop()
    # "Bristol, City of" is written with the council words after a comma: already dropped above.
    return " ".join(words) or folded


def short_place(place: str) -> str:
    """The place without `upon Thames`, `on Sea`, `under Lyme`: how names often shorten it."""
    return re.sub(r" (?:upon|on|under) [a-z ]+$", "", place)


def county_named(name: str) -> bool:
    """Whether the name calls the body a county (`Durham County Council`, `County Durham`)."""
    return re.search(r"\bcounty\b", name.lower()) is not None


def near(token: str, word: str) -> bool:
    """A typo away: one edit for short words, two for long ones, a swap for two letters (`fo` for `of`)."""
    if len(token) <= 3 or len(word) <= 3:
        return token == word or (len(token) == len(word) and Levenshtein.distance(token, word) <= 1 and len(word) == 3) \
            or sorted(token) == sorted(word)
    return Levenshtein.distance(token, word) <= (1 if len(word) <= 5 else 2)


def lenient_place_key(name: str) -> str:
    """The place with misspelt council words dropped from either end: `Lodnon Borugh of Hackney` -> `hackney`."""
    words = _folded(name).split()
    while words and any(near(words[0], w) for w in _COUNCIL_WORDS | {"london"}):
        words.pop(0)
    while words and any(near(words[-1], w) for w in _COUNCIL_WORDS):
        words.pop()
    return " ".join(words)


def qualifiers(key: str, vocabulary: frozenset[str] = frozenset()) -> frozenset[str]:
    """Qualifier words of a key. A token that is no known word may be a misspelt qualifier (`Suth`) or
    one run into the next word (`eastlincolnshire`): it counts as that qualifier."""
    found = set()
    for token in key.split():
        if token in QUALIFIER_WORDS:
            found.add(token)
        elif token not in vocabulary and vocabulary:
            found |= {q for q in QUALIFIER_WORDS
                      if (len(q) >= 4 and near(token, q)) or (token.startswith(q) and token[len(q):] in vocabulary)}
    return frozenset(found)
