"""Match an organisation name as written to one entry of the register, and say how.

Deterministic, in order, the first that answers wins:
1. `register_exact`: the name equals (case and punctuation aside) an official, common or alternative name;
2. `register_key`: the place the name is about equals a register place (`Wirral Metropolitan Borough
   Council` -> Wirral Borough Council; `Southend-on-Sea City Council` -> Southend-on-Sea Borough Council);
3. `register_fuzzy`: the place once misspelt council words are dropped (`Lodnon Borugh of Hackney`),
   else a typo-tolerant match (rapidfuzz ratio >= FUZZY_THRESHOLD on the name and
   >= PLACE_THRESHOLD on the place alone) that keeps every qualifier word (`East Hampshire` never
   becomes `Hampshire`) and never crosses county and district;
4. `unresolved`, with the best candidate and its score for a person to review.
Where one place has two authorities (Somerset County Council and Somerset Council), the word `county`
in the name chooses; if that cannot, the name stays unresolved rather than picking one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from lgo_pipeline.normalise.names import (
    county_named, lenient_place_key, name_key, near, place_key, qualifiers, short_place,
)
from lgo_pipeline.normalise.register import RegisterEntry

FUZZY_THRESHOLD = 90.0
# Whole names share their council words (`London Borough of`), which lifts the ratio of two different
# places (Nwham ~ Lewisham scores 91): the places themselves must be close too.
PLACE_THRESHOLD = 80.0
_FUZZY_CANDIDATES = 8


@dataclass(frozen=True)
class Match:
    register_code: str | None
    method: str  # register_exact | register_key | register_fuzzy | unresolved
    score: float | None  # 0-100: 100 for exact and key matches
    candidate_code: str | None = None  # the best candidate, also when unresolved
    candidate_name: str | None = None


def _is_county_entry(entry: RegisterEntry) -> bool:
    return entry.register_type == "CTY" or county_named(entry.official_name)


def _main_names(entry: RegisterEntry) -> tuple[str, ...]:
    return entry.official_name, entry.nice_name


def _indexed(entries: list[RegisterEntry], levels) -> dict[str, set[str]]:
    """Key -> register codes, from levels of keys per entry, best-sourced first. A key only counts at the
    first level that has it: a fragment of the comma-joined alt-names column (`Bournemouth` from
    `Bournemouth, Christchurch and Poole`) never outvotes an official or common name."""
    index: dict[str, set[str]] = {}
    for keys_of in levels:
        level: dict[str, set[str]] = {}
        for entry in entries:
            for k in keys_of(entry):
                if k and k not in index:
                    level.setdefault(k, set()).add(entry.register_code)
        index |= level
    return index


def _name_levels(key):
    return (lambda e: map(key, _main_names(e)), lambda e: map(key, e.lookup_names), lambda e: map(key, e.alt_names))


class OrganisationMatcher:
    def __init__(self, entries: list[RegisterEntry]) -> None:
        self._entries = {entry.register_code: entry for entry in entries}
        self._by_name = _indexed(entries, _name_levels(name_key))
        # Last, the place without its river (`Richmond` for Richmond upon Thames) where no other place claims it.
        self._by_place = _indexed(entries, (*_name_levels(place_key),
                                            lambda e: (short_place(place_key(n)) for n in _main_names(e))))
        self._choices = sorted(set(self._by_name) | set(self._by_place))
        self._vocabulary = frozenset(word for choice in self._choices for word in choice.split())

    def entry(self, code: str) -> RegisterEntry:
        return self._entries[code]

    def _choose(self, codes: set[str], name: str) -> str | None:
        """One code from several sharing a name or place, or None when the name cannot tell them apart."""
        if len(codes) > 1:
            wants_county = county_named(name)
            codes = {c for c in codes if _is_county_entry(self._entries[c]) == wants_county}
        return next(iter(codes)) if len(codes) == 1 else None

    def _same_tier(self, name: str, code: str) -> bool:
        """A name that says county never lands on a district, nor a name that says district on a county,
        even misspelt (`Hampshire Distrct Council`)."""
        register_type = self._entries[code].register_type
        words = name_key(name).split()
        says_county = any(near(word, "county") for word in words)
        says_district = any(near(word, "district") for word in words)
        return not (says_county and register_type == "NMD") and not (says_district and register_type == "CTY")

    def _place_score(self, name: str, code: str) -> float:
        """How well the candidate's place appears somewhere in the name (a typo in `Borugh` is no matter)."""
        key = name_key(name)
        return max(fuzz.partial_ratio(place_key(n), key) for n in _main_names(self._entries[code]))

    def _codes(self, choice: str) -> set[str]:
        return self._by_name.get(choice, set()) | self._by_place.get(choice, set())

    def match(self, name: str) -> Match:
        for method, index, key in (("register_exact", self._by_name, name_key(name)),
                                   ("register_key", self._by_place, place_key(name))):
            code = self._choose(index.get(key, set()), name)
            if code and (method == "register_exact" or self._same_tier(name, code)):
                return Match(code, method, 100.0, code, self._entries[code].official_name)
        code = self._choose(self._by_place.get(lenient_place_key(name), set()), name)
        if code and self._same_tier(name, code):  # only the council words were misspelt
            score = fuzz.ratio(name_key(name), name_key(self._entries[code].official_name))
            return Match(code, "register_fuzzy", round(score, 1), code, self._entries[code].official_name)
        return self._fuzzy(name)

    def _fuzzy(self, name: str) -> Match:
        best: tuple[float, str] | None = None
        for key in dict.fromkeys((name_key(name), place_key(name))):
            for choice, score, _ in process.extract(key, self._choices, scorer=fuzz.ratio, limit=_FUZZY_CANDIDATES):
                codes = self._codes(choice)
                code = self._choose(codes, name)
                if best is None or score > best[0]:
                    best = (score, code or min(codes))  # an ambiguous place still names a candidate to review
                if code is None:
                    continue
                if (score >= FUZZY_THRESHOLD and self._place_score(name, code) >= PLACE_THRESHOLD
                        and qualifiers(key, self._vocabulary) == qualifiers(choice) and self._same_tier(name, code)):
                    return Match(code, "register_fuzzy", round(score, 1), code, self._entries[code].official_name)
        if best is None:
            return Match(None, "unresolved", None)
        score, code = best
        return Match(None, "unresolved", round(score, 1), code, self._entries[code].official_name)
