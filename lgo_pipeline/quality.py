"""Data-quality measurements over the Python-written layers; the asset checks report them."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

UNACCOUNTED_FILES_SQL = """SELECT path FROM raw.decision_files
WHERE file_id NOT IN (SELECT file_id FROM parsed.decisions)
  AND file_id NOT IN (SELECT file_id FROM parsed.parse_quarantine)
ORDER BY path"""
QUARANTINE_REASONS_SQL = "SELECT reason, count(*) AS files FROM parsed.parse_quarantine GROUP BY reason ORDER BY files DESC"


@dataclass(frozen=True)
class FileAccounting:
    raw_files: int
    parsed: int
    quarantined: int
    unaccounted: list[str]  # paths of raw files with neither a decision nor a quarantine row

    @property
    def balanced(self) -> bool:
        return not self.unaccounted and self.raw_files == self.parsed + self.quarantined


def file_accounting(con: duckdb.DuckDBPyConnection) -> FileAccounting:
    """raw = parsed + quarantined, file by file."""
    raw, parsed, quarantined = con.execute(
        """SELECT (SELECT count(*) FROM raw.decision_files),
                  (SELECT count(DISTINCT file_id) FROM parsed.decisions),
                  (SELECT count(DISTINCT file_id) FROM parsed.parse_quarantine)"""
    ).fetchone()
    unaccounted = [row[0] for row in con.execute(f"{UNACCOUNTED_FILES_SQL} LIMIT 20").fetchall()]
    return FileAccounting(raw, parsed, quarantined, unaccounted)


UNRECOGNISED_OUTCOMES_SQL = """SELECT d.outcome AS label, count(*) AS decisions FROM parsed.decisions AS d
JOIN lookup.outcome_labels AS o ON o.outcome_raw = d.outcome
WHERE o.outcome_canonical = 'unknown' GROUP BY d.outcome ORDER BY count(*) DESC, d.outcome"""
UNKNOWN_CATEGORIES_SQL = """SELECT coalesce(c.category_top_raw, '') || ' > ' || coalesce(c.category_sub_raw, '') AS label,
       count(*) AS decisions
FROM parsed.decisions AS d
JOIN lookup.category_labels AS c
  ON c.category_top_raw IS NOT DISTINCT FROM d.category_top AND c.category_sub_raw IS NOT DISTINCT FROM d.category_sub
WHERE c.category_top_raw IS NOT NULL AND NOT (c.is_known_top AND c.is_known_sub)
GROUP BY ALL ORDER BY count(*) DESC, 1"""


def labels_outside(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[str, int]]:
    """(label as written, decisions) for the labels a lookup could not place: Decision-line wordings that map
    to no canonical outcome (UNRECOGNISED_OUTCOMES_SQL), `Top > Sub` labels outside the taxonomy
    (UNKNOWN_CATEGORIES_SQL)."""
    return con.execute(sql).fetchall()


def scan_issues(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Files the last scan found but could not read (vanished, permission denied, broken link), with why."""
    return con.execute(SCAN_ISSUES_SQL).fetchall()


REISSUED_SQL = """SELECT reference, count(DISTINCT file_id) AS versions FROM parsed.decisions
GROUP BY reference, chapter HAVING count(DISTINCT file_id) > 1 ORDER BY 2 DESC, 1"""
SCAN_ISSUES_SQL = "SELECT path, issue FROM raw.scan_issues ORDER BY path"
REGISTER_SOURCE_SQL = "SELECT * FROM lookup.organisation_register_source"
NOT_FETCHED_SQL = """SELECT month, listed, cards, complete FROM raw.fetch_months WHERE NOT complete
UNION ALL SELECT strftime(decision_date, '%Y-%m'), NULL, NULL, NULL FROM raw.decision_cards WHERE page_path IS NULL
ORDER BY 1"""


def reissued_references(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """References with more than one distinct file of the same part (a re-issue, or the same page saved
    differently; a report's chapters are parts, not versions): the fact table keeps the latest decision date,
    then the latest seen."""
    return con.execute(REISSUED_SQL).fetchall()


SET_ASIDE_SQL = """SELECT source, reference, v.field, v.value, v.reason
FROM (SELECT source, reference, unnest(set_aside) AS v FROM parsed.decisions)
ORDER BY source, v.field"""


def set_aside_values(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every decision date, amount or deadline the parser set aside as impossible: where, what, why."""
    cursor = con.execute(SET_ASIDE_SQL)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
