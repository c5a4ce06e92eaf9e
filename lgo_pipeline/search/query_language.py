"""What a person types into a search box, read as terms: every word must appear, "double quotes" make a
phrase, `word*` a prefix, `OR` between two words either, `-word` (or `-"a phrase"`) excludes.

The engine's own syntax treats many characters as operators (`:`, `^`, `+`, `(`), so the terms are given to
it one by one, each analysed as the index's text was: `don't` is then the phrase "don t" and `£500` the word
500. What cannot be read (an unbalanced quote, an OR with nothing on one side, a lone `-`, only exclusions, a
query too long to be typed) is a `QueryError` that says which, never an error from inside the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARACTERS = 1_000
MAX_TERMS = 64
_TOKEN = re.compile(r'\s*(?:(?P<exclude>-)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))|(?P<quote>"))')


class QueryError(ValueError):
    """A query that cannot be searched, with what is wrong in words."""


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool
    prefix: bool
    exclude: bool

    def __str__(self) -> str:
        return f'"{self.text}"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class ParsedQuery:
    groups: list[list[Term]]  # every group must match; a group of several matches when any of its terms does
    excluded: list[Term]  # none may match

    def __str__(self) -> str:
        """How the query was read, e.g. `("apology" OR "refund") AND "delay" NOT "school"`."""
        found = " AND ".join(str(terms[0]) if len(terms) == 1 else "(" + " OR ".join(map(str, terms)) + ")"
                             for terms in self.groups)
        return found + "".join(f" NOT {term}" for term in self.excluded)


def check_length(query: str) -> None:
    if not query.strip():
        raise QueryError("the query is empty: give the words to find")
    if len(query) > MAX_QUERY_CHARACTERS:
        raise QueryError(f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARACTERS:,}")


def parse(query: str) -> ParsedQuery:
    """A person's query as terms to find and to exclude."""
    check_length(query)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for token in _tokens(query):
        if token == "OR":
            if not groups or join_next:
                raise QueryError("OR needs a word on each side (a OR b)")
            join_next = True
        elif token.exclude:
            if join_next:
                raise QueryError(f"OR cannot join an excluded word (-{token.text})")
            excluded.append(token)
        elif join_next:
            groups[-1].append(token)
            join_next = False
        else:
            groups.append([token])
    if join_next:
        raise QueryError("OR needs a word on each side (a OR b)")
    if not groups:
        raise QueryError("the query only excludes words: give at least one word to find")
    if sum(map(len, groups)) + len(excluded) > MAX_TERMS:
        raise QueryError(f"the query has more than {MAX_TERMS} words and phrases")
    return ParsedQuery(groups, excluded)


def _tokens(query: str):
    """The query's terms, and "OR" between them; AND is what a space means already."""
    position = 0
    while position < len(query):
        if query[position:].isspace():
            return
        match = _TOKEN.match(query, position)
        if match["quote"]:
            raise QueryError(f"a quote opened at character {match.start('quote') + 1} is never closed")
        position = match.end()
        exclude = bool(match["exclude"])
        if match["phrase"] is not None:
            text, phrase, prefix = match["phrase"], True, False
        else:
            text = match["word"]
            if text in ("OR", "AND") and not exclude:
                if text == "OR":
                    yield "OR"
                continue
            prefix = text.endswith("*")
            text, phrase = text.rstrip("*"), False
        if not _searchable(text):
            typed = match.group(0).strip()
            if set(typed) <= set("-*"):
                raise QueryError(f"a lone {typed!r}: write -word to exclude a word, word* to find its beginnings")
            if phrase:
                raise QueryError(f'the phrase "{text}" has no words in it')
            continue  # punctuation typed between words ("bed & breakfast"): nothing to find
        yield Term(text, phrase, prefix, exclude)


def _searchable(text: str) -> bool:
    """Holds a character the index keeps (letters and digits; the rest separates words)."""
    return any(character.isalnum() for character in text)
