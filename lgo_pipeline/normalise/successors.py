"""Follow the register's `replaced-by` through reorganisations to today's authority.

A predecessor keeps its own identity (a decision about Aylesbury Vale belongs to Aylesbury Vale) and
rolls up to its successor (Buckinghamshire Council). A council split between two successors (Cumbria
into Cumberland and Westmorland and Furness) cannot roll up to one without inventing a share, so it
rolls up to itself with status `split` and both successors listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from lgo_pipeline.normalise.register import RegisterEntry


@dataclass(frozen=True)
class Succession:
    current_code: str  # what marts roll up to: the single final successor, else the entry itself
    status: str  # current | replaced | split
    successor_codes: tuple[str, ...]  # today's authorities that took over (empty when current)
    lineage: tuple[str, ...]  # every register code passed on the way, for the dimension table


def _final_successors(code: str, entries: dict[str, RegisterEntry], path: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """(today's authorities, every code visited). Successors outside the register end the walk."""
    successors = [c for c in entries[code].replaced_by if c in entries and c not in path]
    if not successors:
        return {code}, {code}
    finals, visited = set(), {code}
    for successor in successors:
        more_finals, more_visited = _final_successors(successor, entries, (*path, code))
        finals |= more_finals
        visited |= more_visited
    return finals, visited


def succession(code: str, entries: dict[str, RegisterEntry]) -> Succession:
    finals, visited = _final_successors(code, entries, ())
    if finals == {code}:
        return Succession(code, "current", (), (code,))
    lineage = tuple(sorted(visited))
    if len(finals) == 1:
        return Succession(next(iter(finals)), "replaced", tuple(finals), lineage)
    return Succession(code, "split", tuple(sorted(finals)), lineage)
