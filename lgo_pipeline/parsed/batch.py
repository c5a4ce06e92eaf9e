"""Parse a batch of stored files into the parse tables' rows: the unit of work a parser process receives.

The rows are built as Arrow tables in the parser process (their schemas are the tables' own, from
`warehouse.schema`): they reach the writing process as buffers (pickling the rows as dicts, then building
frames, cost the writer ~40 ms of every 2,000 files).
"""

from __future__ import annotations

import pyarrow as pa

from lgo_pipeline.parsing.documents import parse_document
from lgo_pipeline.parsing.records import DecisionRecord
from lgo_pipeline.warehouse.schema import DECISIONS, PARSE_QUARANTINE, REMEDIES

StoredRow = tuple[str, str, str, str | None]  # file_id, path, encoding, text
ParsedTables = tuple[pa.Table, pa.Table, pa.Table]  # decisions, remedies, quarantine


def parse_batch(rows: list[StoredRow], version: int) -> ParsedTables:
    """(decisions, remedies, quarantine) for the parse tables, in the input order."""
    decisions, remedies, quarantine = [], [], []
    for file_id, path, encoding, text in rows:
        try:
            record = parse_document(text, encoding, path)
        except Exception as error:  # noqa: BLE001 - a parser bug quarantines one file, never the batch
            record = DecisionRecord.quarantined(path, f"parser error ({type(error).__name__}: {error}): please report")
        if not record.ok:
            quarantine.append({"file_id": file_id, "path": path, "reason": record.error, "parser_version": version})
            continue
        decisions.append({**record.model_dump(), "file_id": file_id, "parser_version": version})
        for index, remedy in enumerate(record.remedies):
            remedies.append({**remedy.model_dump(), "file_id": file_id, "reference": record.reference,
                             "remedy_index": index, "parser_version": version})
    return (pa.Table.from_pylist(decisions, schema=DECISIONS.arrow),
            pa.Table.from_pylist(remedies, schema=REMEDIES.arrow),
            pa.Table.from_pylist(quarantine, schema=PARSE_QUARANTINE.arrow))
